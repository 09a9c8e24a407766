"""The audit trail: who changed what, when. Entries are only ever appended.

Values are stored as JSON-friendly text; certificate fields are masked before they reach
the trail, so the trail itself is safe to export.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session

from models.enums import AuditAction
from models.ops import AuditEntry
from models.privacy import mask_certificate

MASKED_FIELDS = {"dbs_certificate", "dbs_certificate_token", "date_of_birth",
                 "date_of_birth_token"}
IGNORED_FIELDS = {"id", "created_at", "updated_at"}


def audit_value(field: str, value: object) -> object:
    """The form of ``value`` written to the trail (masked where personal)."""
    if field in MASKED_FIELDS:
        if value is None:
            return None
        return "(encrypted)" if field.endswith("token") or field.startswith("date_of_birth") \
            else mask_certificate(str(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def changed_fields(before: dict[str, Any] | None,
                   after: dict[str, Any] | None) -> dict[str, list[object]]:
    """``{field: [old, new]}`` for every field whose value differs (creation: old is None)."""
    before, after = before or {}, after or {}
    changes: dict[str, list[object]] = {}
    for field in sorted(set(before) | set(after)):
        if field in IGNORED_FIELDS:
            continue
        old, new = audit_value(field, before.get(field)), audit_value(field, after.get(field))
        if old != new:
            changes[field] = [old, new]
    return changes


def record_audit(session: Session, *, actor: str, action: AuditAction, entity: str,
                 entity_id: object, changes: dict[str, Any], at: datetime,
                 note: str = "") -> AuditEntry:
    """Append one entry to the trail in ``session`` (committed with the change it records)."""
    entry = AuditEntry(at=at, actor=actor, action=action, entity=entity,
                       entity_id=str(entity_id), changes=changes, note=note)
    session.add(entry)
    return entry
