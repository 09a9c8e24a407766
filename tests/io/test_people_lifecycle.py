"""Each person's DBS state through the staff import, ``status`` (standard 4), ``export dbs``
and retention: current, due, overdue, awaiting (amber, then red), no DBS record, left — and an
erased person leaves no trace in any text column of any table."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import JSON, String, Text, select
from sqlmodel import SQLModel

from models import Contract, Staff
from models.enums import Rag
from models.queries import contract_status
from safecomm.dataio.importer import import_file
from tests.io.conftest import CONTRACTS, PROVIDERS, STAFF

NOW = datetime(2027, 3, 3, 9, 0, tzinfo=UTC)  # the import's today: 3 March 2027
TODAY = NOW.date()
BASE = {**STAFF[0], "dbs_certificate": "", "dbs_issue_date": "", "left_on": "",
        "dbs_applied_on": "", "update_service": "no"}
CERTIFICATE = {"dbs_certificate": "0012 3456 7890", "dbs_issue_date": "2025-04-03"}


def person(ref: str, **values: str) -> dict:
    return {**BASE, "staff_ref": ref, "name": f"Invented {ref}", **values}


STATES = {
    "P-CUR": person("P-CUR", **CERTIFICATE),  # re-check 2028-04-03: current
    "P-DUE": person("P-DUE", **CERTIFICATE, dbs_recheck_due="2027-03-20"),
    "P-OVER": person("P-OVER", **CERTIFICATE, dbs_recheck_due="2027-02-01"),
    "P-WAIT": person("P-WAIT", dbs_applied_on="2027-02-20"),  # 11 days: amber
    "P-LATE": person("P-LATE", dbs_applied_on="2027-01-10"),  # 52 days: red
    "P-NONE": person("P-NONE"),  # no certificate, nothing applied for: red
    "P-LEFT": person("P-LEFT", **CERTIFICATE, dbs_recheck_due="2027-01-01",
                     left_on="2027-03-01"),
}


@pytest.fixture
def imported(cli, write_csv, session, cipher):
    for kind, rows in (("providers", PROVIDERS), ("contracts", CONTRACTS)):
        assert cli("import", kind, write_csv(f"{kind}.csv", rows)).exit_code == 0

    def run(rows):
        path = write_csv("staff.csv", rows, header=list(dict.fromkeys(k for r in rows for k in r)))
        import_file(session, kind="staff", path=path, actor="cli:test", now=NOW, cipher=cipher)
        session.commit()

    return run


def standard_4(session, **options):
    contract = session.scalars(select(Contract).where(Contract.reference == "OAK-001")).one()
    return contract_status(session, contract=contract, today=TODAY, **options)[3]


def test_each_state_is_counted_in_standard_4(imported, session):
    imported(list(STATES.values()))

    status = standard_4(session)

    assert status.rag is Rag.RED
    assert status.reason == ("1 missing a DBS record; 1 awaiting a DBS certificate for over 28 "
                             "days; 1 re-check overdue of 6 staff; 1 left (out of the standard)")


def test_awaiting_is_amber_until_the_awaiting_days_then_red(imported, session):
    imported([STATES["P-CUR"], STATES["P-WAIT"]])
    amber = standard_4(session)
    assert (amber.rag, amber.reason) == (
        Rag.AMBER, "1 of 2 staff awaiting a DBS certificate")
    assert amber.next_due == date(2027, 3, 20)  # applied 20 Feb + 28 days

    assert standard_4(session, awaiting_days=10).rag is Rag.RED


def test_a_leaver_is_out_of_the_standard(imported, session):
    imported([STATES["P-CUR"], STATES["P-LEFT"]])

    status = standard_4(session)

    assert (status.rag, status.reason) == (
        Rag.GREEN, "the 1 DBS re-check in date; 1 left (out of the standard)")


def test_export_dbs_names_each_state(imported, cli):
    imported(list(STATES.values()))

    result = cli("export", "dbs", "--today", TODAY.isoformat())

    assert result.exit_code == 0, result.output
    rows = {r["staff_ref"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert {ref: rows[ref]["dbs_state"] for ref in STATES} == {
        "P-CUR": "current", "P-DUE": "due", "P-OVER": "overdue", "P-WAIT": "awaiting",
        "P-LATE": "awaiting_late", "P-NONE": "no_record", "P-LEFT": "left"}
    assert rows["P-WAIT"]["dbs_applied_on"] == "2027-02-20"


def test_without_a_certificate_no_recheck_date_is_made_up(imported, session):
    imported([person("P-ODD", dbs_issue_date="2025-04-03")])

    stored = session.scalars(select(Staff).where(Staff.staff_ref == "P-ODD")).one()
    assert stored.dbs_recheck_due is None


SECRET = {"name": "Zebedee Quillfeather", "role": "Kite instructor", "staff_ref": "ZQ-77",
          "dbs_certificate": "0077 1122 9384", "dbs_issue_date": "2024-07-19",
          "dbs_recheck_due": "2027-07-23", "date_of_birth": "1988-09-14", "surname": "Quillfeather",
          "update_service_consent": "2026-10-29", "update_service": "yes",
          "dbs_applied_on": "2024-06-11"}
TRACES = ["Zebedee", "Quillfeather", "Kite instructor", "ZQ-77", "9384", "2024-07-19",
          "2027-07-23", "1988-09-14", "2026-10-29", "2024-06-11", "2027-02-17"]


def every_text(engine) -> str:
    """Every text and JSON value of every row of every table."""
    found = []
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            if not columns:
                continue
            for row in connection.execute(select(*columns)):
                found += [json.dumps(value, default=str) for value in row]
    return "\n".join(found)


def test_retention_erases_a_person_from_every_table(imported, cli, engine, session):
    imported([{**BASE, **SECRET}])
    imported([{**BASE, **SECRET, "role": "Kite instructor", "left_on": "2027-02-17"}])
    assert "Quillfeather" in every_text(engine) and "2027-02-17" in every_text(engine)

    result = cli("run", "retention", "--today", "2027-08-17")

    assert result.exit_code == 0, result.output
    assert "retention: 1 record deleted" in result.output
    text = every_text(engine)
    assert [trace for trace in TRACES if trace in text] == []
    assert "[erased]" in text
