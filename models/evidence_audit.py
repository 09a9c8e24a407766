"""The provider's audit entries in the evidence pack: who changed what about it, and when.

Rules:
- the entries about the provider itself, its contracts, their staff (including staff since
  erased: retention's entries name the contract), meetings and thematic checks, and its
  self-assessments, training, briefing deliveries and roles; oldest first;
- times in ``zone``; the changes as ``field: old → new`` text, one field a line;
- a field about a date of birth is withheld (``(not shown)``), whatever it holds;
  certificate fields are masked in the trail already (models.audit).
"""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, select
from sqlmodel import Session, SQLModel

from models.activity import (
    BriefingDelivery,
    MonitoringMeeting,
    SelfAssessment,
    ThematicCheck,
    TrainingAttendance,
)
from models.base import id_of, table_of
from models.core import Contract, Provider, Staff
from models.enums import AuditAction
from models.evidence_tables import Table, local
from models.ops import AuditEntry, UserRole

IDS_PER_QUERY = 500
WITHHELD = "(not shown)"


def audit_table(session: Session, *, provider: Provider, contracts: list[Contract],
                zone: ZoneInfo) -> Table:
    references = {c.reference for c in contracts}
    table = table_of(AuditEntry).c
    columns = (table.id, table.at, table.actor, table.action, table.entity, table.entity_id,
               table.changes, table.note)
    entries: dict[int, tuple[Any, ...]] = {}
    for entity, ids in _subjects(session, provider, [id_of(c) for c in contracts]).items():
        for start in range(0, len(ids), IDS_PER_QUERY):
            entries.update((row[0], tuple(row)) for row in session.execute(select(*columns).where(
                table.entity == entity, table.entity_id.in_(ids[start:start + IDS_PER_QUERY]))))
    for row in session.execute(select(*columns).where(and_(
            table.entity == "staff", table.action == AuditAction.DELETE))):
        if _contract_of(row[6]) in references:
            entries[row[0]] = tuple(row)
    rows = [(local(at, zone), actor, str(action), entity, entity_id, describe_changes(changes),
             note) for _id, at, actor, action, entity, entity_id, changes, note
            in sorted(entries.values(), key=lambda e: (e[1], e[0]))]
    return Table("Audit", "Every recorded change to the provider, its contracts, staff and "
                 "records, oldest first", ("At", "By", "Action", "Record", "Record ID",
                                           "Changes", "Note"), rows)


def _subjects(session: Session, provider: Provider,
              contract_ids: list[int]) -> dict[str, list[str]]:
    """The audit trail's entity names, and the IDs of this provider's rows of each."""
    def ids(model: type[SQLModel], where: ColumnElement[bool]) -> list[str]:
        return [str(i) for i in session.scalars(select(table_of(model).c.id).where(where))]

    in_contracts: dict[str, type[SQLModel]] = {
        "staff": Staff, "monitoring_meeting": MonitoringMeeting, "thematic_check": ThematicCheck}
    of_provider: dict[str, type[SQLModel]] = {
        "self_assessment": SelfAssessment, "training_attendance": TrainingAttendance,
        "briefing_delivery": BriefingDelivery, "user_role": UserRole}
    found = {"provider": [str(id_of(provider))], "contract": [str(i) for i in contract_ids]}
    for entity, model in in_contracts.items():
        found[entity] = (ids(model, table_of(model).c.contract_id.in_(contract_ids))
                         if contract_ids else [])
    for entity, model in of_provider.items():
        found[entity] = ids(model, table_of(model).c.provider_id == id_of(provider))
    return found


def _contract_of(changes: Any) -> str | None:
    value = (changes or {}).get("contract") if isinstance(changes, dict) else None
    return value[0] if isinstance(value, list) and value else None


def describe_changes(changes: Any) -> str:
    """``field: old → new`` per line (a creation shows only the new value); a date of birth
    is never shown."""
    if not isinstance(changes, dict):
        return json.dumps(changes, ensure_ascii=False, default=str)
    return "\n".join(_change_line(name, value) for name, value in sorted(changes.items()))


def _change_line(name: str, value: Any) -> str:
    if "birth" in name.lower():
        return f"{name}: {WITHHELD}"
    if isinstance(value, list) and len(value) == 2:
        old, new = (_shown(v) for v in value)
        return f"{name}: {new}" if value[0] is None else f"{name}: {old} → {new}"
    return f"{name}: {_shown(value)}"


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)

