"""Rejected files: every problem named by row and column, exit 1, and nothing written."""

import pytest

from tests.io.conftest import CONTRACTS, PROVIDERS, STAFF, snapshot


def with_row(rows, index=0, **changes):
    changed = [dict(row) for row in rows]
    changed[index].update(changes)
    return changed


BAD_FILES = {
    "unknown provider": (
        "contracts", with_row(CONTRACTS, provider="Oak Kare"),
        "row 2: provider: no provider 'Oak Kare' in the database (did you mean 'Oak Care'?)"),
    "a provider's name cut short is not taken for it": (
        "contracts", with_row(CONTRACTS, 1, provider="Elm Youth"),
        "row 3: provider: no provider 'Elm Youth' in the database (did you mean "
        "'Elm Youth Trust'?)"),
    "a contract reference mistyped is not taken for the nearest": (
        "staff", with_row(STAFF, 2, contract="ELM-01"),
        "row 4: contract: no contract 'ELM-01' in the database (did you mean 'ELM-001'?)"),
    "unknown contract": (
        "staff", with_row(STAFF, 1, contract="NOPE-9"),
        "row 3: contract: no contract 'NOPE-9' in the database"),
    "certificate with 11 digits": (
        "staff", with_row(STAFF, dbs_certificate="0012 3456 789"),
        "row 2: dbs_certificate: has 11 digits, not 12"),
    "certificate with letters": (
        "staff", with_row(STAFF, dbs_certificate="0012345678AB"),
        "row 2: dbs_certificate: must be 12 digits (spaces and dashes allowed); it has other "
        "characters"),
    "left before the contract started": (
        "staff", with_row(STAFF, left_on="31/01/2026"),
        "row 2: left_on: 31/01/2026 is before the contract's start 01/02/2026"),
    "a check applied for in the future": (
        "staff", with_row(STAFF, dbs_applied_on="2999-01-04"),
        "row 2: dbs_applied_on: 04/01/2999 is in the future (today is "),
    "consent given in the future": (
        "staff", with_row(STAFF, 2, update_service_consent="2999-01-04"),
        "row 4: update_service_consent: 04/01/2999 is in the future (today is "),
    "a date of birth over 100 years ago": (
        "staff", with_row(STAFF, date_of_birth="1900-01-01"),
        "row 2: date_of_birth: makes the person 1"),
    "a date of birth that is not a date, not shown": (
        "staff", with_row(STAFF, date_of_birth="31/02/1990"),
        "row 2: date_of_birth: not a date (expected a date like 2027-04-03, 03/04/2027 or "
        "3 April 2027; the value is not shown)"),
    "contact level outside the list": (
        "staff", with_row(STAFF, contact_level="sometimes"),
        "row 2: contact_level: 'sometimes' is not one of regulated, regular, occasional, none"),
    "DBS level outside the list": (
        "staff", with_row(STAFF, 2, dbs_level="gold"),
        "row 4: dbs_level: 'gold' is not one of basic, standard, enhanced, enhanced_barred"),
    "end date before the start": (
        "contracts", with_row(CONTRACTS, end_date="31/01/2026"),
        "row 2: end_date: 31/01/2026 is before start_date 01/02/2026"),
    "re-check before the issue": (
        "staff", with_row(STAFF, dbs_recheck_due="2025-01-01"),
        "row 2: dbs_recheck_due: 01/01/2025 is before dbs_issue_date 03/04/2025"),
    "same staff key twice": (
        "staff", STAFF + [STAFF[0]],
        "row 5: staff_ref: 'P001' is already at row 2 for this contract"),
    "same contract twice, in another case": (
        "contracts", CONTRACTS + [dict(CONTRACTS[0], reference="oak-001")],
        "row 4: reference: 'oak-001' is already at row 2"),
    "same provider twice": (
        "providers", PROVIDERS + [PROVIDERS[1]],
        "row 4: name: 'Elm Youth Trust' is already at row 3"),
    "unknown clause element": (
        "contracts", with_row(CONTRACTS, 1, clause_elements="legislation;lado"),
        "row 3: clause_elements: unknown clause element 'lado' (codes: safeguarding_reference"),
    "impossible date": (
        "contracts", with_row(CONTRACTS, start_date="31/02/2027"),
        "row 2: start_date: '31/02/2027' is not a real date"),
    "impossible ISO date": (
        "staff", with_row(STAFF, dbs_issue_date="2025-02-29"),
        "row 2: dbs_issue_date: '2025-02-29' is not a real date"),
    "risk outside the list": (
        "providers", with_row(PROVIDERS, risk="severe"),
        "row 2: risk: 'severe' is not one of low, medium, high"),
    "statement without an assessment": (
        "providers", with_row(PROVIDERS, 1, safeguarding_statement_received="2026-01-01"),
        "row 3: safeguarding_statement_received: given without self_assessment_completed"),
    "required value empty": (
        "contracts", with_row(CONTRACTS, reference=" "),
        "row 2: reference: required, but empty"),
    "meeting before its next meeting": (
        "meetings", [{"contract": "OAK-001", "held_on": "2026-04-30",
                      "safeguarding_discussed": "yes", "notes": "", "actions": "",
                      "next_meeting": "2026-04-01"}],
        "row 2: next_meeting: 01/04/2026 is not after held_on 30/04/2026"),
    "training attendees not a count": (
        "training", [{"provider": "Oak Care", "course": "Safer recruitment",
                      "date": "2026-03-12", "attendees": "a few"}],
        "row 2: attendees: 'a few' is not a whole number"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_it_rejects_a_bad_row_naming_row_and_column_and_writes_nothing(
        case, loaded, write_csv, engine):
    kind, rows, expected = BAD_FILES[case]
    before = snapshot(engine)
    result = loaded("import", kind, write_csv("bad.csv", rows, header=list(
        dict.fromkeys(key for row in rows for key in row))))
    assert result.exit_code == 1
    assert expected in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr
    assert result.stdout == ""
    assert snapshot(engine) == before


@pytest.mark.parametrize(("kind", "rows", "missing"), [
    ("staff", [{k: v for k, v in STAFF[0].items() if k != "dbs_certificate"}],
     "dbs_certificate"),
    ("contracts", [{k: v for k, v in CONTRACTS[0].items() if k != "start_date"}],
     "start_date"),
    ("meetings", [{"contract": "OAK-001", "held_on": "2026-04-30"}], "safeguarding_discussed"),
])
def test_it_names_a_required_column_missing_from_the_header(loaded, write_csv, engine, kind,
                                                           rows, missing):
    before = snapshot(engine)
    result = loaded("import", kind, write_csv("bad.csv", rows))
    assert result.exit_code == 1
    assert f"row 1: {missing}: required column missing from the header" in result.stderr
    assert snapshot(engine) == before


def test_it_refuses_a_column_given_twice(cli, tmp_path, engine):
    before = snapshot(engine)
    (tmp_path / "p.csv").write_text("name,Risk,RISK\nOak Care,low,high\n")
    result = cli("import", "providers", tmp_path / "p.csv")
    assert result.exit_code == 1
    assert "row 1: risk: the column appears twice (columns 2 and 3)" in result.stderr
    assert snapshot(engine) == before


def test_it_lists_every_problem_of_a_row(loaded, write_csv):
    rows = with_row(STAFF, contract="NOPE-1", dbs_level="gold", dbs_issue_date="30/02/2025")
    result = loaded("import", "staff", write_csv("bad.csv", rows))
    lines = result.stderr.splitlines()
    assert "row 2: dbs_level: 'gold' is not one of basic, standard, enhanced, " \
           "enhanced_barred" in lines
    assert "row 2: dbs_issue_date: '30/02/2025' is not a real date (dates are day first: " \
           "DD/MM/YYYY)" in lines
    assert "row 2: contract: no contract 'NOPE-1' in the database" in lines
    assert lines[-1] == "error: bad.csv: 3 problems; nothing was imported"


def test_it_shows_the_first_50_problems_then_counts_the_rest(loaded, write_csv, engine):
    before = snapshot(engine)
    rows = [dict(STAFF[0], staff_ref=f"Q{n:03d}", contact_level="often") for n in range(60)]
    result = loaded("import", "staff", write_csv("bad.csv", rows))
    problems = [line for line in result.stderr.splitlines() if line.startswith("row ")]
    assert len(problems) == 50
    assert problems[0].startswith("row 2: contact_level: 'often'")
    assert problems[-1].startswith("row 51: contact_level:")
    assert "… and 10 more problems" in result.stderr
    assert "error: bad.csv: 60 problems; nothing was imported" in result.stderr
    assert snapshot(engine) == before


def test_it_writes_nothing_when_the_only_bad_row_is_the_last(loaded, write_csv, engine):
    before = snapshot(engine)
    rows = [dict(STAFF[0], staff_ref=f"N{n:04d}", name=f"Invented {n}") for n in range(300)]
    rows.append(dict(STAFF[0], staff_ref="LAST", dbs_issue_date="31/04/2026"))
    result = loaded("import", "staff", write_csv("big.csv", rows))
    assert result.exit_code == 1
    assert "row 302: dbs_issue_date: '31/04/2026' is not a real date" in result.stderr
    assert snapshot(engine) == before


def test_it_refuses_to_import_without_the_encryption_key(cli, write_csv, engine, monkeypatch):
    before = snapshot(engine)
    monkeypatch.delenv("SAFECOMM_ENCRYPTION_KEY")
    for kind, rows in (("providers", PROVIDERS), ("staff", STAFF)):
        result = cli("import", kind, write_csv(f"{kind}.csv", rows))
        assert result.exit_code == 1
        assert result.stderr == "error: SAFECOMM_ENCRYPTION_KEY is not set (environment or " \
                                ".env)\n"
    assert snapshot(engine) == before


def test_it_stops_with_one_line_when_the_key_cannot_read_stored_numbers(
        loaded, write_csv, engine, monkeypatch):
    from cryptography.fernet import Fernet

    before = snapshot(engine)
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", Fernet.generate_key().decode())
    result = loaded("import", "staff", write_csv("staff.csv", STAFF))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: a stored certificate number cannot be read")
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(engine) == before


@pytest.mark.parametrize(("name", "content", "message"), [
    ("p.xls", b"x", "error: p.xls: expected a .csv or .xlsx file"),
    ("p.csv", "name\nOak Care\nCaf\u00e9 Care\n".encode("cp1252"),
     "error: p.csv: line 3: not UTF-8 text"),
    ("missing.csv", None, "missing.csv: no such file"),
])
def test_it_stops_with_one_line_for_a_file_it_cannot_read(cli, tmp_path, name, content,
                                                          message, engine):
    before = snapshot(engine)
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = cli("import", "providers", tmp_path / name)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(engine) == before


def test_it_refuses_a_database_that_is_not_migrated(cli, empty_database_url, monkeypatch,
                                                    write_csv):
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    result = cli("import", "providers", write_csv("p.csv", PROVIDERS))
    assert result.exit_code == 1
    assert "run `safecomm db upgrade`" in result.stderr
