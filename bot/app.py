"""The Bolt app, built by :func:`create_app` from the runtime's settings; nothing at import.

- Its WebClient is :func:`bot.slack_client.make_web_client` (``SLACK_API_URL``, retry handlers).
- ``process_before_response=False``: a listener calls ``ack()`` first, Bolt answers Slack at
  once, and the rest of the listener runs on Bolt's worker threads (HTTP and Socket Mode alike).
- Over HTTP every request's signature is verified with ``SLACK_SIGNING_SECRET`` (a bad or
  missing signature, or a timestamp over 5 minutes old, is answered 401); over Socket Mode
  Slack's connection is already authenticated, so no signing secret is needed.
- One global middleware hands every listener the runtime and "today" through Bolt's
  ``context`` (:mod:`bot.listeners.context`). "Today" comes from ``clock`` (default:
  :meth:`Runtime.today <models.runtime.Runtime.today>`, the date in ``SAFECOMM_TIMEZONE``),
  read once per request, so tests and demos can fix it.
- A listener that fails is answered and its person told (:mod:`bot.listeners.errors`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from datetime import date

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.listeners import register_listeners
from bot.listeners.context import attach
from bot.listeners.errors import handle_listener_error
from bot.slack_client import make_web_client
from models.runtime import Runtime

Clock = Callable[[], date]


def fixed_day(day: date) -> Clock:
    return lambda: day


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def create_app(runtime: Runtime, *, client: WebClient | None = None, clock: Clock | None = None,
               socket_mode: bool = False, listener_executor: Executor | None = None) -> App:
    """The Slack app with every listener registered. Raises MissingSettingError naming
    SLACK_BOT_TOKEN, or (over HTTP) SLACK_SIGNING_SECRET, when unset; Bolt checks the token
    with ``auth.test``."""
    settings = runtime.settings
    if not socket_mode:
        settings.require("slack_signing_secret")
    client = client or make_web_client(settings)
    secret = settings.slack_signing_secret
    logger = logging.getLogger("safecomm.bot")
    with _quiet(logger):  # Bolt warns that SLACK_BOT_TOKEN in the environment goes unused
        app = App(client=client, name="safecomm", logger=logger,
                  signing_secret=secret.get_secret_value() if secret else "",
                  request_verification_enabled=not socket_mode, process_before_response=False,
                  **({"listener_executor": listener_executor} if listener_executor else {}))
    today = clock or runtime.today

    @app.use
    def attach_runtime(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002
        attach(context, runtime=runtime, today=today())
        next()

    app.error(handle_listener_error)
    register_listeners(app, command=settings.command)
    return app
