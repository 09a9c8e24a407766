"""Erasing a person from the audit trail when retention deletes their record.

Rules:
- Every audit entry about the person (entity ``staff``, their id) keeps its action, actor,
  time and note, and which fields changed; each personal value in its changes — name, role,
  staff reference, surname, certificate number and last 4 digits, every date, the date of
  birth, the status-check details — is replaced with ``[erased]`` (an empty value stays
  empty). Only the contract, the contact level, the DBS level, the Update Service flag, the
  status-check result kind and the deletion's own marker are kept: they say what kind of
  record it was, not whose.
- The reminder ledger's rows about the person (subjects ``staff:<id>:…``, which carry a
  re-check or application date) are deleted too: nothing is ever sent about them again.
- It runs in the caller's transaction, with the deletion of the person's row (models.retention),
  so a crash leaves both or neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlmodel import Session, col

from models.ops import AuditEntry, Notification

ERASED = "[erased]"
KEPT_FIELDS = frozenset({"contract", "contract_id", "contact_level", "dbs_level",
                         "update_service", "status_check_result", "dbs_record"})
CHUNK = 500


def erase_values(changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with every personal value replaced (see the module's rules)."""
    return {field: values if field in KEPT_FIELDS else _erase(values)
            for field, values in changes.items()}


def _erase(values: object) -> object:
    if isinstance(values, list):
        return [None if value is None else ERASED for value in values]
    return None if values is None else ERASED


def erase_audit_of_staff(session: Session, staff_ids: Sequence[int]) -> int:
    """Erase the personal values of every audit entry about these staff; returns how many
    entries were rewritten."""
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    statement = (update(table).where(table.c.id == bindparam("entry_id"))
                 .values(changes=bindparam("erased")))
    rewritten = 0
    for part in _chunks([str(i) for i in staff_ids]):
        rows = session.execute(select(col(AuditEntry.id), col(AuditEntry.changes)).where(
            col(AuditEntry.entity) == "staff", col(AuditEntry.entity_id).in_(part))).all()
        updates = [{"entry_id": entry_id, "erased": erase_values(changes or {})}
                   for entry_id, changes in rows]
        if updates:
            session.execute(statement, updates)
            rewritten += len(updates)
    return rewritten


def forget_ledger_rows_of_staff(session: Session, staff_ids: Sequence[int]) -> int:
    """Delete the notification ledger's rows whose subject is one of these staff (a range of
    the unique key's (kind, subject) prefix per kind); returns how many."""
    kinds = list(session.scalars(select(col(Notification.kind)).distinct()))
    deleted = 0
    subject, kind = col(Notification.subject), col(Notification.kind)
    for staff_id in staff_ids:
        for name in kinds:
            result = session.execute(delete(Notification).where(
                kind == name, subject >= f"staff:{staff_id}:", subject < f"staff:{staff_id};"))
            deleted += result.rowcount or 0  # type: ignore[attr-defined]
    return deleted


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]
