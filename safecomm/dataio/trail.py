"""The audit trail of an import, in bulk: every row created or updated gets an entry.

The entries are those models.audit would make (``changed_fields``, certificate numbers
masked through ``audit_value``), their changes turned into the JSON text the trail stores
here (a created row's piece by piece), and written with one executemany per chunk rather than
one ORM object per row.
"""

from __future__ import annotations

import json
from functools import lru_cache
from json.encoder import encode_basestring_ascii

from sqlmodel import Session

from models.audit import IGNORED_FIELDS, MASKED_FIELDS, audit_value
from models.base import table_of
from models.ops import AuditEntry
from safecomm.dataio.bulk import insert_many

_PLAIN = frozenset({str, int, bool, float})


def changes_document(changes: dict) -> str:
    """The text the trail's JSON column stores for ``changes``: what SQLAlchemy's JSON type
    writes with the engine's serializer (json.dumps, models.db.make_engine sets no other)."""
    return json.dumps(changes)


def created_document(after: dict) -> str:
    """``changes_document(changed_fields(None, after))``, several times faster, written
    piece by piece: plain text, numbers and booleans go to the trail as they are; every other
    value (and every certificate field) goes through models.audit.audit_value, so masking
    stays in one place. The names' order and their pieces of text are worked out once per set
    of names, and the trail's form of a repeated date or level once per value (never a masked
    one's: certificate numbers are not kept). Text, booleans and whole numbers are written as
    json.dumps writes them, without its per-call overhead; anything else through it."""
    pieces = []
    for name, masked, opening in _trail_order(tuple(after)):
        value = after[name]
        if value is None:
            continue
        if masked or value.__class__ not in _PLAIN:
            value = audit_value(name, value) if masked else _unmasked_audit_value(name, value)
            if value is None:
                continue
        kind = value.__class__
        if kind is str:  # (mypy does not narrow by __class__)
            pieces.append(f"{opening}{encode_basestring_ascii(value)}]")  # type: ignore[arg-type]
        elif kind is bool:
            pieces.append(f"{opening}{'true' if value else 'false'}]")
        elif kind is int:
            pieces.append(f"{opening}{int.__repr__(value)}]")
        else:
            pieces.append(f"{opening}{json.dumps(value)}]")
    return "{" + ", ".join(pieces) + "}"


@lru_cache(maxsize=64)
def _trail_order(names: tuple[str, ...]) -> tuple[tuple[str, bool, str], ...]:
    """The names the trail keeps, in its (sorted) order, each with whether it is masked and
    the text its entry starts with (``"name": [null, ``)."""
    return tuple((name, name in MASKED_FIELDS, f"{json.dumps(name)}: [null, ")
                 for name in sorted(names) if name not in IGNORED_FIELDS)


@lru_cache(maxsize=8192)
def _remembered_audit_value(name: str, value: object) -> object:
    return audit_value(name, value)


def _unmasked_audit_value(name: str, value: object) -> object:
    try:
        return _remembered_audit_value(name, value)
    except TypeError:  # an unhashable value (a JSON document)
        return audit_value(name, value)


def write_audit(session: Session, entries: list[dict]) -> None:
    """Append audit entries in one executemany (the bulk form of models.audit.record_audit);
    each entry's ``changes`` is already its document (``changes_document``,
    ``created_document``)."""
    insert_many(session.connection(), table_of(AuditEntry), entries, encoded={"changes"})
