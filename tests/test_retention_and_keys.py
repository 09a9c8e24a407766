"""Retention deletes expired DBS records (audited, without personal data); key rotation."""

from datetime import UTC, date, datetime

from sqlmodel import select
from typer.testing import CliRunner

from models import AuditEntry, Staff
from models.crypto import CertificateCipher
from models.keys import rotate_certificates
from models.retention import delete_expired, expired_records
from safecomm.cli import app
from tests.factories import make_contract, make_provider, make_staff

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 7, tzinfo=UTC)


def test_it_deletes_records_six_months_after_leaving_or_contract_end(session):
    provider = make_provider(session)
    live = make_contract(session, provider)
    ended = make_contract(session, provider, end_date=date(2026, 5, 25))
    recent_end = make_contract(session, provider, end_date=date(2026, 5, 26))
    gone = make_staff(session, live, left_on=date(2026, 5, 25), name="Invented Leaver")
    make_staff(session, live, left_on=date(2026, 5, 26))  # one day short of six months
    make_staff(session, live)
    on_ended = make_staff(session, ended)
    make_staff(session, recent_end)
    session.commit()
    assert {e.staff_id for e in expired_records(session, today=TODAY)} == {gone.id, on_ended.id}
    assert delete_expired(session, today=TODAY, now=NOW, actor="job:retention") == 2
    session.commit()
    remaining = {s.id for s in session.exec(select(Staff))}
    assert gone.id not in remaining and on_ended.id not in remaining and len(remaining) == 3
    entries = session.exec(select(AuditEntry).order_by(AuditEntry.entity_id)).all()
    assert {(e.action, e.entity, e.entity_id) for e in entries} == {
        ("delete", "staff", str(gone.id)), ("delete", "staff", str(on_ended.id))}
    assert "Invented Leaver" not in repr([(e.note, e.changes) for e in entries])
    assert any(e.note == "left; retention 6 months" for e in entries)
    assert "2026-05-25" not in repr([(e.note, e.changes) for e in entries])


def test_it_rotates_every_certificate_to_the_new_key(engine, session):
    old, new = CertificateCipher.new_key(), CertificateCipher.new_key()
    contract = make_contract(session, make_provider(session))
    for n in range(5):
        make_staff(session, contract, dbs_certificate_token=CertificateCipher(old).encrypt(
            f"0012345678{n:02d}"))
    make_staff(session, contract, dbs_certificate_token=None)
    session.commit()
    assert rotate_certificates(engine, CertificateCipher(f"{new},{old}"), batch=2) == 5
    session.expire_all()
    tokens = [s.dbs_certificate_token for s in session.exec(select(Staff).order_by(Staff.id))]
    assert [CertificateCipher(new).decrypt(t) for t in tokens[:5]] == [
        f"0012345678{n:02d}" for n in range(5)]


def test_it_rotates_from_the_command_line_and_audits_it(database_url, monkeypatch, session):
    old, new = CertificateCipher.new_key(), CertificateCipher.new_key()
    make_staff(session, make_contract(session, make_provider(session)),
               dbs_certificate_token=CertificateCipher(old).encrypt("001234567890"))
    session.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", f"{new},{old}")
    result = CliRunner().invoke(app, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted 1 certificate numbers" in result.output
    assert session.exec(select(AuditEntry)).one().entity == "encryption_key"


def test_it_refuses_to_rotate_without_a_key(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("SAFECOMM_ENCRYPTION_KEY", raising=False)
    result = CliRunner().invoke(app, ["keys", "rotate"])
    assert result.exit_code != 0
    assert "SAFECOMM_ENCRYPTION_KEY" in str(result.exception) + result.output
