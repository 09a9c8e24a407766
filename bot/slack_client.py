"""The one way the bot talks to the Slack Web API: a WebClient at ``SLACK_API_URL`` that
retries what is worth retrying.

- 429: :class:`RetryAfterHandler` waits for Retry-After (plus at most 0.1 s of jitter), then
  tries again, up to ``rate_limit_retries`` times;
- connection errors and 5xx: slack_sdk's handlers, with exponential back-off
  (``backoff_factor`` × 2^attempt seconds) plus up to 1 s of jitter, up to 3 times (a
  command a person waits on at the terminal asks for none: it says at once what failed);
- every wait is multiplied by ``time_scale`` (1 in production; a test passes a tiny value so
  a 429 or a 500 costs milliseconds instead of seconds, the order of events unchanged).
Permanent errors (see :data:`PERMANENT_ERRORS`) come back as SlackApiError at once.
"""

from __future__ import annotations

import copy
import logging
import random
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from models.settings import Settings

PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive",
    "users_not_found", "user_not_found", "token_revoked", "missing_scope", "not_authed",
    "cannot_dm_bot", "user_disabled", "msg_too_long", "invalid_blocks", "no_text",
})


class RetryAfterHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, waiting exactly Retry-After plus a small jitter.

    The stock handler adds up to a whole second of jitter to every wait, which spreads many
    clients apart but, for our one worker posting under the workspace-wide limit, makes a
    cascade up to 50% slower than the limit allows. One worker needs only a little jitter.
    """

    def __init__(self, max_retry_count: int = 5, jitter: float = 0.1, time_scale: float = 1.0):
        super().__init__(max_retry_count=max_retry_count)
        self.jitter, self.time_scale = jitter, time_scale

    def prepare_for_next_attempt(self, *, state: RetryState, request: HttpRequest,
                                 response: HttpResponse | None = None,
                                 error: Exception | None = None) -> None:
        if response is None:
            raise error or RuntimeError("a 429 retry without a response")
        header = next((v for k, v in response.headers.items() if k.lower() == "retry-after"),
                      None)
        try:
            wait = float(header[0] if isinstance(header, list) else str(header))
        except (TypeError, ValueError):
            wait = 1.0
        state.next_attempt_requested = True
        time.sleep((max(wait, 0.0) + random.uniform(0, self.jitter)) * self.time_scale)
        state.increment_current_attempt()


class ScaledJitter(Jitter):
    """slack_sdk's RandomJitter (up to 1 s more), scaled by ``time_scale``."""

    def __init__(self, time_scale: float = 1.0):
        self.time_scale = time_scale

    def recalculate(self, duration: float) -> float:
        return duration + random.random() * self.time_scale


def retry_handlers(*, rate_limit_retries: int = 5, server_error_retries: int = 3,
                   connection_retries: int = 3, backoff_factor: float = 0.5,
                   time_scale: float = 1.0) -> list[RetryHandler]:
    backoff = BackoffRetryIntervalCalculator(backoff_factor=backoff_factor * time_scale,
                                             jitter=ScaledJitter(time_scale))
    return [
        RetryAfterHandler(max_retry_count=rate_limit_retries, time_scale=time_scale),
        ConnectionErrorRetryHandler(max_retry_count=connection_retries,
                                    interval_calculator=backoff),
        ServerErrorRetryHandler(max_retry_count=server_error_retries, interval_calculator=backoff),
    ]


def make_web_client(settings: Settings, **retry_options: Any) -> WebClient:
    """A WebClient with the bot token, pointed at ``settings.slack_api_url``;
    ``retry_options`` go to :func:`retry_handlers` (e.g. ``time_scale=0.01`` in tests).

    Raises MissingSettingError when SLACK_BOT_TOKEN is not set.
    """
    token = settings.secret("slack_bot_token")
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") \
        else settings.slack_api_url + "/"
    return WebClient(token=token, base_url=base_url,
                     retry_handlers=retry_handlers(**retry_options), timeout=30)


class SlackUnavailable(RuntimeError):
    """Slack cannot be reached, or refuses the token; the message is one line with the fix."""


def check_slack(client: WebClient) -> None:
    """Raise SlackUnavailable unless Slack answers ``auth.test`` and accepts the token (run
    at the start of every command that will post, so a bad setting is found then, not at
    the first post)."""
    probe = copy.copy(client)  # one quiet try: no retries, no error lines before ours
    probe.retry_handlers = []
    quiet = logging.getLogger("slack_sdk")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        probe.auth_test()
    except SlackApiError as error:
        code = error.response.get("error") or f"HTTP {error.response.status_code}"
        raise SlackUnavailable(f"Slack refused SLACK_BOT_TOKEN ({code}): check the token "
                               "(api.slack.com/apps → OAuth & Permissions)") from None
    except (SlackClientError, OSError) as error:
        raise SlackUnavailable(f"cannot reach Slack at {client.base_url} (SLACK_API_URL): "
                               f"{type(error).__name__}") from None
    finally:
        quiet.level = level


def is_permanent(error_code: str | None) -> bool:
    """True for Slack errors that retrying will not fix (recorded, not retried)."""
    return error_code in PERMANENT_ERRORS
