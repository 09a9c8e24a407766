"""Rows with a natural key recorded once: the same meeting twice, or five at once, is one row;
submitting again updates it; a thematic check done likewise."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from models import AuditEntry
from models.activity import MonitoringMeeting
from models.db import session_scope
from models.enums import Rag
from models.keyed_records import record_meeting
from tests.factories import make_contract, make_provider

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
HELD = date(2026, 11, 20)


def fields(**changed):
    return {"safeguarding_discussed": True, "metrics": "", "notes": "", "actions": "",
            "next_meeting_on": None, "recorded_by": "U0CM0001", **changed}


def test_the_same_meeting_twice_is_one_row_and_the_second_changes_nothing(session):
    contract = make_contract(session, make_provider(session))
    first, created = record_meeting(session, contract_id=contract.id, held_on=HELD,
                                    fields=fields(), actor="slack:U0CM0001", now=NOW)
    again, created_again = record_meeting(session, contract_id=contract.id, held_on=HELD,
                                          fields=fields(), actor="slack:U0CM0001", now=NOW)

    assert created is None and created_again["held_on"] == HELD and again.id == first.id
    assert len(session.exec(select(MonitoringMeeting)).all()) == 1
    assert [e.action for e in session.exec(select(AuditEntry))] == ["create"]


def test_submitting_again_updates_the_meeting_with_an_audit_of_what_changed(session):
    contract = make_contract(session, make_provider(session))
    record_meeting(session, contract_id=contract.id, held_on=HELD, fields=fields(),
                   actor="slack:U0CM0001", now=NOW)
    record_meeting(session, contract_id=contract.id, held_on=HELD,
                   fields=fields(safeguarding_discussed=False, actions="Invented action"),
                   actor="slack:U0CM0002", now=NOW)

    [meeting] = session.exec(select(MonitoringMeeting)).all()
    assert (meeting.safeguarding_discussed, meeting.actions) == (False, "Invented action")
    update = session.exec(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert update.actor == "slack:U0CM0002"
    assert update.changes == {"actions": ["", "Invented action"],
                              "safeguarding_discussed": [True, False]}


def test_five_submissions_at_once_store_one_meeting(engine):
    with session_scope(engine) as session:
        contract_id = make_contract(session, make_provider(session)).id
    start, errors = threading.Barrier(5), []

    def submit(n: int) -> None:
        start.wait()
        try:
            with session_scope(engine) as session:
                record_meeting(session, contract_id=contract_id, held_on=HELD,
                               fields=fields(notes=f"press {n}"), actor="slack:U0CM0001",
                               now=NOW)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with Session(engine) as session:
        meetings = session.exec(select(MonitoringMeeting)).all()
        created = session.exec(select(AuditEntry).where(AuditEntry.action == "create")).all()
    assert errors == []
    assert len(meetings) == 1 and len(created) == 1


def test_a_check_done_sent_twice_is_one_row(session):
    from models.activity import ThematicCheck
    from models.keyed_records import record_check_done

    contract = make_contract(session, make_provider(session))
    for outcome in (Rag.AMBER, Rag.RED):
        record_check_done(session, contract_id=contract.id, theme="Invented theme",
                          done_on=HELD, fields={"outcome": outcome, "findings": "",
                                                "recorded_by": "U0CM0001"},
                          actor="slack:U0CM0001", now=NOW)

    [check] = session.exec(select(ThematicCheck)).all()
    assert check.outcome == "red"
    assert [e.action for e in session.exec(select(AuditEntry))] == ["create", "update"]
