"""The store itself: SQLite settings, UTC timestamps, constraints."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import AuditEntry, Contract, Notification, Provider
from models.db import make_engine, session_scope
from models.enums import AuditAction
from tests.factories import make_contract, make_provider, make_staff


def test_it_turns_on_wal_foreign_keys_and_a_busy_timeout_for_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert (pragma("journal_mode"), pragma("foreign_keys"), pragma("busy_timeout")) == (
            "wal", 1, 10_000)
    engine.dispose()


def test_it_reads_back_aware_utc_datetimes(session):
    at = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    session.add(AuditEntry(at=at, actor="cli:test", action=AuditAction.CREATE, entity="x",
                           entity_id="1", changes={"a": [None, 1]}))
    session.commit()
    session.expire_all()
    entry = session.exec(select(AuditEntry)).one()
    assert entry.at == at and entry.at.tzinfo is not None and entry.at.utcoffset() == timedelta(0)
    assert entry.changes == {"a": [None, 1]}


def test_it_refuses_a_naive_datetime(session):
    session.add(AuditEntry(at=datetime(2026, 11, 25, 9, 30), actor="cli:test",
                           action=AuditAction.CREATE, entity="x", entity_id="1"))
    with pytest.raises(Exception, match="naive datetime"):
        session.commit()


def test_it_refuses_a_second_ledger_row_for_the_same_key(session):
    now = datetime(2026, 11, 25, 8, tzinfo=UTC)
    key = {"kind": "dbs", "subject": "staff:1", "threshold": "30", "recipient": "U0CM0001"}
    session.add(Notification(**key, claimed_at=now))
    session.commit()
    session.add(Notification(**key, claimed_at=now))
    with pytest.raises(IntegrityError):
        session.commit()


def test_it_refuses_staff_on_a_contract_that_does_not_exist(session):
    provider = make_provider(session)
    contract = make_contract(session, provider)
    session.commit()
    with pytest.raises(IntegrityError):
        make_staff(session, contract, contract_id=contract.id + 999)


def test_it_refuses_the_same_staff_ref_twice_on_a_contract(session):
    contract = make_contract(session, make_provider(session))
    make_staff(session, contract, staff_ref="A1")
    with pytest.raises(IntegrityError):
        make_staff(session, contract, staff_ref="A1")


def test_it_rolls_back_everything_when_a_unit_of_work_fails(engine):
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        provider = make_provider(session, name="Rolled Back Ltd")
        make_contract(session, provider, reference="DUP-1")
        make_contract(session, provider, reference="DUP-1")
    with Session(engine) as session:
        assert session.exec(select(Notification)).all() == []
        assert session.exec(select(Provider)).all() == []


def test_it_stores_clause_elements_in_spec_order(session):
    contract = make_contract(session, make_provider(session),
                             clause_elements="reporting;legislation")
    assert contract.clause_element_set == {"reporting", "legislation"}
    assert Contract.join_clause_elements({"reporting", "legislation"}) == "legislation;reporting"
