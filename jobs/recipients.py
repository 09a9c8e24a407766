"""Who a reminder goes to: a contract manager or provider lead, given as a Slack user ID or an
e-mail address.

Rules:
- A Slack user ID (``U…``/``W…``, or ``<@U…>``) is used as it is; the DM is posted to it.
- An e-mail address is resolved once with ``users.lookupByEmail`` and remembered in
  ``slack_identities``; a lookup that Slack answers "no such user" is remembered too, and is
  tried again only after :data:`RETRY_UNRESOLVED_AFTER`. A transient lookup error is not
  remembered: the recipient is skipped this run (counted as failed) and tried next run.
- Nobody recorded, or an e-mail nobody in Slack has: the recipient is undeliverable and the
  job reports it in the BSCP channel instead of dropping it.
- A dry run never calls Slack and never writes: an e-mail not yet resolved is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from bot.builders.common import Message
from bot.slack_client import is_permanent
from jobs.context import JobContext
from jobs.delivery import Outgoing
from models.db import session_scope
from models.ops import SlackIdentity

RETRY_UNRESOLVED_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Recipient:
    ledger_id: str  # what the ledger records: the user ID, else the address or "nobody"
    user_id: str | None  # where the DM goes; None when undeliverable or not yet resolved
    label: str
    problem: str | None = None  # why it is undeliverable
    retry_later: bool = False  # a transient lookup error: skip this run

    @property
    def deliverable(self) -> bool:
        return self.user_id is not None or (self.problem is None and not self.retry_later)


def normalise(raw: str | None) -> str | None:
    text = (raw or "").strip()
    if text.startswith("<@") and text.endswith(">"):
        text = text[2:-1].split("|", 1)[0]
    return (text.lower() if "@" in text else text) or None


class Resolver:
    """Resolves every raw value of a run in bulk: :meth:`prepare` first, then :meth:`get`."""

    def __init__(self, ctx: JobContext):
        self.ctx = ctx
        self.known: dict[str, SlackIdentity] = {}
        self.transient: set[str] = set()

    def prepare(self, raws: Iterable[str | None]) -> None:
        emails = sorted({n for n in map(normalise, raws) if n and "@" in n})
        if not emails:
            return
        with Session(self.ctx.engine) as session:
            for part in (emails[i:i + 900] for i in range(0, len(emails), 900)):
                for identity in session.scalars(
                        select(SlackIdentity).where(col(SlackIdentity.email).in_(part))):
                    self.known[identity.email] = identity
        if self.ctx.dry_run:
            return
        now = self.ctx.clock()
        for email in emails:
            known = self.known.get(email)
            if known is None or (known.slack_user_id is None
                                 and known.resolved_at < now - RETRY_UNRESOLVED_AFTER):
                self._look_up(email)

    def _look_up(self, email: str) -> None:
        client = self.ctx.client
        if client is None:
            raise RuntimeError("a real run needs a Slack client")
        user_id: str | None
        try:
            user_id, error = client.users_lookupByEmail(email=email)["user"]["id"], None
        except SlackApiError as failure:
            user_id, error = None, failure.response.get("error") or "unknown_error"
            if not is_permanent(error):
                self.transient.add(email)
                return
        except (SlackClientError, OSError):
            self.transient.add(email)
            return
        self.known[email] = self._remember(email, user_id, error)

    def _remember(self, email: str, user_id: str | None, error: str | None) -> SlackIdentity:
        now = self.ctx.clock()
        try:
            with session_scope(self.ctx.engine) as session:
                identity = session.scalar(select(SlackIdentity).where(
                    col(SlackIdentity.email) == email)) or SlackIdentity(email=email,
                                                                         resolved_at=now)
                identity.slack_user_id, identity.error, identity.resolved_at = user_id, error, now
                session.add(identity)
        except IntegrityError:  # another run remembered it first; theirs is as good
            pass
        return SlackIdentity(email=email, slack_user_id=user_id, error=error, resolved_at=now)

    def get(self, raw: str | None) -> Recipient:
        value = normalise(raw)
        if value is None:
            return Recipient("nobody", None, "nobody", problem="no one is recorded")
        if "@" not in value:
            return Recipient(value, value, value)
        identity = self.known.get(value)
        if identity is not None and identity.slack_user_id:
            return Recipient(identity.slack_user_id, identity.slack_user_id,
                             f"{identity.slack_user_id} ({value})")
        if identity is not None:
            return Recipient(value, None, value, problem=f"no Slack user has the e-mail address "
                             f"{value} ({identity.error})")
        if value in self.transient:
            return Recipient(value, None, value, retry_later=True)
        return Recipient(value, None, f"{value} (e-mail, looked up in Slack when run for real)")


Report = Callable[[str, str], Callable[[Sequence[Any]], Message]]


def to_manager(ctx: JobContext, recipient: Recipient, *, kind: str, items: Sequence[Any],
               build: Callable[[Sequence[Any]], Message], label: str, what: str,
               report: Report) -> list[Outgoing]:
    """A message for a contract manager: a DM when they can be reached. Otherwise the BSCP
    channel is told what could not be delivered (``report(who, problem)`` builds it; the rows
    are recorded as failed with that note); without a BSCP channel the run says so. A lookup
    that failed for now sends nothing: the next run retries it."""
    if recipient.retry_later:
        ctx.echo(f"failed: DM to {recipient.label}: e-mail lookup failed (will be retried)")
        ctx.summary.failed += 1
        return []
    if recipient.deliverable:
        return [Outgoing(kind, recipient.ledger_id, recipient.user_id or recipient.ledger_id,
                         items, build, f"DM to {recipient.label} (contract manager){label}")]
    bscp = ctx.settings.bscp_channel
    problem = recipient.problem or "not deliverable"
    if not bscp:
        ctx.echo(f"not sent: {what} for {recipient.label}: {problem}, and "
                 "SAFECOMM_BSCP_CHANNEL is not set to report it")
        return []
    who = "the contract manager" if recipient.ledger_id == "nobody" else recipient.ledger_id
    return [Outgoing(kind, recipient.ledger_id, bscp, items, report(who, problem),
                     f"BSCP channel {bscp} ({what} that could not be delivered)",
                     done_note=f"undeliverable: {problem}; reported to BSCP")]
