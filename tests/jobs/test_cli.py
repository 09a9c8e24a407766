"""`safecomm run …` and `safecomm worker`, end to end against the Slack stand-in."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecomm.cli import app
from tests.jobs.helpers import assert_valid_posts, contract_with_staff, counts, dm_to

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(settings, monkeypatch):
    values = {"DATABASE_URL": settings.database_url, "SLACK_API_URL": settings.slack_api_url,
              "SLACK_BOT_TOKEN": "xoxb-test-invented", "SAFECOMM_BSCP_CHANNEL": "C0BSCP",
              "SAFECOMM_ENCRYPTION_KEY": settings.encryption_key.get_secret_value()}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def safecomm(*args):
    return CliRunner().invoke(app, list(args))


def test_run_dbs_reminders_posts_the_digests_and_nothing_the_second_time(
        env, session, slack):
    _, staff = contract_with_staff(session, -3, 0, 12, manager="U0CM0001")
    contract_with_staff(session, 40, manager="U0CM0002", channel="C0CHAN02")
    first = safecomm("run", "dbs-reminders", "--today", "2027-03-03")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == "posted 5, already sent 0, failed 0"
    [digest] = dm_to(slack, "U0CM0001")
    assert all(person.name in str(digest.params) for person in staff)
    assert len(dm_to(slack, "U0CM0002")) == 1
    assert_valid_posts(slack)
    second = safecomm("run", "dbs-reminders", "--today", "2027-03-03")
    assert second.output.splitlines()[-1] == "posted 0, already sent 5, failed 0"
    assert len(slack.posts()) == 5


def test_run_with_dry_run_prints_readable_messages_and_writes_nothing(env, session, slack):
    _, (person,) = contract_with_staff(session, 7)
    before = counts(session)
    result = safecomm("run", "dbs-reminders", "--today", "2027-03-03", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "──── DM to U0CM0001 (contract manager) ────" in result.output
    assert person.name in result.output and "Re-check due 10 Mar 2027 (in 7 days)" in result.output
    assert result.output.splitlines()[-1].startswith("dry run: would post 2, already sent 0")
    assert counts(session) == before and slack.calls == []


@pytest.mark.parametrize("job", ["due-reminders", "summary"])
def test_the_other_jobs_run_from_the_command_line(env, session, slack, job):
    contract_with_staff(session, 7)
    result = safecomm("run", job, "--today", "2027-03-03")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("posted ")


def test_a_bad_date_is_bad_usage(env):
    result = safecomm("run", "dbs-reminders", "--today", "3rd March")
    assert result.exit_code == 2 and "not a date like" in result.output


def worker_env(env):
    return {**os.environ, **env, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


def test_the_worker_stops_cleanly_on_sigterm(env, tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "safecomm.cli", "worker"], cwd=tmp_path,
                               env=worker_env(env), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        started = ""
        while not started.startswith("worker: started"):
            started = process.stdout.readline()
            assert started, "the worker ended before it started"
        assert started.startswith("worker: started (Europe/London); dbs-reminders 08:00")
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, output
    assert "SIGTERM: stopping after the current post" in output and "worker: stopped" in output


def test_the_worker_needs_a_bot_token(env, tmp_path):
    environment = {k: v for k, v in worker_env(env).items() if k != "SLACK_BOT_TOKEN"}
    done = subprocess.run([sys.executable, "-m", "safecomm.cli", "worker"], cwd=tmp_path,
                          env=environment, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "SLACK_BOT_TOKEN" in done.stderr
