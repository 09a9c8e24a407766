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
- Slack answers ok → the rows are ``sent``. A permanent error (bot.slack_client.is_permanent:
  channel_not_found, users_not_found…) → ``failed`` with the error, never retried. Anything
  else (429 or 5xx after the client's own retries, a connection error) → the rows stay
  ``claimed`` with the error, and a later run retries them.
- A token error (invalid_auth…) is checked with ``auth.test``: when the token itself is broken
  it is not the recipient's fault, so the rows stay retryable and the run stops.
- A direct message is posted with ``channel=<user ID>``: Slack delivers it in the app's DM.
- A message with an ``upload`` is sent as that file with its text as the comment
  (bot.uploads: Slack's external upload flow), not with ``chat.postMessage``; a dry run
  writes the file and says where.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlmodel import Session

from bot.builders.common import Message
from bot.render import render_message
from bot.slack_client import is_permanent
from bot.uploads import upload_file, write_for_dry_run
from jobs.context import JobContext, RunSummary
from models import ledger
from models.db import session_scope

logger = logging.getLogger(__name__)

TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired",
                          "account_inactive"})

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

    def open_items(self, states: Mapping[ledger.LedgerKey, ledger.Entry],
                   now: datetime) -> list[Any]:
        """The items whose ledger row is absent, or a stale claim (see models.ledger)."""
        if not states:
            return list(self.items)
        kind, recipient = self.kind, self.recipient
        return [item for item in self.items if ledger.is_open(
            states.get(ledger.LedgerKey(kind, item.subject, item.threshold, recipient)), now=now)]


class Delivery(NamedTuple):
    """What became of one message: ``outcome`` is "posted", "already" or "failed"."""

    outcome: str
    error: str | None = None
    permanent: bool = False
    token_broken: bool = False


def dispatch(ctx: JobContext, outgoing: Sequence[Outgoing], *,
             runs_until: date | None = None) -> RunSummary:
    """Send (or, in a dry run, show) each message whose ledger rows are not all settled.

    ``runs_until``: the latest day any run of the job started for (date.min: none ever). An
    item that became due (its ``reached_on``) after it cannot be in the ledger yet, so it is
    not looked up; the claim, which alone decides what is sent, still checks it."""
    summary, now = ctx.summary, ctx.clock()
    states = _ledger_states(ctx, outgoing, runs_until)
    for out in outgoing:
        if ctx.stopping():
            summary.stopped = True
            break
        items = out.open_items(states, now)
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
        pairs.setdefault(out.kind, set()).update(
            (i.subject, i.threshold) for i in out.items
            if runs_until is None or getattr(i, "reached_on", None) is None
            or i.reached_on <= runs_until)
    states: dict[ledger.LedgerKey, ledger.Entry] = {}
    with Session(ctx.engine) as session:
        for kind, kind_pairs in pairs.items():
            states.update(ledger.lookup(session, kind=kind, pairs=kind_pairs))
    return states


def deliver(ctx: JobContext, out: Outgoing, items: Keyed) -> Delivery:
    """Claim ``items``' keys, build the message from the items claimed, post it to
    ``out.channel`` and mark the rows (see the module's rules)."""
    client, now = ctx.client, ctx.clock()
    if client is None:
        raise RuntimeError("a real run needs a Slack client")
    with session_scope(ctx.engine) as session:
        owned = ledger.claim(session, items.keys(), now=now)
    if not owned:
        return Delivery("already")
    posted = post(client, channel=out.channel,
                  message=out.build([item for key, item in items.items() if key in owned]))
    error = posted.error
    broken = error in TOKEN_ERRORS and not token_works(client)
    with session_scope(ctx.engine) as session:
        ids = owned.values()
        if error is None:
            if out.on_posted is not None:
                out.on_posted(session, posted.ts, now)
            if out.done_note is None:
                ledger.mark_sent(session, ids, now=now)
            else:
                ledger.mark_failed(session, ids, error=out.done_note)
        elif is_permanent(error) and not broken:
            ledger.mark_failed(session, ids, error=error)
        else:
            ledger.mark_transient(session, ids, error=error)
    if error is None:
        return Delivery("posted")
    logger.warning("message to %s not posted: %s", out.channel, error)
    return Delivery("failed", error, is_permanent(error) and not broken, broken)


class Posted(NamedTuple):
    error: str | None  # None: posted
    ts: str | None = None


def post(client: WebClient, *, channel: str, message: Message) -> Posted:
    """Post once (the client retries 429, 5xx and connection errors itself); never raises
    for a Slack or network error."""
    try:
        if message.upload is not None:
            upload_file(client, channel=channel, upload=message.upload, comment=message.text)
            return Posted(None)
        response = client.chat_postMessage(channel=channel, text=message.text,
                                           blocks=message.blocks)
    except SlackApiError as failure:
        return Posted(failure.response.get("error") or f"http_{failure.response.status_code}")
    except (SlackClientError, OSError) as failure:
        return Posted(f"connection: {type(failure).__name__}")
    return Posted(None, response.get("ts"))


def token_works(client: WebClient) -> bool:
    try:
        return bool(client.auth_test().get("ok"))
    except SlackApiError as error:
        return error.response.get("error") not in TOKEN_ERRORS
    except (SlackClientError, OSError):
        return True  # cannot tell; treat the error as the recipient's


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
