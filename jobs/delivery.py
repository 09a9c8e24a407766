"""A job's messages, sent exactly once: claim → send → mark, in this one module.

A job plans :class:`Outgoing` messages, each covering ledger items (anything with ``subject``
and ``threshold``; the ledger key adds the message's kind and recipient). :func:`dispatch`
looks every key up in bulk (models.ledger), then for each message: nothing left open →
"already sent"; in a dry run the message is printed as its recipient would read it (nothing
is written); for real, :func:`deliver`. It checks ``stop`` between messages and goes on after
a failed one.

Rules of :func:`deliver`:
- The message's ledger rows are claimed (committed) before the post, so a second run, or a
  second worker, finds them taken and posts nothing; the message is built from the rows this
  call actually owns.
- Each claim names the message about to carry its rows (a fresh message key, sent with the
  message as its metadata: jobs.posting). A claim taken over from a run that died first asks
  Slack whether the dead run's message went out: rows whose message is found are marked sent
  with its ts and not posted again, so a crash at any point doubles nothing.
- Slack answers ok → the rows are ``sent``. A permanent error (bot.slack_client.is_permanent:
  channel_not_found, users_not_found…) → ``failed`` with the error, never retried. Anything
  else (429 after the client's own retries; a 5xx or a lost connection that jobs.posting
  could not settle) → the rows stay ``claimed`` with the error, and a later run retries them
  once the claim is ``SAFECOMM_STALE_CLAIM_SECONDS`` old.
- A token error (invalid_auth…) is checked with ``auth.test``: when the token itself is broken
  it is not the recipient's fault, so the rows stay retryable and the run stops.
- A direct message is posted with ``channel=<user ID>``: Slack delivers it in the app's DM.
- A message with an ``upload`` is sent as that file with its text as the comment
  (bot.uploads: Slack's external upload flow), not with ``chat.postMessage``; a dry run
  writes the file and says where.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import compress
from operator import attrgetter
from typing import Any, NamedTuple

from slack_sdk import WebClient
from sqlmodel import Session

from bot.builders.common import Message
from bot.render import render_message
from bot.slack_client import is_permanent
from bot.uploads import write_for_dry_run
from jobs.context import JobContext, RunSummary
from jobs.posting import TOKEN_ERRORS, find_posted, post, token_works
from models import ledger
from models.db import session_scope

logger = logging.getLogger(__name__)


Build = Callable[[Sequence[Any]], Message]
OnPosted = Callable[[Session, str | None, datetime], None]
Keyed = dict[ledger.LedgerKey, Any]


@dataclass
class Outgoing:
    """One message: ``recipient`` is what the ledger records, ``channel`` where it is posted
    (a user ID for a DM), ``label`` how a dry run names it. ``done_note``: after a successful
    post, record the rows as failed with this note instead of sent (a report about an
    undeliverable message). ``on_posted(session, ts, now)``: more to record about a successful
    post, in the same transaction as the rows' marks."""

    kind: str
    recipient: str
    channel: str
    items: Sequence[Any]
    build: Build
    label: str
    done_note: str | None = None
    on_posted: OnPosted | None = None

    def keyed(self, items: Sequence[Any] | None = None) -> Keyed:
        """``items`` (by default all of the message's) under their ledger keys."""
        kind, recipient = self.kind, self.recipient
        return {ledger.LedgerKey(kind, i.subject, i.threshold, recipient): i
                for i in (self.items if items is None else items)}

    def open_items(self, states: Mapping[ledger.LedgerKey, ledger.Entry], now: datetime,
                   stale_after: timedelta = ledger.STALE_CLAIM) -> list[Any]:
        """The items whose ledger row is absent, or a stale claim (see models.ledger)."""
        if not states:
            return list(self.items)
        kind, recipient = self.kind, self.recipient
        return [item for item in self.items if ledger.is_open(
            states.get(ledger.LedgerKey(kind, item.subject, item.threshold, recipient)), now=now,
            stale_after=stale_after)]


class Delivery(NamedTuple):
    """What became of one message: ``outcome`` is "posted", "already" or "failed"."""

    outcome: str
    error: str | None = None
    permanent: bool = False
    token_broken: bool = False


def dispatch(ctx: JobContext, outgoing: Sequence[Outgoing], *,
             runs_until: date | None = None) -> RunSummary:
    """Send (or, in a dry run, show) each message whose ledger rows are not all settled.

    ``runs_until``: the latest day any run of the job started for (date.min: none ever); with
    it, every item has a ``reached_on`` (the day it became due). An item that became due
    after it cannot be in the ledger yet, so it is not looked up; the claim, which alone
    decides what is sent, still checks it."""
    summary, now = ctx.summary, ctx.clock()
    states = _ledger_states(ctx, outgoing, runs_until)
    for out in outgoing:
        if ctx.stopping():
            summary.stopped = True
            break
        items = out.open_items(states, now, ctx.stale_after)
        if not items:
            summary.already_sent += 1
        elif ctx.dry_run:
            show(ctx, out.label, out.build(items))
            summary.posted += 1
        else:
            try:
                _count(ctx, out, deliver(ctx, out, out.keyed(items)))
            except Exception:  # one bad message never stops the run; its claim is retried
                logger.exception("delivering %s failed", out.label)
                ctx.echo(f"failed: {out.label}: unexpected error (will be retried)")
                summary.failed += 1
    return summary


def _ledger_states(ctx: JobContext, outgoing: Sequence[Outgoing],
                   runs_until: date | None) -> dict[ledger.LedgerKey, ledger.Entry]:
    pairs: dict[str, set[tuple[str, str]]] = {}
    for out in outgoing:
        pairs.setdefault(out.kind, set()).update(map(_PAIR, _maybe_recorded(out.items,
                                                                            runs_until)))
    states: dict[ledger.LedgerKey, ledger.Entry] = {}
    with Session(ctx.engine) as session:
        for kind, kind_pairs in pairs.items():
            states.update(ledger.lookup(session, kind=kind, pairs=kind_pairs))
    return states


_PAIR = attrgetter("subject", "threshold")
_REACHED_ON = attrgetter("reached_on")


def _maybe_recorded(items: Sequence[Any], runs_until: date | None) -> Iterable[Any]:
    """The items that may have a ledger row: not one that became due after ``runs_until``
    (see :func:`dispatch`), sorted out without a Python step per item (a run has tens of
    thousands)."""
    if runs_until is None:
        return items
    return compress(items, map(runs_until.__ge__, map(_REACHED_ON, items)))


def deliver(ctx: JobContext, out: Outgoing, items: Keyed) -> Delivery:
    """Claim ``items``' keys, build the message from the items claimed, post it to
    ``out.channel`` and mark the rows (see the module's rules)."""
    client, now, key = ctx.client, ctx.clock(), new_message_key()
    if client is None:
        raise RuntimeError("a real run needs a Slack client")
    with session_scope(ctx.engine) as session:
        claim = ledger.claim(session, items.keys(), now=now, stale_after=ctx.stale_after,
                             message_key=key)
    if not claim.owned:
        return Delivery("already")
    owned = _recover(ctx, out, claim, client, now)
    if not owned:
        return Delivery("already")
    posted = post(client, channel=out.channel, key=key,
                  message=out.build([item for k, item in items.items() if k in owned]))
    error = posted.error
    broken = error in TOKEN_ERRORS and not token_works(client)
    with session_scope(ctx.engine) as session:
        if error is None:
            _mark_posted(session, out, owned.values(), posted.ts, now)
        elif is_permanent(error) and not broken:
            ledger.mark_failed(session, owned.values(), error=error)
        else:
            ledger.mark_transient(session, owned.values(), error=error)
    if error is None:
        return Delivery("posted")
    logger.warning("message to %s not posted: %s", out.channel, error)
    return Delivery("failed", error, is_permanent(error) and not broken, broken)


def new_message_key() -> str:
    """A fresh message key: a random UUID in base32 (26 letters and digits 2-7), so that it
    never holds a run of digits a check for certificate numbers would take for one."""
    return base64.b32encode(uuid.uuid4().bytes).decode().rstrip("=").lower()


def _recover(ctx: JobContext, out: Outgoing, claim: ledger.Claim, client: WebClient,
             now: datetime) -> dict[ledger.LedgerKey, int]:
    """Of the rows a stale claim left, those whose message Slack has (a run that died after
    posting it) are marked as sent with that message's ts; returns the rows still to send."""
    previous = {k: e for k, e in claim.taken_over.items() if e.message_key}
    if not previous:
        return claim.owned
    found = find_posted(client, channel=out.channel,
                        keys={e.message_key for e in previous.values() if e.message_key})
    if found.by_key is None:
        logger.warning("could not check whether a message to %s went out before a crash "
                       "(%s): sending it", out.channel, found.problem)
        return claim.owned
    by_ts: dict[str, list[int]] = {}
    for k, entry in previous.items():
        ts = found.by_key.get(entry.message_key or "")
        if ts is not None:
            by_ts.setdefault(ts, []).append(claim.owned[k])
    with session_scope(ctx.engine) as session:
        for ts, ids in by_ts.items():
            _mark_posted(session, out, ids, ts, now)
    recovered = {row_id for ids in by_ts.values() for row_id in ids}
    return {k: row_id for k, row_id in claim.owned.items() if row_id not in recovered}


def _mark_posted(session: Session, out: Outgoing, ids: Iterable[int], ts: str | None,
                 now: datetime) -> None:
    if out.on_posted is not None:
        out.on_posted(session, ts, now)
    if out.done_note is None:
        ledger.mark_sent(session, ids, now=now)
    else:
        ledger.mark_failed(session, ids, error=out.done_note)


def _count(ctx: JobContext, out: Outgoing, result: Delivery) -> None:
    summary = ctx.summary
    if result.outcome == "posted":
        summary.posted += 1
    elif result.outcome == "already":
        summary.already_sent += 1
    else:
        summary.failed += 1
        what = "recorded, not retried" if result.permanent else "will be retried"
        ctx.echo(f"failed: {out.label}: {result.error} ({what})")
    if result.token_broken:
        ctx.echo("stopping: Slack rejected the bot token; check SLACK_BOT_TOKEN")
        ctx.halted = True


def show(ctx: JobContext, label: str, message: Message) -> None:
    """A dry run's view of one message: who gets it, then what they would read."""
    ctx.echo(f"──── {label} ────")
    ctx.echo(render_message(text=message.text, blocks=message.blocks))
    if message.upload is not None:
        ctx.echo(f"[file {message.upload.filename}: written to "
                 f"{write_for_dry_run(message.upload)}]")
    ctx.echo("")
