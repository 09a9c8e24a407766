"""The Slack side of sending a job's message: post it, and find it again.

Rules:
- Every message is posted with Slack message ``metadata`` (event type
  :data:`METADATA_EVENT`) carrying its ledger message key: the message itself says which
  ledger rows it carries. A message with a file (``Message.upload``) is the file shared with
  its text as the comment (bot.uploads); a file's message takes no metadata, so the key is
  the comment block's ID (``<METADATA_EVENT>:<key>``).
- A post is not retried blindly: a 5xx, a timeout or a lost connection may come after Slack
  took the message. :func:`post` asks Slack (:func:`find_posted`) whether a message with
  that key arrived before trying again, up to :data:`ATTEMPTS` times, waiting as the client
  waits before retrying a 5xx (its back-off, bot.slack_client); only a 429 (never taken) is
  retried by the client itself.
- :func:`find_posted` reads the target conversation's newest messages (up to
  :data:`HISTORY_PAGES` pages; a user ID is first opened as the app's DM with that user) for
  the bot's messages with those keys. It reads by count, not by time: a run's clock may be
  another day (``--today``). It never raises: when it cannot tell (no history scope, not in
  the channel), it says so.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Collection
from typing import Any, NamedTuple

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.builders.common import Message
from bot.uploads import upload_file

logger = logging.getLogger(__name__)

METADATA_EVENT = "safecomm_ledger"
ATTEMPTS = 3
HISTORY_PAGES = 5  # of 200 messages: how far back a message in flight is looked for
TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired",
                          "account_inactive"})


class Posted(NamedTuple):
    error: str | None  # None: posted
    ts: str | None = None


class Found(NamedTuple):
    """Message keys found in the conversation (key → ts), or None when it cannot be told."""

    by_key: dict[str, str] | None
    problem: str | None = None


def post(client: WebClient, *, channel: str, message: Message, key: str) -> Posted:
    """Post ``message`` carrying ``key`` once (see the module's rules); never raises for a
    Slack or network error."""
    posted = Posted("not tried")
    for attempt in range(ATTEMPTS):
        posted = _post_once(client, channel=channel, message=message, key=key)
        if posted.error is None or not is_ambiguous(posted.error):
            return posted
        found = find_posted(client, channel=channel, keys={key})
        if found.by_key and key in found.by_key:
            return Posted(None, found.by_key[key])
        if attempt + 1 < ATTEMPTS:
            time.sleep(backoff(client, attempt))
    return posted


def backoff(client: WebClient, attempt: int) -> float:
    """Seconds to wait before re-posting after ``attempt`` (0 first): the client's own 5xx
    back-off, so a client built with a smaller time scale waits less."""
    for handler in client.retry_handlers:
        if isinstance(handler, ServerErrorRetryHandler):
            return handler.interval_calculator.calculate_sleep_duration(attempt)
    return 0.5 * 2.0 ** attempt


def _post_once(client: WebClient, *, channel: str, message: Message, key: str) -> Posted:
    try:
        if message.upload is not None:
            upload_file(only_rate_limit_retries(client), channel=channel, upload=message.upload,
                        comment=message.text, block_id=f"{METADATA_EVENT}:{key}")
            return Posted(None)
        response = only_rate_limit_retries(client).chat_postMessage(
            channel=channel, text=message.text, blocks=message.blocks,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"message": key}})
    except SlackApiError as failure:
        return Posted(failure.response.get("error") or f"http_{failure.response.status_code}")
    except (SlackClientError, OSError) as failure:
        return Posted(f"connection: {type(failure).__name__}")
    return Posted(None, response.get("ts"))


def only_rate_limit_retries(client: WebClient) -> WebClient:
    """``client`` retrying 429s only (Slack did not take the message), never a 5xx or a lost
    connection (it may have): those are :func:`post`'s to settle."""
    posting = copy.copy(client)
    posting.retry_handlers = [h for h in client.retry_handlers
                              if isinstance(h, RateLimitErrorRetryHandler)]
    return posting


def is_ambiguous(error: str) -> bool:
    """A failure after which Slack may have taken the message all the same."""
    return error.startswith(("http_5", "connection:")) or error in (
        "internal_error", "fatal_error", "service_unavailable", "request_timeout")


def find_posted(client: WebClient, *, channel: str, keys: Collection[str]) -> Found:
    """The newest messages in ``channel`` carrying any of ``keys``."""
    try:
        conversation = _conversation(client, channel)
        found: dict[str, str] = {}
        cursor = None
        for _ in range(HISTORY_PAGES):
            page = client.conversations_history(channel=conversation, limit=200,
                                                include_all_metadata=True, cursor=cursor)
            for message in page.get("messages") or []:
                key = _key_of(message)
                if key is not None and key in keys:
                    found[key] = str(message.get("ts"))
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not page.get("has_more") or not cursor:
                break
        return Found(found)
    except SlackApiError as failure:
        return Found(None, failure.response.get("error") or "unknown error")
    except (SlackClientError, OSError) as failure:
        return Found(None, f"connection: {type(failure).__name__}")


def _conversation(client: WebClient, channel: str) -> str:
    """A user ID (a DM) as the app's conversation with that user; a channel as it is."""
    if channel.startswith(("U", "W")):
        return str(client.conversations_open(users=channel)["channel"]["id"])
    return channel


def _key_of(message: dict[str, Any]) -> str | None:
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != METADATA_EVENT:
        return _key_of_file_share(message)
    key = (metadata.get("event_payload") or {}).get("message")
    return key if isinstance(key, str) else None


def _key_of_file_share(message: dict[str, Any]) -> str | None:
    """A shared file's key: the ID of its comment block (see the module's rules)."""
    if not message.get("files"):
        return None
    for block in message.get("blocks") or []:
        kind, _, key = str(block.get("block_id") or "").partition(":")
        if kind == METADATA_EVENT and key:
            return key
    return None


def token_works(client: WebClient) -> bool:
    try:
        return bool(client.auth_test().get("ok"))
    except SlackApiError as error:
        return error.response.get("error") not in TOKEN_ERRORS
    except (SlackClientError, OSError):
        return True  # cannot tell; treat the error as the recipient's
