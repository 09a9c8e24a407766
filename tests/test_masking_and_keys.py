"""Masking, the audit trail's values, encryption messages, and the key checks and rotation,
each stated literally."""

from datetime import UTC, date, datetime
from enum import Enum

import pytest
from sqlmodel import select

from models import AuditEntry, Staff
from models.audit import audit_value, changed_fields, record_audit
from models.crypto import CertificateCipher, CertificateKeyError
from models.db import make_engine
from models.enums import AuditAction
from models.keys import check_key, rotate_certificates
from models.privacy import mask_certificate
from tests.factories import make_contract, make_provider, make_staff

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
INVENTED = "001234567890"


@pytest.mark.parametrize(("number", "masked"), [
    ("001234567890", "••••••••7890"), ("0012 3456 78 90", "••••••••7890"),
    ("0012-3456-789-0", "••••••••7890"), ("n/a", "none recorded"), ("", "none recorded"),
    (None, "none recorded")])
def test_it_masks_any_written_number_to_its_last_four_digits(number, masked):
    assert mask_certificate(number) == masked


class Colour(Enum):
    RED = "red"


@pytest.mark.parametrize(("field", "value", "written"), [
    ("dbs_certificate", "0012 3456 7890", "••••••••7890"),
    ("dbs_certificate_token", "gAAAAABinvented", "(encrypted)"),
    ("dbs_certificate", None, None), ("dbs_certificate_token", None, None),
    ("token", "plain", "plain"), ("outcome", Colour.RED, "red"),
    ("held_on", date(2026, 11, 3), "2026-11-03"),
    ("at", datetime(2026, 11, 3, 9, 30, tzinfo=UTC), "2026-11-03T09:30:00+00:00"),
    ("attendees", 4, 4)])
def test_it_writes_each_value_to_the_trail_in_its_safe_form(field, value, written):
    assert audit_value(field, value) == written


def test_it_records_every_changed_field_created_removed_or_changed_masked_and_nothing_else():
    before = {"created_at": 1, "dbs_certificate": "009999990000", "name": "A", "gone": "x",
              "same": 3}
    after = {"created_at": 2, "dbs_certificate": INVENTED, "name": "B", "new": date(2027, 1, 2),
             "same": 3, "updated_at": 5}
    assert changed_fields(before, after) == {
        "dbs_certificate": ["••••••••0000", "••••••••7890"], "gone": ["x", None],
        "name": ["A", "B"], "new": [None, "2027-01-02"]}
    assert changed_fields(None, {"id": 4, "name": "C"}) == {"name": [None, "C"]}
    assert changed_fields({"name": "C"}, None) == {"name": ["C", None]}


def test_an_audit_entry_holds_what_it_was_given_with_no_note_by_default(session):
    record_audit(session, actor="cli:alice", action=AuditAction.UPDATE, entity="staff",
                 entity_id=7, changes={"name": ["A", "B"]}, at=NOW)
    session.commit()
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.action, entry.entity, entry.entity_id, entry.changes, entry.at,
            entry.note) == ("cli:alice", "update", "staff", "7", {"name": ["A", "B"]}, NOW, "")


def refusal(call) -> str:
    with pytest.raises(CertificateKeyError) as refused:
        call()
    return str(refused.value)


def test_key_problems_are_one_line_that_names_the_setting_and_no_secret():
    assert refusal(lambda: CertificateCipher("not-a-key")) == (
        "SAFECOMM_ENCRYPTION_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes; "
        "make one with `safecomm keys new`)")
    token = CertificateCipher(CertificateCipher.new_key()).encrypt(INVENTED)
    stranger = CertificateCipher(CertificateCipher.new_key())
    assert refusal(lambda: stranger.decrypt(token)) == (
        "a stored certificate number cannot be read with SAFECOMM_ENCRYPTION_KEY (wrong key, "
        "or the old key was removed before rotation)")
    assert refusal(lambda: stranger.rotate(token)) == (
        "a stored certificate number cannot be read with SAFECOMM_ENCRYPTION_KEY")


def staff_with_tokens(session, tokens):
    contract = make_contract(session, make_provider(session))
    for token in tokens:
        make_staff(session, contract, dbs_certificate_token=token)
    make_staff(session, contract, dbs_certificate_token=None, dbs_certificate_last4=None)
    session.commit()


def test_it_rotates_in_batches_reporting_progress(engine, session):
    old, new = CertificateCipher.new_key(), CertificateCipher.new_key()
    staff_with_tokens(session, [CertificateCipher(old).encrypt(f"00123456789{n}")
                                for n in range(5)])
    done = []
    assert rotate_certificates(engine, CertificateCipher(f"{new},{old}"), batch=2,
                               progress=done.append) == 5
    assert done == [2, 4, 5]
    session.expire_all()
    tokens = session.scalars(select(Staff.dbs_certificate_token)
                             .where(Staff.dbs_certificate_token.is_not(None))
                             .order_by(Staff.id)).all()
    assert [CertificateCipher(new).decrypt(t) for t in tokens] == [
        f"00123456789{n}" for n in range(5)]


def test_it_rotates_a_date_of_birth_stored_without_a_certificate_number(engine, session):
    old, new = CertificateCipher.new_key(), CertificateCipher.new_key()
    contract = make_contract(session, make_provider(session))
    born = make_staff(session, contract, dbs_certificate_token=None, dbs_certificate_last4=None,
                      date_of_birth_token=CertificateCipher(old).encrypt("1990-05-17"))
    session.commit()
    assert rotate_certificates(engine, CertificateCipher(f"{new},{old}")) == 1
    session.expire_all()
    assert CertificateCipher(new).decrypt(session.get(Staff, born.id).date_of_birth_token) == (
        "1990-05-17")


def test_it_rotates_the_rows_in_id_order_whatever_order_they_are_stored_in(engine, session):
    """PostgreSQL stores a row updated later after the others: the batches still go by id."""
    old, new = CertificateCipher.new_key(), CertificateCipher.new_key()
    staff_with_tokens(session, [CertificateCipher(old).encrypt(f"00123456789{n}")
                                for n in range(5)])
    for staff in session.scalars(select(Staff).order_by(Staff.id.desc())).all():
        staff.name = f"Renamed {staff.id}"
        session.commit()
    assert rotate_certificates(engine, CertificateCipher(f"{new},{old}"), batch=2) == 5
    session.expire_all()
    tokens = session.scalars(select(Staff.dbs_certificate_token)
                             .where(Staff.dbs_certificate_token.is_not(None))
                             .order_by(Staff.id)).all()
    assert [CertificateCipher(new).decrypt(t) for t in tokens] == [
        f"00123456789{n}" for n in range(5)]


def test_the_start_up_check_reads_the_oldest_and_the_newest_number(engine, session):
    old, new = CertificateCipher.new_key(), CertificateCipher.new_key()
    check_key(engine, CertificateCipher(new))  # nothing stored yet: passes
    staff_with_tokens(session, [CertificateCipher(old).encrypt(INVENTED),
                                CertificateCipher(old).encrypt(INVENTED),
                                CertificateCipher(new).encrypt(INVENTED)])  # rotation halfway
    check_key(engine, CertificateCipher(f"{new},{old}"))
    with pytest.raises(CertificateKeyError):
        check_key(engine, CertificateCipher(new))  # the oldest is still under the old key
    with pytest.raises(CertificateKeyError):
        check_key(engine, CertificateCipher(old))  # the newest is under the new key


def test_the_start_up_check_passes_before_migrations_and_without_a_database(
        empty_database_url, tmp_path):
    key = CertificateCipher(CertificateCipher.new_key())
    empty = make_engine(empty_database_url)
    check_key(empty, key)  # no tables yet
    empty.dispose()
    unreachable = make_engine(f"sqlite:///{tmp_path}/no/such/folder/x.db")
    check_key(unreachable, key)
    unreachable.dispose()
