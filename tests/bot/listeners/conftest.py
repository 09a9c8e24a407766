"""Calling a listener directly, as Bolt would: its runtime and today in a BoltContext, a real
WebClient pointed at the Slack stand-in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.listeners.context import attach
from bot.slack_client import make_web_client
from models.runtime import Runtime

TODAY = date(2026, 11, 25)


@pytest.fixture
def unusable_runtime(settings, tmp_path) -> Iterator[Runtime]:
    """The runtime of a database that cannot be opened (its folder does not exist)."""
    gone = f"sqlite:///{tmp_path / 'no-such-folder' / 'safecomm.db'}"
    runtime = Runtime(settings=settings.model_copy(update={"database_url": gone}))
    yield runtime
    runtime.close()


def context_for(runtime: Runtime, today: date = TODAY) -> BoltContext:
    context = BoltContext()
    attach(context, runtime=runtime, today=today)
    return context


def client_for(runtime: Runtime) -> WebClient:
    return make_web_client(runtime.settings, rate_limit_retries=0, server_error_retries=0)
