"""A status-check run stopped or killed half-way, then run again: every due person checked
and recorded once, every alert sent once — none doubled, none lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from models import AuditEntry, Staff
from models.crypto import CertificateCipher
from tests.bot.slackhttp import wait_for
from tests.factories import make_contract, make_provider
from tests.jobs.helpers import TODAY, client_for, dm_to, everything
from tests.jobs.status_check_helpers import DBS_ENV, NOW, dbs_settings, run_checks, subscribed

REPO = Path(__file__).resolve().parents[2]
MANAGER = "U0CMKILL1"


def world(session, settings, dbs, count: int, new_info_every: int = 5):
    """``count`` subscribed people, every ``new_info_every``-th with new information; returns
    (numbers, names with new information)."""
    cipher = CertificateCipher(settings.encryption_key.get_secret_value())
    contract = make_contract(session, make_provider(session), contract_manager=MANAGER)
    numbers, flagged = [], []
    for n in range(count):
        name = f"Invented Person {chr(65 + n % 26)}{chr(65 + n // 26)}"
        _, number = subscribed(session, contract, cipher, name=name)
        numbers.append(number)
        if n % new_info_every == 0:
            dbs.answer(number, "NEW_INFO")
            flagged.append(name)
    session.commit()
    return numbers, flagged


def recorded_checks(session) -> dict[str, int]:
    """Audit entries of status checks per staff id."""
    rows = session.execute(select(AuditEntry.entity_id, func.count())
                           .where(AuditEntry.actor == "job:dbs-status-checks")
                           .group_by(AuditEntry.entity_id))
    return dict(rows.all())


def alerted(slack, names) -> dict[str, int]:
    texts = [everything(call) for call in dm_to(slack, MANAGER)]
    return {name: sum(text.count(f"*{name}*") for text in texts) for name in names}


def test_a_run_stopped_half_way_then_run_again_checks_everyone_once(settings, session, slack,
                                                                    dbs):
    numbers, flagged = world(session, settings, dbs, 40)
    chosen = dbs_settings(settings, dbs, dbs_concurrency=2)
    stop = threading.Event()
    dbs.on_request = lambda _number: dbs.total >= 15 and stop.set()

    first = run_checks(session.get_bind(), client_for(chosen), today=TODAY, settings=chosen,
                     echo=lambda _line: None, stop=stop, clock=lambda: NOW)
    checked_first = dbs.total
    dbs.on_request = None
    run_checks(session.get_bind(), client_for(chosen), today=TODAY, settings=chosen,
             echo=lambda _line: None, clock=lambda: NOW + timedelta(minutes=1))

    assert first.stopped and 15 <= checked_first < 40
    assert sorted(dbs.counts) == sorted(numbers) and set(dbs.counts.values()) == {1}
    assert set(recorded_checks(session).values()) == {1} and len(recorded_checks(session)) == 40
    assert alerted(slack, flagged) == {name: 1 for name in flagged}


def test_a_run_killed_half_way_then_run_again_loses_and_doubles_nothing(settings, session,
                                                                        slack, dbs,
                                                                        tmp_path):
    numbers, flagged = world(session, settings, dbs, 60)
    dbs.delay = 0.1
    env = {**os.environ, **DBS_ENV, "DATABASE_URL": settings.database_url,
           "SAFECOMM_ENCRYPTION_KEY": settings.encryption_key.get_secret_value(),
           "SLACK_API_URL": settings.slack_api_url, "SLACK_BOT_TOKEN": "xoxb-test-invented",
           "SAFECOMM_BSCP_CHANNEL": "C0BSCP", "SAFECOMM_DBS_API_URL": dbs.api_url,
           "SAFECOMM_DBS_CONCURRENCY": "2", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "safecomm.cli", "run", "dbs-status-checks", "--today",
         TODAY.isoformat()], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: dbs.total >= 30, timeout=30, what="half the checks")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    killed_at = dbs.total
    stored_before = len(recorded_checks(session))
    assert slack.posts() == [] and killed_at < 60  # killed before the alerts

    dbs.delay = 0.0
    chosen = dbs_settings(settings, dbs)
    # the killed run stamped its results with the machine's clock: run again just after it
    then = session.scalar(select(func.max(Staff.status_checked_at)))
    run_checks(session.get_bind(), client_for(chosen), today=then.date(), settings=chosen,
             echo=lambda _line: None, clock=lambda: then + timedelta(minutes=1))

    checks = recorded_checks(session)
    assert stored_before > 0  # the killed run had stored its first batches
    assert len(checks) == 60 and set(checks.values()) == {1}  # each result recorded once
    assert sorted(dbs.counts) == sorted(numbers) and max(dbs.counts.values()) <= 2
    assert session.scalar(select(func.count()).select_from(Staff)
                          .where(Staff.status_check_result.is_(None))) == 0
    assert alerted(slack, flagged) == {name: 1 for name in flagged}


def test_an_alert_slack_could_not_take_is_sent_by_a_later_run_once(settings, session, slack,
                                                                   dbs):
    _, flagged = world(session, settings, dbs, 5)
    chosen = dbs_settings(settings, dbs)
    slack.fail_next("chat.postMessage", status=500, times=20)

    first = run_checks(session.get_bind(), client_for(chosen), today=TODAY, settings=chosen,
                     echo=lambda _line: None, clock=lambda: NOW)
    slack.reset()
    for day in (1, 2):  # nobody is due any more; the stored result's alert is still owed
        later = NOW + timedelta(days=day)
        run_checks(session.get_bind(), client_for(chosen), today=later.date(), settings=chosen,
                 echo=lambda _line: None, clock=lambda later=later: later)

    assert first.failed >= 1 and dbs.total == 5
    assert alerted(slack, flagged) == {name: 1 for name in flagged}
