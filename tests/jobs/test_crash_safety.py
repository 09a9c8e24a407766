"""A crash at any point of a send (``kill -9`` of ``safecomm run``) doubles nothing: the
rerun leaves exactly one message per ledger key. The stand-in kills the real process at the
moment named: before Slack takes the post, after Slack took it (the answer never arrives),
or at the next post (the first one already marked). The rerun is the same command in this
process (a process of its own only matters to the one that is killed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models import Notification
from tests.jobs.helpers import TODAY, contract_with_staff
from tests.privacy.helpers import run_main

ROOT = Path(__file__).resolve().parents[2]


class Interrupted(Exception):
    """Raised in the stand-in's handler so that a killed caller's post is not taken."""


RUN = ("run", "dbs-reminders", "--today", TODAY.isoformat())


def run(env: dict[str, str], folder: Path, killer: dict) -> int:
    """``safecomm run dbs-reminders`` in a process of its own, which ``killer`` may kill."""
    process = subprocess.Popen(
        [sys.executable, "-m", "safecomm.cli", *RUN], cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    killer["pid"] = process.pid
    output, _ = process.communicate(timeout=120)
    killer["pid"] = None
    killer.setdefault("outputs", []).append(output)
    return process.returncode


def run_here(env: dict[str, str], monkeypatch, capsys) -> tuple[int, str, str]:
    """The same command in this process: (exit status, standard output, standard error)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return run_main(monkeypatch, capsys, *RUN)


def kill_at(slack, killer: dict, *, point: str, nth: int = 1) -> None:
    """Kill the running process at its ``nth`` chat.postMessage, at ``point``."""
    seen = {"posts": 0}

    def before(call) -> None:
        if call.method != "chat.postMessage" or killer.get("pid") is None:
            return
        seen["posts"] += 1
        if point == "before" and seen["posts"] == nth:
            os.kill(killer["pid"], signal.SIGKILL)
            raise Interrupted

    def after(call) -> None:
        if point == "after" and call.method == "chat.postMessage" and \
                killer.get("pid") is not None and seen["posts"] == nth:
            os.kill(killer["pid"], signal.SIGKILL)
            raise Interrupted

    slack.before_answer, slack.after_answer = before, after


@pytest.fixture
def world(session, settings, slack, tmp_path):
    contract_with_staff(session, -3, 0, 12, manager="U0CM0001", channel="C0CHAN01")
    contract_with_staff(session, 7, manager="U0CM0002", channel="C0CHAN02")
    env = {"DATABASE_URL": settings.database_url,
           "SLACK_API_URL": settings.slack_api_url, "SLACK_BOT_TOKEN": "xoxb-test-invented",
           "SAFECOMM_BSCP_CHANNEL": "C0BSCP", "SAFECOMM_STALE_CLAIM_SECONDS": "0",
           "SAFECOMM_ENCRYPTION_KEY": settings.encryption_key.get_secret_value()}
    return env


EXPECTED = {"DU0CM0001": 1, "DU0CM0002": 1, "C0CHAN01": 1, "C0CHAN02": 1, "C0BSCP": 1}


@pytest.mark.parametrize(("point", "nth"), [("before", 1), ("after", 1), ("before", 2),
                                            ("after", 3)])
def test_a_run_killed_at_any_point_of_a_send_and_run_again_posts_each_message_once(
        world, slack, engine, tmp_path, point, nth, monkeypatch, capsys, restore_logging):
    killer: dict = {}
    kill_at(slack, killer, point=point, nth=nth)
    first = run(world, tmp_path, killer)
    slack.before_answer = slack.after_answer = None
    second, out, err = run_here(world, monkeypatch, capsys)

    assert first == -signal.SIGKILL
    assert second == 0, out + err
    kept = {channel: len(messages) for channel, messages in slack.workspace.messages.items()}
    assert kept == EXPECTED
    with Session(engine) as session:
        rows = session.exec(select(Notification).where(Notification.kind == "dbs")).all()
    assert rows and {row.status for row in rows} == {"sent"}


def test_a_post_slack_took_though_it_answered_500_is_not_posted_again(world, slack, engine,
                                                                       monkeypatch, capsys,
                                                                       restore_logging):
    slack.fail_next("chat.postMessage", status=500, accepted=True)
    assert run_here(world, monkeypatch, capsys)[0] == 0

    kept = {channel: len(messages) for channel, messages in slack.workspace.messages.items()}
    assert kept == EXPECTED
    assert len(slack.posts()) == sum(EXPECTED.values())  # the 500 was looked up, not re-posted
    assert slack.calls_to("conversations.history")
