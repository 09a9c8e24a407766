"""Fixtures for the data-protection tests: the running app at DEBUG logging (its log is
checked for personal data), the command line's environment, invented people and numbers."""

from __future__ import annotations

import pytest

from tests.bot.conftest import (  # noqa: F401 - fixtures used by these tests
    db,
    running_server,
    user,
)
from tests.conftest import fresh_database


@pytest.fixture(scope="session")
def server(template_database, tmp_path_factory):
    """``safecomm serve`` with ``SAFECOMM_LOG_LEVEL=DEBUG``, for the session: everything it
    logs is in ``server.log_text()``."""
    folder = tmp_path_factory.mktemp("serve-debug")
    with fresh_database(folder, template_database) as url, \
            running_server(url, folder, SAFECOMM_LOG_LEVEL="DEBUG") as running:
        yield running


@pytest.fixture
def cli_env(settings, dbs, monkeypatch):
    """The command line's environment: the test's database, the Slack stand-in, a key, and
    Update Service status checks set up against the DBS stand-in."""
    values = {"DATABASE_URL": settings.database_url, "SLACK_API_URL": settings.slack_api_url,
              "SLACK_BOT_TOKEN": "xoxb-test-invented", "SAFECOMM_BSCP_CHANNEL": "C0BSCP",
              "SLACK_SIGNING_SECRET": "invented-signing-secret",
              "SAFECOMM_ENCRYPTION_KEY": settings.encryption_key.get_secret_value(),
              "SAFECOMM_DBS_API_URL": dbs.api_url, "SAFECOMM_DBS_TERMS_AGREED": "yes",
              "SAFECOMM_DBS_ORGANISATION": "Invented Borough Council",
              "SAFECOMM_DBS_CHECKER": "Pat Checker"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values
