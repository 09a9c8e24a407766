"""Retention: a DBS record is deleted SAFECOMM_RETENTION_MONTHS (default 6) after the person left
or the contract ended; ``safecomm run retention`` (dry run and real) and the worker's schedule;
every deletion audited without the person's name or number."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from jobs.scheduler import build_scheduler
from models import AuditEntry, Staff
from models.settings import load_settings
from safecomm.cli import app
from tests.factories import make_contract, make_provider, make_staff
from tests.privacy.helpers import run_main, unique

TODAY = date(2026, 11, 25)


def people(session):
    """Left 7 months ago; left 13 months ago; on a contract that ended 7 months ago; current."""
    provider = make_provider(session)
    live = make_contract(session, provider)
    ended = make_contract(session, provider, end_date=date(2026, 4, 25))
    ended_name = unique("Invented Ended")  # no staff reference but the name: never shown
    made = {"left 7": make_staff(session, live, left_on=date(2026, 4, 25),
                                 name=unique("Invented Seven")),
            "left 13": make_staff(session, live, left_on=date(2025, 10, 25),
                                  name=unique("Invented Thirteen")),
            "ended 7": make_staff(session, ended, name=ended_name, staff_ref=ended_name),
            "current": make_staff(session, live, name=unique("Invented Current"))}
    session.commit()
    return {k: (s.id, s.name, s.staff_ref, live.reference if k != "ended 7" else ended.reference)
            for k, s in made.items()}


def remaining(session) -> set[int]:
    session.expire_all()
    return set(session.scalars(select(Staff.id)))


def run(*args: str):
    result = CliRunner().invoke(app, ["run", "retention", "--today", TODAY.isoformat(), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_default_is_six_months_and_a_dry_run_changes_nothing(cli_env, session):
    staff = people(session)
    assert load_settings().retention_months == 6

    output = run("--dry-run")

    assert "retention: 3 records would be deleted (dry run, nothing written)" in output
    for key, when in (("left 7", "left on 25 Apr 2026"), ("left 13", "left on 25 Oct 2025")):
        _, _, ref, contract = staff[key]
        assert (f"would delete the DBS record of staff {ref} on {contract} ({when}, retention "
                "6 months)") in output
    assert (f"would delete the DBS record of a member of staff on {staff['ended 7'][3]} "
            "(contract ended on 25 Apr 2026, retention 6 months)") in output
    assert not any(name in output for _, name, _, _ in staff.values())
    assert not any(f"record {i} " in output or f"staff {i} " in output
                   for i, _, _, _ in staff.values()), "no database ids"
    assert remaining(session) == {i for i, _, _, _ in staff.values()}
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_a_configured_period_is_used_and_each_deletion_is_audited_without_the_person(
        cli_env, session, monkeypatch):
    staff = people(session)
    monkeypatch.setenv("SAFECOMM_RETENTION_MONTHS", "12")

    output = run()

    assert output.strip() == "retention: 1 record deleted"
    gone = staff["left 13"][0]
    assert remaining(session) == {i for i, _, _, _ in staff.values()} - {gone}
    [entry] = session.scalars(select(AuditEntry))
    assert (entry.action, entry.entity, entry.entity_id, entry.actor) == (
        "delete", "staff", str(gone), "job:retention")
    assert entry.note == "left; retention 12 months"  # no date: it is the person's
    assert entry.changes["dbs_record"] == ["(deleted)", None]
    assert not any(name in json.dumps(entry.changes) + entry.note
                   for _, name, _, _ in staff.values())
    assert run().strip() == "retention: 0 records deleted"  # nothing twice


@pytest.mark.usefixtures("restore_logging")
def test_a_retention_period_that_is_not_a_number_of_months_is_one_line(cli_env, monkeypatch,
                                                                       capsys):
    monkeypatch.setenv("SAFECOMM_RETENTION_MONTHS", "0")

    code, out, err = run_main(monkeypatch, capsys, "run", "retention", "--dry-run")

    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: SAFECOMM_RETENTION_MONTHS: Input should be greater than or equal to 1"]


def test_the_worker_runs_retention_every_working_day_at_seven():
    london = ZoneInfo("Europe/London")
    jobs = {job.id: job for job in build_scheduler(london, run=lambda name: None).get_jobs()}

    trigger = jobs["retention"].trigger
    fire = trigger.get_next_fire_time(None, datetime(2026, 12, 24, 12, tzinfo=london))

    assert not trigger.weekly
    assert fire == datetime(2026, 12, 29, 7, 0, tzinfo=london)  # after Christmas and Boxing Day
