"""Recording a monitoring meeting: one per contract and day, whoever sends it how often.

Rules:
- The key is (contract, day held), the same for the form and the import.
- The first submission inserts the meeting (audited as a creation); any later one — a Slack
  retry, a double click, a correction — updates that row (audited with what changed; nothing
  when nothing changed). Submissions at the same moment are settled by the unique index: the
  loser of the insert updates the winner's row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models.activity import MonitoringMeeting
from models.audit import changed_fields, record_audit
from models.enums import AuditAction

ENTITY = "monitoring_meeting"


def record_meeting(session: Session, *, contract_id: int, held_on: date,
                   fields: dict[str, Any], actor: str, now: datetime,
                   ) -> tuple[MonitoringMeeting, bool]:
    """The meeting of ``contract_id`` on ``held_on`` with ``fields``; True if it is new."""
    existing = _stored(session, contract_id, held_on)
    if existing is None:
        meeting = MonitoringMeeting(contract_id=contract_id, held_on=held_on, **fields)
        try:
            with session.begin_nested():
                session.add(meeting)
        except IntegrityError:  # the same meeting was inserted a moment ago
            existing = _stored(session, contract_id, held_on)
        else:
            record_audit(session, actor=actor, action=AuditAction.CREATE, entity=ENTITY,
                         entity_id=meeting.id, changes=changed_fields(None, meeting.model_dump()),
                         at=now)
            return meeting, True
    assert existing is not None
    before = existing.model_dump()
    for name, value in fields.items():
        setattr(existing, name, value)
    session.flush()
    changes = changed_fields(before, existing.model_dump())
    if changes:
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity=ENTITY,
                     entity_id=existing.id, changes=changes, at=now)
    return existing, False


def _stored(session: Session, contract_id: int, held_on: date) -> MonitoringMeeting | None:
    return session.scalars(select(MonitoringMeeting).where(
        MonitoringMeeting.contract_id == contract_id,
        MonitoringMeeting.held_on == held_on)).first()
