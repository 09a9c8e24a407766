"""Contract status through import, and the imports of self-assessments and thematic checks:
whole or nothing, upserts by the natural key, the future refused with the row named."""

from datetime import date

import pytest
from sqlmodel import select

from models import AuditEntry, Contract, SelfAssessment, ThematicCheck
from tests.io.conftest import CONTRACTS, snapshot
from tests.io.test_exports import rows_of

FUTURE = "2999-01-04"


def contract(session, reference):
    return session.scalars(select(Contract).where(Contract.reference == reference)).one()


def imported(cli, write_csv, kind, rows, name="file.csv"):
    result = cli("import", kind, write_csv(name, rows, header=list(
        dict.fromkeys(key for row in rows for key in row))))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("status", ["tender", "active", "decommissioning", "ended"])
def test_it_imports_each_contract_status(loaded, write_csv, session, status):
    rows = [dict(CONTRACTS[0], status=status.upper() if status == "ended" else status)]
    imported(loaded, write_csv, "contracts", rows)
    assert contract(session, "OAK-001").status == status


def test_it_keeps_the_stored_status_when_the_file_has_no_status_column(loaded, write_csv,
                                                                       session):
    imported(loaded, write_csv, "contracts", [dict(CONTRACTS[0], status="tender")])
    imported(loaded, write_csv, "contracts", [CONTRACTS[0]], name="again.csv")
    assert contract(session, "OAK-001").status == "tender"
    assert contract(session, "ELM-001").status == "active"  # the default


def test_it_takes_the_stored_end_date_of_a_contract_going_into_decommissioning(
        loaded, write_csv, session):
    row = {"reference": "OAK-001", "provider": "Oak Care", "start_date": "2026-02-01",
           "status": "decommissioning"}  # no end_date column: 31/01/2029 is stored
    imported(loaded, write_csv, "contracts", [row])
    assert contract(session, "OAK-001").status == "decommissioning"


BAD = {
    "a decommissioning contract without an end date": (
        "contracts", [dict(CONTRACTS[1], status="decommissioning")],
        "row 2: end_date: required for a decommissioning contract (the day it ends)"),
    "a tender without a provider": (
        "contracts", [dict(CONTRACTS[0], reference="TND-1", status="tender", provider="")],
        "row 2: provider: required, but empty"),
    "a status outside the list": (
        "contracts", [dict(CONTRACTS[0], status="awarded")],
        "row 2: status: 'awarded' is not one of tender, active, decommissioning, ended"),
    "a meeting held in the future": (
        "meetings", [{"contract": "OAK-001", "held_on": "2026-04-30",
                      "safeguarding_discussed": "yes"},
                     {"contract": "OAK-001", "held_on": FUTURE, "safeguarding_discussed": "yes"}],
        "row 3: held_on: 04/01/2999 is in the future (today is "),
    "a check done in the future": (
        "checks", [{"contract": "OAK-001", "theme": "Safer recruitment", "done_on": FUTURE,
                    "outcome": "green"}],
        "row 2: done_on: 04/01/2999 is in the future (today is "),
    "a check neither planned nor done": (
        "checks", [{"contract": "OAK-001", "theme": "Safer recruitment", "due_on": "",
                    "done_on": ""}],
        "row 2: done_on: empty, and so is due_on"),
    "an outcome for a check not done": (
        "checks", [{"contract": "OAK-001", "theme": "Online safety", "due_on": "2027-01-01",
                    "outcome": "red"}],
        "row 2: outcome: given without done_on"),
    "an outcome outside the list": (
        "checks", [{"contract": "OAK-001", "theme": "Online safety", "done_on": "2026-05-01",
                    "outcome": "purple"}],
        "row 2: outcome: 'purple' is not one of green, amber, red"),
    "a check on an unknown contract": (
        "checks", [{"contract": "OAK-01", "theme": "Online safety", "done_on": "2026-05-01"}],
        "row 2: contract: no contract 'OAK-01' in the database (did you mean 'OAK-001'?)"),
    "the same check twice": (
        "checks", [{"contract": "OAK-001", "theme": "Online safety", "done_on": "2026-05-01"}] * 2,
        "row 3: theme: 'Online safety' done on 01/05/2026 for this contract is already at row 2"),
    "an assessment completed in the future": (
        "assessments", [{"provider": "Oak Care", "completed_on": FUTURE}],
        "row 2: completed_on: 04/01/2999 is in the future (today is "),
    "a statement received in the future": (
        "assessments", [{"provider": "Elm Youth Trust", "completed_on": "2026-05-01",
                         "statement_received_on": FUTURE}],
        "row 2: statement_received_on: 04/01/2999 is in the future"),
    "an assessment of an unknown provider": (
        "assessments", [{"provider": "Oak Kare", "completed_on": "2026-05-01"}],
        "row 2: provider: no provider 'Oak Kare' in the database (did you mean 'Oak Care'?)"),
    "the same assessment twice": (
        "assessments", [{"provider": "Oak Care", "completed_on": "2026-05-01"},
                        {"provider": "oak care", "completed_on": "01/05/2026"}],
        "row 3: completed_on: a self-assessment on 01/05/2026 for this provider is already at "
        "row 2"),
}


@pytest.mark.parametrize("case", BAD)
def test_it_refuses_bad_lifecycle_rows_naming_row_and_column_and_writes_nothing(
        case, loaded, write_csv, engine):
    kind, rows, expected = BAD[case]
    before = snapshot(engine)
    result = loaded("import", kind, write_csv("bad.csv", rows, header=list(
        dict.fromkeys(key for row in rows for key in row))))
    assert result.exit_code == 1
    assert expected in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr
    assert snapshot(engine) == before


ASSESSMENTS = [
    {"provider": "Oak Care", "completed_on": "2025-01-20", "statement_received_on": "",
     "notes": "statement chased"},
    {"provider": "Elm Youth Trust", "completed_on": "3 March 2026",
     "statement_received_on": "2026-03-10", "notes": ""},
]


def test_it_imports_self_assessments_once_and_updates_them_by_provider_and_day(
        loaded, write_csv, session, engine):
    assert imported(loaded, write_csv, "assessments", ASSESSMENTS) == \
        "assessments: 2 created, 0 updated, 0 unchanged\n"
    before = snapshot(engine)
    assert imported(loaded, write_csv, "assessments", ASSESSMENTS, "again.csv") == \
        "assessments: 0 created, 0 updated, 2 unchanged\n"
    assert snapshot(engine) == before
    received = [dict(ASSESSMENTS[0], statement_received_on="2025-02-01")]
    assert imported(loaded, write_csv, "assessments", received, "late.csv") == \
        "assessments: 0 created, 1 updated, 0 unchanged\n"
    rows = {(a.completed_on, a.statement_received_on, a.recorded_by)
            for a in session.scalars(select(SelfAssessment))}
    assert (date(2025, 1, 20), date(2025, 2, 1), "cli:alice") in rows
    assert (date(2026, 3, 3), date(2026, 3, 10), "cli:alice") in rows
    entries = session.scalars(select(AuditEntry).where(
        AuditEntry.entity == "self_assessment")).all()
    assert [e.action for e in entries].count("update") == 1


CHECKS = [
    {"contract": "OAK-001", "theme": "Safer recruitment", "due_on": "2026-05-01",
     "done_on": "2026-04-28", "outcome": "amber", "findings": "two files without references"},
    {"contract": "OAK-001", "theme": "Online safety", "due_on": "2027-02-01", "done_on": "",
     "outcome": "", "findings": ""},
]


def checks(session):
    return {(c.theme, c.due_on, c.done_on, c.outcome)
            for c in session.scalars(select(ThematicCheck))}


def test_it_imports_checks_done_and_planned_and_changes_nothing_the_second_time(
        loaded, write_csv, session, engine):
    assert imported(loaded, write_csv, "checks", CHECKS) == \
        "checks: 2 created, 0 updated, 0 unchanged\n"
    assert checks(session) == {("Safer recruitment", date(2026, 5, 1), date(2026, 4, 28), "amber"),
                               ("Online safety", date(2027, 2, 1), None, None)}
    before = snapshot(engine)
    assert imported(loaded, write_csv, "checks", CHECKS, "again.csv") == \
        "checks: 0 created, 0 updated, 2 unchanged\n"
    assert snapshot(engine) == before


def test_it_completes_the_planned_check_of_the_same_theme_as_the_form_does(
        loaded, write_csv, session):
    imported(loaded, write_csv, "checks", [CHECKS[1]])
    done = [{"contract": "oak-001", "theme": "online SAFETY", "done_on": "2026-06-02",
             "outcome": "green", "findings": ""}]
    assert imported(loaded, write_csv, "checks", done, "done.csv") == \
        "checks: 0 created, 1 updated, 0 unchanged\n"
    assert checks(session) == {("online SAFETY", date(2027, 2, 1), date(2026, 6, 2), "green")}
    session.expire_all()
    assert imported(loaded, write_csv, "checks", done, "again.csv") == \
        "checks: 0 created, 0 updated, 1 unchanged\n"


def test_export_status_shows_a_tender_with_its_readiness_and_a_contract_past_its_end_as_ended(
        loaded, write_csv):
    rows = [dict(CONTRACTS[0], reference="TND-9", status="tender", start_date="2027-01-04",
                 end_date=""),
            dict(CONTRACTS[1], status="decommissioning", end_date="2026-11-24")]
    imported(loaded, write_csv, "contracts", rows)
    exported = {row["reference"]: row for row in rows_of(
        loaded("export", "status", "--today", "2026-11-25"))}
    tender = exported["TND-9"]
    assert tender["contract_status"] == "tender"
    assert tender["readiness"] == "ready to engage"
    assert (tender["clause"], tender["monitoring"], tender["monitoring_reason"]) == ("", "", "")
    assert exported["ELM-001"]["contract_status"] == "ended"
    assert exported["OAK-001"]["contract_status"] == "active"
    assert exported["OAK-001"]["readiness"] == ""
