"""`safecomm run` and `safecomm worker` when Slack cannot be used, when every send fails, and
under --today: one line and exit 1, found at start; everything a run stamps is on its day."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import select
from typer.testing import CliRunner

from models import BriefingDelivery
from models.briefings import publish_briefing
from safecomm.cli import app
from tests.factories import make_provider
from tests.jobs.helpers import contract_with_staff
from tests.jobs.test_cli import env  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[2]


def safecomm(*args: str):
    return CliRunner().invoke(app, list(args))


def test_run_with_slack_unreachable_is_one_line_at_once(env, session, monkeypatch):  # noqa: F811
    contract_with_staff(session, 7)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    started = time.monotonic()
    result = safecomm("run", "dbs-reminders", "--today", "2027-03-03")

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: cannot reach Slack at http://127.0.0.1:9/api/ (SLACK_API_URL): URLError"]
    assert time.monotonic() - started < 20


def test_run_with_a_token_slack_refuses_is_one_line_and_sends_nothing(env, session,  # noqa: F811
                                                                      slack):
    contract_with_staff(session, 7)
    slack.fail_next("auth.test", error="invalid_auth")
    result = safecomm("run", "dbs-reminders", "--today", "2027-03-03")

    assert result.exit_code == 1
    assert result.stderr.startswith("error: Slack refused SLACK_BOT_TOKEN (invalid_auth)")
    assert slack.posts() == []


def test_a_run_in_which_every_send_failed_exits_1(env, session, slack):  # noqa: F811
    contract_with_staff(session, 7, manager="U0CM0001", channel="C0CHAN01")
    for target in ("U0CM0001", "C0CHAN01"):
        slack.channel_errors[target] = "channel_not_found"
    result = safecomm("run", "dbs-reminders", "--today", "2027-03-03")

    assert result.exit_code == 1
    assert "posted 0, already sent 0, failed 2" in result.output
    assert result.stderr.strip().endswith("every message failed (2); nothing was posted")


def test_the_worker_refuses_to_start_with_a_token_slack_refuses(env, slack,  # noqa: F811
                                                                tmp_path):
    slack.fail_next("auth.test", error="invalid_auth")
    done = subprocess.run([sys.executable, "-m", "safecomm.cli", "worker"], cwd=tmp_path,
                          env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: Slack refused SLACK_BOT_TOKEN (invalid_auth): check the token "
        "(api.slack.com/apps → OAuth & Permissions)"]


def test_briefings_under_today_stamp_deliveries_on_that_day(env, session, slack):  # noqa: F811
    make_provider(session, slack_channel="C0TODAY1", safeguarding_lead="U0LEAD01")
    publish_briefing(session, title="Invented", summary="Invented.",
                     url="https://example.org/b", kind="training", audience="all",
                     actor="cli:test", now=datetime(2027, 2, 26, 9, tzinfo=UTC))
    session.commit()
    result = safecomm("run", "briefings", "--today", "2027-03-01")

    assert result.exit_code == 0, result.output
    session.expire_all()
    [delivery] = session.exec(select(BriefingDelivery)).all()
    assert delivery.delivered_at is not None
    assert delivery.delivered_at.astimezone(UTC).date() == date(2027, 3, 1)  # London is UTC+0


def test_users_grant_by_e_mail_with_slack_unreachable_is_one_line(env, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    result = safecomm("users", "grant", "someone@invented.example", "admin")

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: USER: cannot reach Slack to look up 'someone@invented.example' (URLError); "
        "give the member ID instead (profile → ⋮ → Copy member ID)"]
