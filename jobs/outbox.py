"""What every job shares: its context, its run summary, and sending (or showing) its messages.

A job plans a list of :class:`Outgoing` messages, each covering ledger items (anything with
``subject`` and ``threshold``). :func:`dispatch` checks the ledger for all of them in bulk,
then for each message: nothing left open → "already sent"; otherwise, in a dry run, the
message is printed as its recipient would read it (nothing is written); for real it is
delivered under the ledger (bot.delivery). It checks ``stop`` between messages and goes on
after a failed one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlmodel import Session

from bot.delivery import Message, deliver
from bot.render import render_message
from bot.uploads import write_for_dry_run
from models import ledger
from models.settings import Settings
from models.types import utcnow

logger = logging.getLogger(__name__)


@dataclass
class RunSummary:
    posted: int = 0
    already_sent: int = 0
    failed: int = 0
    stopped: bool = False

    def line(self, *, dry_run: bool = False) -> str:
        if dry_run:
            return (f"dry run: would post {self.posted}, already sent {self.already_sent}, "
                    f"failed {self.failed} (nothing sent, nothing written)")
        return f"posted {self.posted}, already sent {self.already_sent}, failed {self.failed}"


@dataclass
class JobContext:
    engine: Engine
    client: WebClient | None
    today: date
    settings: Settings
    dry_run: bool = False
    echo: Callable[[str], None] = print
    stop: threading.Event | None = None
    clock: Callable[[], datetime] = utcnow
    summary: RunSummary = field(default_factory=RunSummary)
    halted: bool = False  # the run cannot go on (a broken token)

    def stopping(self) -> bool:
        return self.halted or (self.stop is not None and self.stop.is_set())


@dataclass
class Outgoing:
    """One message: ``recipient`` is what the ledger records, ``channel`` where it is posted
    (a user ID for a DM), ``label`` how a dry run names it."""

    kind: str
    recipient: str
    channel: str
    items: Sequence[Any]
    build: Callable[[Sequence[Any]], Message]
    label: str
    done_note: str | None = None  # see bot.delivery.deliver
    on_posted: Callable[[Session, str | None, datetime], None] | None = None  # likewise

    def keyed(self) -> dict[ledger.LedgerKey, Any]:
        return {ledger.LedgerKey(self.kind, i.subject, i.threshold, self.recipient): i
                for i in self.items}

    def open_items(self, states: dict, now: datetime) -> list:
        """The items whose ledger row is absent, or a stale claim (see models.ledger)."""
        if not states:
            return list(self.items)
        kind, recipient = self.kind, self.recipient
        return [item for item in self.items if ledger.is_open(
            states.get((kind, item.subject, item.threshold, recipient)), now=now)]


def dispatch(ctx: JobContext, outgoing: Sequence[Outgoing], *,
             runs_until: date | None = None) -> RunSummary:
    """Send (or, in a dry run, show) each message whose ledger rows are not all settled.

    ``runs_until``: the latest day any run of the job started for (date.min: none ever). An
    item that became due (its ``reached_on``) after it cannot be in the ledger yet, so it is
    not looked up; the claim, which alone decides what is sent, still checks it."""
    summary, now = ctx.summary, ctx.clock()
    states = _ledger_states(ctx.engine, outgoing, runs_until)
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
            keyed = {ledger.LedgerKey(out.kind, i.subject, i.threshold, out.recipient): i
                     for i in items}
            _deliver_one(ctx, out, keyed)
    return summary


def _ledger_states(engine: Engine, outgoing: Sequence[Outgoing], runs_until: date | None) -> dict:
    pairs: dict[str, set[tuple[str, str]]] = {}
    for out in outgoing:
        pairs.setdefault(out.kind, set()).update(
            (i.subject, i.threshold) for i in out.items
            if runs_until is None or getattr(i, "reached_on", None) is None
            or i.reached_on <= runs_until)
    with Session(engine) as session:
        states = {}
        for kind, kind_pairs in pairs.items():
            states.update(ledger.lookup(session, kind=kind, pairs=kind_pairs))
        return states


def _deliver_one(ctx: JobContext, out: Outgoing, items: dict) -> None:
    summary = ctx.summary
    try:
        result = deliver(ctx.engine, ctx.client, channel=out.channel, items=items,
                         build=out.build, now=ctx.clock(), done_note=out.done_note,
                         on_posted=out.on_posted)
    except Exception:  # one bad message never stops the run; its claim is retried later
        logger.exception("delivering %s failed", out.label)
        ctx.echo(f"failed: {out.label}: unexpected error (will be retried)")
        summary.failed += 1
        return
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
    """A dry run's view of one message: who gets it, then what they would read (a file is
    written, not uploaded: bot.uploads.write_for_dry_run)."""
    ctx.echo(f"──── {label} ────")
    ctx.echo(render_message(text=message.text, blocks=message.blocks))
    if message.upload is not None:
        ctx.echo(f"[file {message.upload.filename}: written to "
                 f"{write_for_dry_run(message.upload)}]")
    ctx.echo("")
