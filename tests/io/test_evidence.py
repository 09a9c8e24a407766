"""`safecomm export evidence PROVIDER [-o FILE]`: a provider's evidence pack as a workbook."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from models import AuditEntry, Contract, Provider, Staff, ThematicCheck, TrainingAttendance
from models.briefings import publish_briefing
from models.enums import AuditAction, ContactLevel, Rag
from models.evidence_dbs import dbs_state
from models.queries import provider_status
from models.update_service import Standing
from tests.factories import make_meeting

TODAY = date(2026, 11, 25)
BIRTHDAY = date(1990, 2, 14)
TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")
SHEETS = ["Cover", "1 Self-assessment", "2 Clause", "3 Briefings", "3 Training",
          "4 DBS by contract", "4 DBS staff", "5 Monitoring", "6 Thematic checks", "Audit"]


@pytest.fixture
def oak(loaded, session, cipher):
    """Oak Care, imported, with a meeting, a check, training, a briefing and a date of birth
    on record — and, in the trail, a careless entry holding a date of birth and a number."""
    provider = session.scalars(select(Provider).where(Provider.name == "Oak Care")).one()
    contract = session.scalars(select(Contract).where(Contract.reference == "OAK-001")).one()
    amara = session.scalars(select(Staff).where(Staff.name == "Amara Ashby")).one()
    amara.date_of_birth_token = cipher.encrypt(BIRTHDAY.strftime("%d/%m/%Y"))
    make_meeting(session, contract, held_on=date(2026, 10, 1), safeguarding_discussed=False,
                 notes="=HYPERLINK(\"http://x.invalid\") certificate 0012 3456 7890 seen")
    session.add(ThematicCheck(contract_id=contract.id, theme="Safer recruitment",
                              due_on=date(2026, 9, 1), done_on=date(2026, 9, 3),
                              outcome=Rag.AMBER, findings="Two files lacked references",
                              recorded_by="test"))
    session.add(TrainingAttendance(provider_id=provider.id, course="Essentials",
                                   attended_on=date(2026, 6, 2), attendees=7))
    session.add(AuditEntry(at=datetime(2026, 11, 1, 9, tzinfo=UTC), actor="cli:bob",
                           action=AuditAction.UPDATE, entity="staff", entity_id=str(amara.id),
                           changes={"date_of_birth": [None, BIRTHDAY.isoformat()],
                                    "dbs_certificate": [None, "001234567890"]}))
    publish_briefing(session, title="New LADO form", summary="Use it.",
                     url="https://example.org/lado", kind="procedure_update", audience="all",
                     actor="cli:alice", now=datetime(2026, 11, 2, 9, tzinfo=UTC))
    session.commit()
    return provider


def export(cli, tmp_path, name="Oak Care", *extra) -> Path:
    path = tmp_path / "pack.xlsx"
    result = cli("export", "evidence", name, "-o", path, "--today", TODAY.isoformat(), *extra)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (f"wrote the evidence pack for Oak Care as of "
                                     f"{TODAY.isoformat()} to {path}")
    return path


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_covers_colours_and_reasons_are_those_of_status(oak, cli, tmp_path, session):
    book = load_workbook(export(cli, tmp_path))

    cover = rows(book["Cover"])
    shown = {row[0]: (row[2], row[3]) for row in cover if row[0] in range(1, 7)}
    overall, _ = provider_status(session, provider=oak, today=TODAY)
    assert shown == {s.number: (str(s.rag), s.reason) for s in overall}
    assert shown[5][0] == "red"  # safeguarding not discussed at the last meeting
    assert cover[1][0] == "Oak Care" and ("As of", datetime(2026, 11, 25)) in [r[:2] for r in cover]
    colour_cell = next(r for r in book["Cover"].iter_rows() if r[0].value == 5)[2]
    assert colour_cell.fill.fgColor.rgb.endswith("F4B6A0") and colour_cell.font.b


def test_it_has_a_sheet_per_kind_of_evidence_with_frozen_headers_and_values(
        oak, cli, tmp_path):
    book = load_workbook(export(cli, tmp_path))

    assert book.sheetnames == SHEETS
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(len(str(c.value)) + 2 <= w <= 60 or w == 60
                   for c, w in zip(sheet[1], widths, strict=True)), sheet.title
    [amara] = [r for r in rows(book["4 DBS staff"]) if r[2] == "Amara Ashby"]
    assert amara[6] == "••••••••7890" and amara[8] == datetime(2028, 4, 3)
    assert amara[9] == (date(2028, 4, 3) - TODAY).days and amara[10] == "current"
    [ben] = [r for r in rows(book["4 DBS staff"]) if r[2] == "Ben Bramley"]
    assert ben[10] == "not needed (no contact with children)"
    [counts] = rows(book["4 DBS by contract"])[1:]
    assert counts[:4] == ("OAK-001", "green", "the 1 DBS re-check in date", 1)
    [meeting] = rows(book["5 Monitoring"])[1:]
    assert (meeting[5], meeting[6]) == (datetime(2026, 10, 1), "no")
    [check] = rows(book["6 Thematic checks"])[1:]
    assert check[4:9] == ("Safer recruitment", datetime(2026, 9, 1), datetime(2026, 9, 3),
                          "amber", "Two files lacked references")
    assert rows(book["3 Training"])[1:] == [("Essentials", datetime(2026, 6, 2), 7)]
    [briefing] = rows(book["3 Briefings"])[1:]
    assert briefing[0] == "New LADO form" and briefing[7] == "not delivered yet"
    assert rows(book["2 Clause"])[1][5:7] == (10, "none")


def test_the_audit_sheet_holds_the_providers_entries_only(oak, cli, tmp_path):
    audit = rows(load_workbook(export(cli, tmp_path))["Audit"])

    records = {row[3] for row in audit[1:]}
    assert {"provider", "contract", "staff"} <= records
    assert not any("Elm Youth Trust" in str(row) or "Chloe Colne" in str(row) for row in audit)
    assert any("name: Amara Ashby" in str(row[5]) for row in audit[1:])
    assert all(isinstance(row[0], datetime) for row in audit[1:])


def test_no_cell_holds_a_certificate_number_or_a_date_of_birth(oak, cli, tmp_path):
    book = load_workbook(export(cli, tmp_path))

    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    texts = [str(cell.value) for cell in cells if cell.value is not None]
    assert not [t for t in texts if TWELVE_DIGITS.search(re.sub(r"[ -]", "", t))]
    assert not [t for t in texts if re.search(r"1990|14/02|14 Feb", t)]
    assert not [c for c in cells if c.value in (BIRTHDAY, datetime(1990, 2, 14))]
    assert any("date_of_birth: (not shown)" in t for t in texts)
    assert any("••••••••7890" in t for t in texts)
    assert not [c for c in cells if c.data_type == "f"]  # text starting "=" stays text


def test_an_unknown_provider_is_one_line_naming_it(loaded, tmp_path):
    result = loaded("export", "evidence", "Oak Carre", "-o", tmp_path / "x.xlsx")

    assert result.exit_code == 1
    assert result.output.strip() == ("error: PROVIDER: no provider 'Oak Carre' (did you mean "
                                     "'Oak Care'?)")
    assert not (tmp_path / "x.xlsx").exists()


def test_any_case_or_spacing_names_the_provider_and_the_file_is_named_after_it(loaded):
    result = loaded("export", "evidence", "  oak   CARE ", "--today", TODAY.isoformat())

    assert result.exit_code == 0, result.output
    assert Path("evidence-oak-care-2026-11-25.xlsx").exists()
    assert load_workbook("evidence-oak-care-2026-11-25.xlsx").sheetnames == SHEETS


def test_a_file_that_is_not_xlsx_is_bad_usage(loaded):
    result = loaded("export", "evidence", "Oak Care", "-o", "pack.csv")

    assert result.exit_code == 2 and "does not end .xlsx" in result.output


def test_each_persons_dbs_state_follows_what_the_last_status_check_means():
    def state(check, *, certificate=True, due=date(2027, 6, 1), applied=None):
        return dbs_state(contact_level=ContactLevel.REGULAR, has_certificate=certificate,
                         recheck_due=due, applied_on=applied, check=check, today=TODAY)

    assert state(Standing.NEW_INFO, due=date(2029, 1, 1)) == (
        "new information (Update Service): ask for a new certificate")
    assert state(Standing.CURRENT, due=date(2026, 1, 1)) == "current (Update Service)"
    assert state(Standing.NO_MATCH, due=date(2026, 12, 1)) == (
        "re-check due soon; Update Service: no match, check the details held")
    assert state(Standing.NONE, due=date(2026, 11, 24)) == "re-check overdue"
    assert state(Standing.NONE) == "current"
    assert state(Standing.NONE, certificate=False, applied=date(2026, 11, 2)) == (
        "awaiting certificate (applied 2 Nov 2026)")
    assert dbs_state(contact_level=ContactLevel.NONE, has_certificate=False, recheck_due=None,
                     applied_on=None, check=Standing.NEW_INFO, today=TODAY) == (
        "not needed (no contact with children)")
