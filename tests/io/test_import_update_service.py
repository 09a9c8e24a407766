"""The staff import's lifecycle and Update Service columns: left_on, dbs_applied_on, surname,
date_of_birth (stored only encrypted, never shown), update_service_consent, and people in
contact with children who have no certificate yet."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from models import AuditEntry, Staff
from safecomm.dataio.importer import ImportRejected, import_file
from tests.io.conftest import CONTRACTS, PROVIDERS, STAFF, snapshot

NOW = datetime(2027, 3, 3, 9, 0, tzinfo=UTC)  # the import's today: 3 March 2027
PERSON = {**STAFF[0], "left_on": "", "dbs_applied_on": "", "surname": "",
          "date_of_birth": "1990-05-17", "update_service_consent": "2027-01-04"}


@pytest.fixture
def imported(cli, write_csv, session, cipher):
    """Providers and contracts through the command line; ``imported(rows)`` imports staff
    rows as of NOW (ImportRejected if any is wrong)."""
    for kind, rows in (("providers", PROVIDERS), ("contracts", CONTRACTS)):
        assert cli("import", kind, write_csv(f"{kind}.csv", rows)).exit_code == 0

    def run(rows, *, now=NOW):
        path = write_csv("staff.csv", rows, header=list(dict.fromkeys(k for r in rows for k in r)))
        summary = import_file(session, kind="staff", path=path, actor="cli:test", now=now,
                              cipher=cipher)
        session.commit()
        return summary

    return run


def stored(session, ref="P001") -> Staff:
    session.expire_all()
    return session.scalars(select(Staff).where(Staff.staff_ref == ref)).one()


def rejected(imported, rows) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        imported(rows)
    return caught.value.problems.lines()


def test_it_stores_the_new_columns_and_the_date_of_birth_only_encrypted(imported, session,
                                                                       cipher, engine):
    imported([{**PERSON, "left_on": "2027-06-30", "dbs_applied_on": "2027-03-03"}])

    person = stored(session)
    assert (person.left_on, person.dbs_applied_on) == (date(2027, 6, 30), date(2027, 3, 3))
    assert person.update_service_consent == date(2027, 1, 4)
    assert person.surname == "Ashby"  # the last word of "Amara Ashby"
    assert cipher.decrypt(person.date_of_birth_token) == "1990-05-17"
    everything = json.dumps(snapshot(engine), default=str)
    assert "1990-05-17" not in everything and "17/05/1990" not in everything
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.entity == "staff"))
    assert entry.changes["date_of_birth"] == [None, "(encrypted)"]


def test_a_given_surname_wins_and_a_file_without_the_column_keeps_it(imported, session):
    imported([{**PERSON, "surname": "Ashby-Cole"}])
    assert stored(session).surname == "Ashby-Cole"

    imported([{k: v for k, v in PERSON.items() if k != "surname"}])

    assert stored(session).surname == "Ashby-Cole"


def test_it_accepts_no_certificate_for_a_person_in_contact_with_children(imported, session):
    imported([{**PERSON, "dbs_certificate": "", "dbs_applied_on": "2027-02-20"},
              {**PERSON, "staff_ref": "P009", "name": "Dev Dale", "dbs_certificate": ""}])

    awaiting, nothing = stored(session), stored(session, "P009")
    assert awaiting.dbs_certificate_token is None and awaiting.dbs_applied_on == date(2027, 2, 20)
    assert nothing.dbs_certificate_token is None and nothing.dbs_applied_on is None


def test_a_new_number_surname_or_date_of_birth_clears_the_last_status_check(imported, session):
    imported([PERSON])
    for change in ({"surname": "Ashby-Cole"}, {"date_of_birth": "1990-05-18"},
                   {"dbs_certificate": "001234567891"}):
        person = stored(session)
        person.status_check_result, person.status_checked_at = "NO_MATCH_FOUND", NOW
        session.add(person)
        session.commit()

        imported([{**PERSON, **change}])

        person = stored(session)
        assert (person.status_check_result, person.status_checked_at) == (None, None), change
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.changes["status_check_result"] == ["NO_MATCH_FOUND", None]
        assert "1990" not in json.dumps(entry.changes)


def test_a_role_change_keeps_the_last_status_check(imported, session):
    imported([PERSON])
    person = stored(session)
    person.status_check_result, person.status_checked_at = "NEW_INFO", NOW
    session.add(person)
    session.commit()

    imported([{**PERSON, "role": "Senior support worker"}])

    assert stored(session).status_check_result == "NEW_INFO"


def test_it_refuses_a_leaving_date_before_the_contract_started(imported, engine):
    before = snapshot(engine)
    assert rejected(imported, [{**PERSON, "left_on": "2026-01-31"}]) == [
        "row 2: left_on: 31/01/2026 is before the contract's start 01/02/2026"]
    assert snapshot(engine) == before


def test_it_refuses_a_check_applied_for_after_the_imports_today(imported, engine):
    before = snapshot(engine)
    imported([{**PERSON, "dbs_applied_on": "2027-03-03"}])  # today itself is fine
    assert rejected(imported, [{**PERSON, "dbs_applied_on": "2027-03-04"}]) == [
        "row 2: dbs_applied_on: 04/03/2027 is in the future (today is 03/03/2027)"]
    assert snapshot(engine) != before  # only the first import was written


@pytest.mark.parametrize(("born", "age"), [("2011-03-04", 15), ("1926-03-03", 101),
                                           ("2030-01-01", -3)])
def test_it_refuses_a_date_of_birth_making_someone_under_16_or_over_100(imported, engine,
                                                                       born, age):
    before = snapshot(engine)
    lines = rejected(imported, [{**PERSON, "date_of_birth": born}])
    assert lines == [f"row 2: date_of_birth: makes the person {age} years old; it must make "
                     "them 16 to 100 (the date is not shown)"]
    assert born not in lines[0] and born[:4] not in lines[0]
    assert snapshot(engine) == before


@pytest.mark.parametrize("born", ["2011-03-03", "1926-03-04"])
def test_it_accepts_a_person_of_exactly_16_or_100(imported, session, born):
    imported([{**PERSON, "date_of_birth": born}])
    assert stored(session).date_of_birth_token is not None


def test_every_bad_row_is_named_and_nothing_is_written(imported, engine):
    before = snapshot(engine)
    rows = [{**PERSON, "left_on": "2026-01-01"},
            {**PERSON, "staff_ref": "P2", "dbs_applied_on": "2028-01-01"},
            {**PERSON, "staff_ref": "P3", "date_of_birth": "2020-01-01"}]
    lines = rejected(imported, rows)
    assert [line.split(":")[0:2] for line in lines] == [
        ["row 2", " left_on"], ["row 3", " dbs_applied_on"], ["row 4", " date_of_birth"]]
    assert snapshot(engine) == before


def test_a_key_rotation_re_encrypts_dates_of_birth_too(imported, session, cli, key,
                                                      monkeypatch):
    from models.crypto import CertificateCipher

    imported([PERSON])
    new = CertificateCipher.new_key()
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", f"{new},{key}")

    assert cli("keys", "rotate").exit_code == 0

    assert CertificateCipher(new).decrypt(stored(session).date_of_birth_token) == "1990-05-17"
