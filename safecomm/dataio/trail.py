"""The audit trail of an import, in bulk: every row created or updated gets an entry.

The entries are those models.audit would make (``changed_fields``, certificate numbers
masked through ``audit_value``), written with one executemany per chunk rather than one ORM
object per row.
"""

from __future__ import annotations

from sqlmodel import Session

from models.audit import IGNORED_FIELDS, MASKED_FIELDS, audit_value
from models.base import table_of
from models.ops import AuditEntry
from safecomm.dataio.bulk import insert_many

_PLAIN = frozenset({str, int, bool, float})
_SPECIAL = MASKED_FIELDS | IGNORED_FIELDS


def created_fields(after: dict) -> dict[str, list]:
    """``changed_fields(None, after)``, several times faster: plain text, numbers and booleans
    go to the trail as they are; every other value (and every certificate field) goes through
    models.audit.audit_value, so masking stays in one place."""
    changes = {}
    for name in sorted(after):
        value = after[name]
        if value is None:
            continue
        if value.__class__ not in _PLAIN or name in _SPECIAL:
            if name in IGNORED_FIELDS or (value := audit_value(name, value)) is None:
                continue
        changes[name] = [None, value]
    return changes


def write_audit(session: Session, entries: list[dict]) -> None:
    """Append audit entries in one executemany (the bulk form of models.audit.record_audit)."""
    insert_many(session.connection(), table_of(AuditEntry), entries)
