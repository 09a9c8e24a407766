"""The audit trail of an import, in bulk: every row created or updated gets an entry.

The entries are those models.audit would make (``changed_fields``, certificate numbers
masked through ``audit_value``), written with one executemany per chunk rather than one ORM
object per row.
"""

from __future__ import annotations

from functools import lru_cache

from sqlmodel import Session

from models.audit import IGNORED_FIELDS, MASKED_FIELDS, audit_value
from models.base import table_of
from models.ops import AuditEntry
from safecomm.dataio.bulk import insert_many

_PLAIN = frozenset({str, int, bool, float})


def created_fields(after: dict) -> dict[str, list]:
    """``changed_fields(None, after)``, several times faster: plain text, numbers and booleans
    go to the trail as they are; every other value (and every certificate field) goes through
    models.audit.audit_value, so masking stays in one place. The names' order is worked out
    once per set of names, and the trail's form of a repeated date or level once per value
    (never a masked one's: certificate numbers are not kept)."""
    changes = {}
    for name, masked in _trail_order(tuple(after)):
        value = after[name]
        if value is None:
            continue
        if masked or value.__class__ not in _PLAIN:
            value = audit_value(name, value) if masked else _unmasked_audit_value(name, value)
            if value is None:
                continue
        changes[name] = [None, value]
    return changes


@lru_cache(maxsize=64)
def _trail_order(names: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """The names the trail keeps, in its (sorted) order, each with whether it is masked."""
    return tuple((name, name in MASKED_FIELDS) for name in sorted(names)
                 if name not in IGNORED_FIELDS)


@lru_cache(maxsize=8192)
def _remembered_audit_value(name: str, value: object) -> object:
    return audit_value(name, value)


def _unmasked_audit_value(name: str, value: object) -> object:
    try:
        return _remembered_audit_value(name, value)
    except TypeError:  # an unhashable value (a JSON document)
        return audit_value(name, value)


def write_audit(session: Session, entries: list[dict]) -> None:
    """Append audit entries in one executemany (the bulk form of models.audit.record_audit)."""
    insert_many(session.connection(), table_of(AuditEntry), entries)
