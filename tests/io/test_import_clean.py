"""Importing clean files: what is stored, the summary, upserts by natural key, re-imports."""

import re
from datetime import date, datetime

from openpyxl import Workbook
from sqlmodel import select

from models import AuditEntry, Contract, Provider, SelfAssessment, Staff
from models.enums import CLAUSE_ELEMENTS
from tests.io.conftest import CONTRACTS, PROVIDERS, STAFF, snapshot


def staff_by_ref(session):
    return {s.staff_ref: s for s in session.scalars(select(Staff))}


def test_it_imports_providers_contracts_and_staff_with_spec_defaults(loaded, session):
    oak, elm = (session.scalars(select(Provider).where(Provider.name == name)).one()
                for name in ("Oak Care", "Elm Youth Trust"))
    assert (oak.risk, elm.risk) == ("high", "medium")
    assert (elm.slack_channel, elm.safeguarding_lead) == ("#elm-youth", "lead@elm.example.org")
    [assessment] = session.scalars(select(SelfAssessment)).all()
    assert (assessment.provider_id, assessment.completed_on,
            assessment.statement_received_on) == (oak.id, date(2026, 1, 31), date(2026, 2, 3))
    contracts = {c.reference: c for c in session.scalars(select(Contract))}
    assert contracts["OAK-001"].clause_elements == ";".join(CLAUSE_ELEMENTS)
    assert contracts["OAK-001"].slack_channel is None  # the provider's
    assert contracts["ELM-001"].start_date == date(2026, 3, 1)  # 01/03/2026, day first
    assert contracts["ELM-001"].monitoring_every_months == 3
    assert contracts["ELM-001"].clause_elements == "legislation;training;cascade"
    assert contracts["ELM-001"].provider_id == elm.id
    staff = staff_by_ref(session)
    assert set(staff) == {"P001", "P002", "Chloe Colne"}  # staff_ref defaults to the name
    assert staff["P001"].dbs_recheck_due == date(2028, 4, 3)  # issue date + 3 years
    assert staff["Chloe Colne"].dbs_issue_date == date(2025, 4, 3)  # 3/4/25
    assert staff["Chloe Colne"].dbs_recheck_due == date(2027, 12, 31)
    assert staff["P002"].dbs_certificate_token is None


def test_it_reports_the_counts_created_updated_and_unchanged(cli, write_csv):
    result = cli("import", "providers", write_csv("p.csv", PROVIDERS))
    assert result.exit_code == 0, result.output
    assert result.stdout == "providers: 2 created, 0 updated, 0 unchanged\n"


def test_it_changes_nothing_when_the_same_files_are_imported_again(loaded, engine, write_csv):
    before = snapshot(engine)
    for kind, rows in (("providers", PROVIDERS), ("contracts", CONTRACTS), ("staff", STAFF)):
        result = loaded("import", kind, write_csv(f"{kind}.csv", rows))
        assert result.exit_code == 0, result.output
        assert f"0 created, 0 updated, {len(rows)} unchanged" in result.stdout
    assert snapshot(engine) == before


def test_it_finds_providers_and_contracts_whatever_the_case_and_spacing(loaded, write_csv,
                                                                        session):
    contracts = [dict(CONTRACTS[0], provider="  oak   CARE ")]
    staff = [dict(STAFF[0], contract="oak-001")]
    for kind, rows in (("contracts", contracts), ("staff", staff)):
        result = loaded("import", kind, write_csv(f"{kind}.csv", rows))
        assert result.exit_code == 0, result.stderr
    oak = session.scalars(select(Provider).where(Provider.name == "Oak Care")).one()
    contract = session.scalars(select(Contract).where(Contract.reference == "OAK-001")).one()
    assert contract.provider_id == oak.id and staff_by_ref(session)["P001"].contract_id == \
        contract.id


def test_it_stores_certificate_numbers_only_encrypted_with_their_last_4(loaded, session,
                                                                         cipher, engine):
    staff = staff_by_ref(session)
    assert staff["P001"].dbs_certificate_last4 == "7890"
    assert cipher.decrypt(staff["P001"].dbs_certificate_token) == "001234567890"
    assert cipher.decrypt(staff["Chloe Colne"].dbs_certificate_token) == "009876543210"
    stored = repr(snapshot(engine))
    assert "001234567890" not in stored and "009876543210" not in stored


def test_it_updates_only_what_changed_and_audits_the_change(loaded, write_csv, session):
    rows = [dict(row) for row in STAFF]
    rows[0]["role"] = "Senior support worker"
    rows[2]["dbs_certificate"] = "005555553210"  # a new number with the same last 4 digits
    result = loaded("import", "staff", write_csv("staff2.csv", rows))
    assert result.exit_code == 0, result.output
    assert "0 created, 2 updated, 1 unchanged" in result.stdout
    staff = staff_by_ref(session)
    assert staff["P001"].role == "Senior support worker"
    updates = {e.entity_id: e for e in session.scalars(
        select(AuditEntry).where(AuditEntry.action == "update"))}
    assert updates[str(staff["P001"].id)].changes == {
        "role": ["Support worker", "Senior support worker"]}
    assert updates[str(staff["Chloe Colne"].id)].changes == {
        "dbs_certificate": ["••••••••3210", "••••••••3210"]}


def test_it_writes_an_audit_entry_for_every_row_created_by_the_os_user(loaded, session):
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    by_entity = {}
    for entry in entries:
        by_entity.setdefault(entry.entity, []).append(entry)
    assert {k: len(v) for k, v in by_entity.items()} == {
        "provider": 2, "self_assessment": 1, "contract": 2, "staff": 3}
    assert {e.actor for e in entries} == {"cli:alice"}
    assert {e.action for e in entries} == {"create"}
    amara = next(e for e in by_entity["staff"] if e.changes["name"][1] == "Amara Ashby")
    assert amara.changes["dbs_certificate"] == [None, "••••••••7890"]
    assert amara.note == "import staff staff.csv"
    assert not re.search(r"\d{12}", repr([e.changes for e in entries]))


def test_it_reads_semicolons_a_bom_and_headers_in_any_case_and_spacing(cli, write_csv,
                                                                        session):
    path = write_csv("p.csv", [{"Name": "Oak Care", "Slack Channel": "C0OAK0001",
                                "RISK": "Low", "self assessment_completed": "31 January 2026"}],
                     delimiter=";", bom=True)
    result = cli("import", "providers", path)
    assert result.exit_code == 0, result.output
    provider = session.scalars(select(Provider)).one()
    assert (provider.name, provider.slack_channel, provider.risk) == ("Oak Care", "C0OAK0001",
                                                                       "low")
    assert session.scalars(select(SelfAssessment)).one().completed_on == date(2026, 1, 31)


def test_it_imports_the_first_sheet_of_an_xlsx_workbook(loaded, tmp_path, session):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Contract", "Name", "Contact Level", "DBS Certificate", "DBS Issue Date",
                  "Staff Ref"])
    sheet.append(["oak-001", "Dev Dunmore", "Regular", "0011 2233 4455",
                  datetime(2026, 5, 6), 1001])
    workbook.save(tmp_path / "staff.xlsx")
    result = loaded("import", "staff", tmp_path / "staff.xlsx")
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated, 0 unchanged" in result.stdout
    dev = staff_by_ref(session)["1001"]
    assert (dev.name, dev.contact_level, dev.dbs_certificate_last4) == ("Dev Dunmore",
                                                                        "regular", "4455")
    assert (dev.dbs_issue_date, dev.dbs_recheck_due) == (date(2026, 5, 6), date(2029, 5, 6))
    again = loaded("import", "staff", tmp_path / "staff.xlsx")
    assert "0 created, 0 updated, 1 unchanged" in again.stdout


def test_it_keeps_stored_values_of_columns_the_file_leaves_out(loaded, write_csv, session):
    path = write_csv("c.csv", [{"reference": "ELM-001", "provider": "Elm Youth Trust",
                                "start_date": "2026-03-01", "service": "Mentoring plus"}])
    result = loaded("import", "contracts", path)
    assert "0 created, 1 updated, 0 unchanged" in result.stdout
    contract = session.scalars(select(Contract).where(Contract.reference == "ELM-001")).one()
    assert contract.service == "Mentoring plus"
    assert contract.clause_elements == "legislation;training;cascade"
    assert contract.contract_manager == "cm@council.example.org"


def test_it_notes_columns_it_does_not_know(cli, write_csv):
    result = cli("import", "providers", write_csv("p.csv", [{"name": "Oak", "Postcode": "X"}]))
    assert result.exit_code == 0
    assert "note: ignored column(s) 'Postcode': not providers columns" in result.stderr


def test_it_imports_meetings_and_training_and_changes_nothing_the_second_time(
        loaded, write_csv, session, engine):
    meetings = write_csv("m.csv", [
        {"contract": "OAK-001", "held_on": "30/04/2026", "safeguarding_discussed": "yes",
         "notes": "All fine", "actions": "Chase training", "next_meeting": "31 July 2026"},
        {"contract": "ELM-001", "held_on": "2026-05-01", "safeguarding_discussed": "no",
         "notes": "", "actions": "", "next_meeting": ""}])
    training = write_csv("t.csv", [
        {"provider": "Oak Care", "course": "Safer recruitment", "date": "12/03/2026",
         "attendees": "4"},
        {"provider": "elm youth trust", "course": "CSE and CCE", "date": "2026-03-13",
         "attendees": ""}])
    for kind, path, count in (("meetings", meetings, 2), ("training", training, 2)):
        first = loaded("import", kind, path)
        assert first.exit_code == 0, first.output
        assert f"{count} created, 0 updated, 0 unchanged" in first.stdout
    before = snapshot(engine)
    for kind, path in (("meetings", meetings), ("training", training)):
        assert "0 created, 0 updated, 2 unchanged" in loaded("import", kind, path).stdout
    assert snapshot(engine) == before
    held = {row[2]: row for row in before["monitoring_meetings"]}
    assert held[date(2026, 4, 30)][3] is True  # safeguarding discussed
    assert date(2026, 7, 31) in held[date(2026, 4, 30)]
    assert sorted(row[4] for row in before["training_attendance"]) == [1, 4]
