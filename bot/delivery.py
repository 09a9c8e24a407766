"""Sending one message under the ledger: claim its rows, post, mark them.

Rules:
- The message's ledger rows are claimed (committed) before the post, so a second run, or a
  second worker, finds them taken and posts nothing; the message is built from the rows this
  call actually owns.
- Slack answers ok → the rows are ``sent``. A permanent error (bot.slack_client.is_permanent:
  channel_not_found, users_not_found…) → ``failed`` with the error, never retried. Anything
  else (429 or 5xx after the client's own retries, a connection error) → the rows stay
  ``claimed`` with the error, and a later run retries them.
- A token error (invalid_auth…) is checked with ``auth.test``: when the token itself is broken
  it is not the recipient's fault, so the rows stay retryable and the run should stop.
- A direct message is posted with ``channel=<user ID>``: Slack delivers it in the app's DM.
- A message with an ``upload`` is sent as that file (bot.uploads: Slack's external upload
  flow) with the message's text as its comment, instead of ``chat.postMessage``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine

from bot.slack_client import is_permanent
from bot.uploads import FileUpload, upload_file
from models import ledger
from models.db import session_scope

logger = logging.getLogger(__name__)

TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired",
                          "account_inactive"})


class Message(NamedTuple):
    """What is posted: a plain ``text`` fallback (notifications, screen readers) and blocks;
    or, with ``upload``, a file with ``text`` as its comment."""

    text: str
    blocks: list[dict]
    upload: FileUpload | None = None


@dataclass(frozen=True)
class PostResult:
    ok: bool
    error: str | None = None
    permanent: bool = False
    ts: str | None = None


@dataclass(frozen=True)
class Delivery:
    """What became of one message: ``outcome`` is "posted", "already" or "failed"."""

    outcome: str
    error: str | None = None
    permanent: bool = False
    token_broken: bool = False


def post(client: WebClient, *, channel: str, message: Message) -> PostResult:
    """Post once (the client retries 429, 5xx and connection errors itself); never raises for
    a Slack or network error."""
    try:
        if message.upload is not None:
            response = upload_file(client, channel=channel, upload=message.upload,
                                   comment=message.text)
        else:
            response = client.chat_postMessage(channel=channel, text=message.text,
                                               blocks=message.blocks)
    except SlackApiError as error:
        code = error.response.get("error") or f"http_{error.response.status_code}"
        return PostResult(False, code, is_permanent(code))
    except (SlackClientError, OSError) as error:
        return PostResult(False, f"connection: {type(error).__name__}")
    return PostResult(True, ts=response.get("ts"))


def token_works(client: WebClient) -> bool:
    try:
        return bool(client.auth_test().get("ok"))
    except SlackApiError as error:
        return error.response.get("error") not in TOKEN_ERRORS
    except (SlackClientError, OSError):
        return True  # cannot tell; treat the error as the recipient's


def deliver(engine: Engine, client: WebClient, *, channel: str,
            items: Mapping[ledger.LedgerKey, Any], build: Callable[[Sequence[Any]], Message],
            now: datetime, done_note: str | None = None,
            on_posted: Callable[[Any, str | None, datetime], None] | None = None) -> Delivery:
    """Claim ``items``' keys, build the message from the items claimed, post it to
    ``channel`` and mark the rows. ``done_note``: after a successful post, record the rows as
    failed with this note instead of sent (a report about an undeliverable message).
    ``on_posted(session, ts, now)``: more to record about a successful post, in the same
    transaction as the rows' marks."""
    with session_scope(engine) as session:
        owned = ledger.claim(session, items.keys(), now=now)
    if not owned:
        return Delivery("already")
    result = post(client, channel=channel, message=build([items[k] for k in items if k in owned]))
    broken = (not result.ok and result.error in TOKEN_ERRORS and not token_works(client))
    with session_scope(engine) as session:
        ids = owned.values()
        if result.ok and on_posted is not None:
            on_posted(session, result.ts, now)
        if result.ok and done_note is None:
            ledger.mark_sent(session, ids, now=now)
        elif result.ok:
            ledger.mark_failed(session, ids, error=done_note)
        elif result.permanent and not broken:
            ledger.mark_failed(session, ids, error=result.error)
        else:
            ledger.mark_transient(session, ids, error=result.error)
    if result.ok:
        return Delivery("posted")
    logger.warning("message to %s not posted: %s", channel, result.error)
    return Delivery("failed", result.error, result.permanent and not broken, broken)
