"""Recording a row that has a natural key — a monitoring meeting (contract, day held), a
thematic check done (contract, theme, day done) — once, whoever sends it how often.

Rules:
- The key is the same for the Slack form and the import.
- The first submission inserts the row (audited as a creation); any later one — a Slack
  retry, a double click, a correction — updates that row (audited with what changed; nothing
  when nothing changed). Submissions at the same moment are settled by the table's unique
  index: the loser of the insert updates the winner's row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models.activity import MonitoringMeeting, ThematicCheck
from models.audit import changed_fields, record_audit
from models.enums import AuditAction

Row = TypeVar("Row", MonitoringMeeting, ThematicCheck)


def record_meeting(session: Session, *, contract_id: int, held_on: date,
                   fields: dict[str, Any], actor: str, now: datetime,
                   ) -> tuple[MonitoringMeeting, dict[str, Any] | None]:
    """The meeting of ``contract_id`` on ``held_on``, and what was stored before (None: new)."""
    return record_once(session, MonitoringMeeting, {"contract_id": contract_id,
                                                    "held_on": held_on},
                       fields, entity="monitoring_meeting", actor=actor, now=now)


def record_check_done(session: Session, *, contract_id: int, theme: str, done_on: date,
                      fields: dict[str, Any], actor: str, now: datetime,
                      ) -> tuple[ThematicCheck, dict[str, Any] | None]:
    """The check of ``theme`` done on ``done_on``, and what was stored before (None: new)."""
    return record_once(session, ThematicCheck, {"contract_id": contract_id, "theme": theme,
                                                "done_on": done_on},
                       fields, entity="thematic_check", actor=actor, now=now)


def record_once(session: Session, table: type[Row], key: dict[str, Any],
                fields: dict[str, Any], *, entity: str, actor: str, now: datetime,
                ) -> tuple[Row, dict[str, Any] | None]:
    """Insert ``key`` + ``fields`` into ``table``, or update the row with that key (see the
    module's rules); returns the row and its values before (None when it is new)."""
    existing = stored_row(session, table, key)
    if existing is None:
        row = table(**key, **fields)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # the same row was inserted a moment ago
            existing = stored_row(session, table, key)
            if existing is None:
                raise
        else:
            record_audit(session, actor=actor, action=AuditAction.CREATE, entity=entity,
                         entity_id=row.id, changes=changed_fields(None, row.model_dump()),
                         at=now)
            return row, None
    before = existing.model_dump()
    for name, value in fields.items():
        setattr(existing, name, value)
    session.flush()
    changes = changed_fields(before, existing.model_dump())
    if changes:
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity=entity,
                     entity_id=existing.id, changes=changes, at=now)
    return existing, before


def stored_row(session: Session, table: type[Row], key: dict[str, Any]) -> Row | None:
    """The row of ``table`` with ``key`` (column: value), if any."""
    columns = table.__table__.c  # type: ignore[attr-defined]
    return session.scalars(select(table).where(
        *(columns[name] == value for name, value in key.items()))).first()
