"""The fast bulk paths store and audit exactly what the ordinary ones would."""

import json
import threading
from datetime import UTC, date, datetime

from rich.console import Console
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from models import AuditEntry, Staff
from models.audit import changed_fields
from models.db import make_engine
from models.enums import Risk
from safecomm.dataio.bulk import insert_many
from safecomm.dataio.importer import no_progress
from safecomm.dataio.progress import terminal_progress
from safecomm.dataio.trail import changes_document, created_document
from tests.factories import make_contract, make_provider

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def staff_row(contract_id: int, ref: str) -> dict:
    return {"contract_id": contract_id, "staff_ref": ref, "name": "Invented Person",
            "role": "", "contact_level": "regular", "dbs_level": None,
            "dbs_certificate_token": "token", "dbs_certificate_last4": "0001",
            "dbs_issue_date": date(2025, 1, 31), "dbs_recheck_due": date(2028, 1, 31),
            "update_service": True, "created_at": NOW, "updated_at": NOW}


def test_it_stores_the_same_values_as_an_ordinary_insert(session):
    contract = make_contract(session, make_provider(session))
    connection = session.connection()
    connection.execute(insert(Staff.__table__), [staff_row(contract.id, "A")])
    insert_many(connection, Staff.__table__, [staff_row(contract.id, "B"),
                                              staff_row(contract.id, "C")])
    table = Staff.__table__
    stored = {row.staff_ref: row._asdict() for row in connection.execute(select(table))}
    assert set(stored) == {"A", "B", "C"}
    for ref in ("B", "C"):
        assert {k: v for k, v in stored[ref].items() if k not in ("id", "staff_ref")} == \
               {k: v for k, v in stored["A"].items() if k not in ("id", "staff_ref")}
    raw = dict(connection.exec_driver_sql(
        "SELECT staff_ref, created_at FROM staff ORDER BY staff_ref").all())
    assert raw["A"] == raw["B"]  # the same stored form, not just the same value read back


def test_it_writes_audit_documents_that_read_back_as_written(session):
    changes = {"name": [None, "Invented Person"], "dbs_certificate": [None, "••••••••0001"]}
    entry = {"at": NOW, "actor": "cli:alice", "action": "create", "entity": "staff",
             "entity_id": "7", "changes": changes, "note": "import staff s.csv"}
    insert_many(session.connection(), AuditEntry.__table__, [entry])
    insert_many(session.connection(), AuditEntry.__table__,
                [{**entry, "changes": changes_document(changes)}], encoded={"changes"})
    first, second = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert (first.at, first.changes, first.actor) == (NOW, changes, "cli:alice")
    assert (second.at, second.changes, second.actor) == (NOW, changes, "cli:alice")
    stored = session.connection().exec_driver_sql("SELECT changes FROM audit_entries").all()
    assert stored[0] == stored[1]  # the same text, not just the same document read back


def test_it_lets_sqlalchemy_fill_defaults_of_columns_rows_leave_out(session):
    contract = make_contract(session, make_provider(session))
    row = {k: v for k, v in staff_row(contract.id, "D").items() if k != "role"}
    insert_many(session.connection(), Staff.__table__, [row])
    assert session.scalars(select(Staff)).one().role == ""


def test_it_audits_a_creation_as_changed_fields_would():
    after = {"id": 5, "created_at": NOW, "name": "Invented Person \"Al\" Ñandú", "role": "",
             "risk": Risk.LOW, "dbs_certificate": "001234567890",
             "dbs_certificate_token": "tok", "dbs_level": None, "score": 1.5,
             "dbs_issue_date": date(2025, 1, 31), "update_service": False, "attendees": 3}
    assert created_document(after) == json.dumps(changed_fields(None, after))
    assert json.loads(created_document(after))["dbs_certificate"] == [None, "••••••••7890"]
    assert created_document({"id": 5, "dbs_level": None}) == "{}"


def test_it_draws_progress_only_on_a_terminal(monkeypatch):
    with terminal_progress() as track:  # tests run without a terminal
        assert track is no_progress
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    with terminal_progress() as track:
        assert track is not no_progress
        assert list(track(iter(range(5)), "checking", 5)) == [0, 1, 2, 3, 4]


def test_the_progress_bar_starts_no_thread_until_items_are_tracked(monkeypatch):
    # an import forks its encrypting workers before it reads the file, only with no thread
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    alone = threading.active_count()
    with terminal_progress() as track:
        before_tracking = threading.active_count()
        drawing = []
        for _ in track(range(3), "reading", 3):
            drawing.append(threading.active_count())
    assert before_tracking == alone
    assert min(drawing) > alone


def test_it_leaves_out_only_the_columns_null_in_every_row_that_have_no_default():
    metadata = MetaData()
    table = Table("bulk_nulls", metadata, Column("id", Integer, primary_key=True),
                  Column("plain", String), Column("with_default", String, default="x"),
                  Column("with_server_default", String, server_default="y"),
                  Column("sometimes", String))
    engine = make_engine("sqlite://")
    with engine.begin() as connection:
        metadata.create_all(connection)
        insert_many(connection, table, [
            {"plain": None, "with_default": None, "with_server_default": None,
             "sometimes": None},
            {"plain": None, "with_default": None, "with_server_default": None,
             "sometimes": "z"}])
        stored = connection.execute(select(table).order_by(table.c.id)).all()
    engine.dispose()
    assert [tuple(row) for row in stored] == [(1, None, None, None, None),
                                              (2, None, None, None, "z")]
