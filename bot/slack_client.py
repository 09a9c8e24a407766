"""The one way the bot talks to the Slack Web API: a WebClient at ``SLACK_API_URL`` that
retries what is worth retrying.

- 429: slack_sdk's RateLimitErrorRetryHandler (with less jitter) waits for Retry-After, then
  tries again;
- connection errors: ConnectionErrorRetryHandler;
- 5xx: ServerErrorRetryHandler, with exponential backoff and jitter.
Permanent errors (see :data:`PERMANENT_ERRORS`) come back as SlackApiError at once.
"""

from __future__ import annotations

import random
import time

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import RandomJitter

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

    def __init__(self, max_retry_count: int = 5, jitter: float = 0.1):
        super().__init__(max_retry_count=max_retry_count)
        self.jitter = jitter

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:
        if response is None:
            raise error
        header = next((v for k, v in response.headers.items() if k.lower() == "retry-after"),
                      None)
        try:
            wait = float(header[0] if isinstance(header, list) else header or "")
        except (TypeError, ValueError):
            wait = 1.0
        state.next_attempt_requested = True
        time.sleep(max(wait, 0.0) + random.uniform(0, self.jitter))
        state.increment_current_attempt()


def retry_handlers(*, rate_limit_retries: int = 5, server_error_retries: int = 3,
                   backoff_factor: float = 0.5) -> list:
    backoff = BackoffRetryIntervalCalculator(backoff_factor=backoff_factor, jitter=RandomJitter())
    return [
        RetryAfterHandler(max_retry_count=rate_limit_retries),
        ConnectionErrorRetryHandler(max_retry_count=3, interval_calculator=backoff),
        ServerErrorRetryHandler(max_retry_count=server_error_retries, interval_calculator=backoff),
    ]


def make_web_client(settings: Settings, **retry_options) -> WebClient:
    """A WebClient with the bot token, pointed at ``settings.slack_api_url``.

    Raises MissingSettingError when SLACK_BOT_TOKEN is not set.
    """
    token = settings.secret("slack_bot_token")
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") \
        else settings.slack_api_url + "/"
    return WebClient(token=token, base_url=base_url,
                     retry_handlers=retry_handlers(**retry_options), timeout=30)


def is_permanent(error_code: str | None) -> bool:
    """True for Slack errors that retrying will not fix (recorded, not retried)."""
    return error_code in PERMANENT_ERRORS
