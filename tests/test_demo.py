"""``safecomm demo``: a database of invented but realistic data, every job run once in dry
run (each kind of message shown as its reader would see it), and the partnership summary."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session
from typer.testing import CliRunner

from models import Contract, MonitoringMeeting, Provider, Staff, ThematicCheck
from models.activity import Briefing, BriefingDelivery, SelfAssessment
from models.db import make_engine
from models.ops import Notification, StatusSnapshot
from models.roles import is_admin
from safecomm.cli import app

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 25)  # a Wednesday
FULL_NUMBER = re.compile(r"\b00\d{10}\b|\b00\d{2}[ -]\d{4}[ -]\d{4}\b")


def clean_env() -> dict:
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "SAFECOMM_", "DATABASE_URL"))}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """One real ``safecomm demo`` (a subprocess, as `make demo` runs it) for this module."""
    folder = tmp_path_factory.mktemp("demo")
    result = subprocess.run(
        [sys.executable, "-m", "safecomm.cli", "demo", "--database", "demo.db",
         "--today", TODAY.isoformat()], cwd=folder, capture_output=True, text=True,
        env={**clean_env(), "PYTHONPATH": str(ROOT)}, timeout=120)
    return result, folder


def counts(folder: Path, name: str = "demo.db") -> dict:
    engine = make_engine(f"sqlite:///{folder / name}")
    with Session(engine) as session:
        found = {table.__name__: session.scalar(select(func.count()).select_from(table))
                 for table in (Provider, Contract, Staff, MonitoringMeeting, ThematicCheck,
                               SelfAssessment, Briefing, BriefingDelivery, Notification)}
    engine.dispose()
    return found


def test_it_runs_cleanly_and_prints_every_kind_of_message(demo_run):
    result, _ = demo_run
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "Traceback" not in out
    expected = [
        # DBS digest by direct message to a contract manager, with the renewal button
        "──── DM to @Priya Shah (contract manager) ────", "DBS re-checks to act on",
        "[Renewal or leaver]",
        # counts only in the providers' channels; overdue counts per provider to the BSCP
        "──── channel #harbour-lane-fostering (counts only) ────", "DBS re-checks coming due",
        "──── BSCP channel #bscp-safe-commissioning (overdue counts per provider) ────",
        "Overdue DBS re-checks by provider",
        # Update Service status checks against the local DBS stand-in: an urgent new
        # information alert and a no match to managers, a count to the BSCP channel, the
        # weekly list of who cannot be checked
        "(contract manager): urgent: new information ────",
        "Urgent: new information on a DBS certificate", "review the risk today",
        "(contract manager): details to check ────", "no match, or the subscription has lapsed",
        "the DBS refused the details as malformed",
        "cannot be status-checked: missing consent",
        "(new information: counts per provider) ────",
        "2 new information, 1 no match); dry run: no result stored",
        # due reminders: meetings and checks to managers, self-assessments to leads and BSCP
        "Safeguarding duties coming due", "Monitoring meeting for BSC-",
        "Thematic check for BSC-", "(self-assessments) ────",
        "Self-assessment and safeguarding statement for Kestrel Sports Academy",
        # the lifecycle: a tender not ready, a decommissioning contract's exit meeting, a
        # missing statement chased to the lead and counted in the summary
        "Tender not ready to engage for BSC-201", "`/safeguarding ready BSC-201`",
        "Exit monitoring meeting for BSC-202", "Child Safeguarding Statement for Lanternhouse "
        "Respite (missing since", "Child Safeguarding Statements missing: 1 provider",
        # briefings: posted with Acknowledge, chasers to leads, escalation, cascade report
        "BSCP briefing: Spring safeguarding training dates",
        "[Acknowledge — cascaded to our staff]", "(lead of Kestrel Sports Academy) ────",
        "has not been acknowledged for", "Briefings not acknowledged",
        "Briefing cascade report", "acknowledged by 9/12 (75%)",
        # the weekly summary, compared with last week's snapshot; retention
        "Partnership overview — 25 Nov 2026", "compared with 18 Nov 2026",
        "records would be deleted (dry run, nothing written)",
        "would delete the DBS record of staff ",
        # the last screen
        "The partnership on Wednesday 25 Nov 2026", "Reddest providers:",
        "Lanternhouse Respite (high risk)", "DATABASE_URL=sqlite:///demo.db",
    ]
    missing = [text for text in expected if text not in out]
    assert not missing, out
    assert out.count("dry run: would post") == 5  # the five jobs that post


def test_it_shows_messages_readably_and_never_a_full_certificate_number(demo_run):
    out = demo_run[0].stdout
    assert not FULL_NUMBER.search(out)
    assert "••••••••" in out  # masked to the last 4 digits
    assert not re.search(r":[a-z_]+:", out), "an emoji code was left unrendered"
    assert not re.search(r"\[[a-z_]+\]", out), "a block or element was not rendered"
    assert "<@" not in out and "*BSC-" not in out  # mrkdwn became plain text
    assert "U0DEMO" not in out.split("The partnership on")[0]  # names, as Slack shows them


def test_it_keeps_the_key_private_and_says_so(demo_run):
    result, folder = demo_run
    key = folder / "demo.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "demo.key (made now, readable only by you)" in result.stdout


def test_it_builds_a_realistic_partnership(demo_run):
    _, folder = demo_run
    found = counts(folder)
    assert found["Provider"] == 12 and 30 <= found["Contract"] <= 35
    assert 350 <= found["Staff"] <= 450
    assert found["Notification"] == 0  # the dry run wrote no ledger rows
    engine = make_engine(f"sqlite:///{folder / 'demo.db'}")
    with Session(engine) as session:
        assert len({p.risk for p in session.scalars(select(Provider))}) == 3
        due = [d for (d,) in session.execute(select(Staff.dbs_recheck_due).where(
            Staff.dbs_recheck_due.is_not(None), Staff.left_on.is_(None)))]
        overdue = sum(d < TODAY for d in due)
        assert min(due) < TODAY - timedelta(days=200) and max(due) > TODAY + timedelta(days=600)
        assert 0 < overdue < len(due) * 0.1  # some overdue, not mostly red
        assert sum(d > TODAY + timedelta(days=90) for d in due) > len(due) * 0.7
        clauses = [c.clause_element_set for c in session.scalars(select(Contract))]
        assert 2 <= sum(len(c) < 10 for c in clauses) <= len(clauses) // 3
        assert session.scalar(select(func.count()).where(
            MonitoringMeeting.safeguarding_discussed.is_(False))) >= 2
        deliveries = list(session.scalars(select(BriefingDelivery)))
        acked = {d.briefing_id for d in deliveries if d.acknowledged_at}
        waiting = {d.briefing_id for d in deliveries if d.delivered_at and not d.acknowledged_at}
        assert len(acked & waiting) == 2  # two briefings partly acknowledged
        assert is_admin(session, "U0DEMOADMIN")
        assert session.scalar(select(func.count()).select_from(StatusSnapshot).where(
            StatusSnapshot.taken_on == TODAY)) == 0
    engine.dispose()


def test_it_rebuilds_when_run_again(demo_run, tmp_path, monkeypatch):
    first, folder = demo_run
    for name in ("demo.db", "demo.key"):
        shutil.copy2(folder / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    again = CliRunner().invoke(app, ["demo", "--database", "demo.db", "--today",
                                     TODAY.isoformat()], env={"SAFECOMM_ENCRYPTION_KEY": None})
    assert again.exit_code == 0, again.output
    assert "demo.key (kept, readable only by you)" in again.output
    assert counts(tmp_path) == counts(folder)  # rebuilt, not added to
    said_first = first.stdout.split("\n", 1)[1].replace(str(folder), "FOLDER")
    assert again.output.split("\n", 1)[1].replace(str(tmp_path), "FOLDER") == said_first


def test_it_moves_a_weekend_to_the_next_working_day(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo", "--database", "w.db", "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert ("Saturday 28 Nov 2026 is not a working day (the worker posts nothing then): "
            "the demo runs as of Monday 30 Nov 2026.") in result.output
    assert "BSCP briefing: Spring safeguarding training dates" in result.output
    assert "chat --today 2026-11-30" in result.output


def test_it_says_in_one_line_when_the_databases_folder_is_missing(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--database", str(tmp_path / "no" / "d.db"),
                                      "--today", TODAY.isoformat()])
    assert result.exit_code == 1
    assert result.output.strip() == (f"error: --database: there is no folder {tmp_path / 'no'} "
                                     "to build d.db in")


def test_it_writes_the_weekly_trend_chart_and_says_where(demo_run):
    from PIL import Image

    result, folder = demo_run
    chart = folder / "bscp-trend-chart-2026-11-25.png"
    assert f"[file bscp-trend-chart-2026-11-25.png: written to {chart}]" in result.stdout
    with Image.open(chart) as picture:
        picture.load()
        assert picture.size == (1200, 750)
    engine = make_engine(f"sqlite:///{folder / 'demo.db'}")
    with Session(engine) as session:
        weeks = session.scalars(select(StatusSnapshot.taken_on).distinct()).all()
    engine.dispose()
    assert len(weeks) == 10  # eleven weeks back, one left out (a gap in the chart)
    assert max(weeks) == TODAY - timedelta(days=7) and min(weeks) == TODAY - timedelta(weeks=11)
def test_it_shows_an_awaiting_starter_and_never_the_leaver(demo_run):
    result, _ = demo_run
    out = result.stdout
    assert "Rowan Pryce" in out and "awaiting a DBS certificate (applied" in out
    assert "Idris Kell" not in out
