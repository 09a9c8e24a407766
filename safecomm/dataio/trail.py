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
from safecomm.dataio.bulk import insert_columns, insert_many

_PLAIN = frozenset({str, int, bool, float})
_NONE = frozenset({type(None)})
_STR = {str}


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
    pieces = (_piece(name, masked, opening, after[name])
              for name, masked, opening in _trail_order(tuple(after)))
    return "{" + "".join(pieces)[2:] + "}"


def created_documents(names: list[str], columns: list[list]) -> list[str]:
    """``created_document`` of each row of ``columns`` (the values of ``names``), a column at
    a time: each distinct value of a column is written once per call (a column mixing kinds
    of value — ``1``, ``True``, ``1.0`` are equal keys — value by value)."""
    count = len(columns[0]) if columns else 0
    parts = []
    for name, masked, opening in _trail_order(tuple(names)):
        values = columns[names.index(name)]
        written = _written_once(name, masked, opening, values)
        parts.append([_piece(name, masked, opening, value) for value in values]
                     if written is None else list(map(written.__getitem__, values)))
    if not parts:
        return ["{}"] * count
    return ["{" + "".join(row)[2:] + "}" for row in zip(*parts, strict=True)]


def _written_once(name: str, masked: bool, opening: str, values: list) -> dict | None:
    """The piece of each distinct value of a column (text, the most common, the fast way);
    None for a column of unhashable values or of several kinds of value."""
    try:
        distinct = set(values)
    except TypeError:  # an unhashable value (a JSON document)
        return None
    kinds = set(map(type, values)) - _NONE  # (of every value: the set keeps one of 1, True)
    if len(kinds) > 1:
        return None
    if kinds == _STR and not masked:
        encode = encode_basestring_ascii
        written = {value: f"{opening}{encode(value)}]" for value in distinct if value is not None}
        return written | {None: ""} if None in distinct else written
    if masked:  # each masked form's piece written once (the numbers themselves not kept)
        shown = {value: audit_value(name, value) for value in distinct}
        pieces = {form: _piece(name, False, opening, form) for form in set(shown.values())}
        return {value: pieces[form] for value, form in shown.items()}
    return {value: _piece(name, masked, opening, value) for value in distinct}


def _piece(name: str, masked: bool, opening: str, value: object) -> str:
    """``, "name": [null, value]`` as the trail writes it (the document drops the first
    ``, ``); empty for a value it leaves out."""
    if value is None:
        return ""
    if masked or value.__class__ not in _PLAIN:
        value = audit_value(name, value) if masked else _unmasked_audit_value(name, value)
        if value is None:
            return ""
    kind = value.__class__
    if kind is str:  # (mypy does not narrow by __class__)
        return f"{opening}{encode_basestring_ascii(value)}]"  # type: ignore[arg-type]
    if kind is bool:
        return f"{opening}{'true' if value else 'false'}]"
    if kind is int:
        return f"{opening}{int.__repr__(value)}]"
    return f"{opening}{json.dumps(value)}]"


@lru_cache(maxsize=64)
def _trail_order(names: tuple[str, ...]) -> tuple[tuple[str, bool, str], ...]:
    """The names the trail keeps, in its (sorted) order, each with whether it is masked and
    the text its entry starts with (``, "name": [null, ``)."""
    return tuple((name, name in MASKED_FIELDS, f", {json.dumps(name)}: [null, ")
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


def write_audit_columns(session: Session, names: list[str], columns: list[list]) -> None:
    """``write_audit`` of entries given a column at a time (``names`` and their values)."""
    insert_columns(session.connection(), table_of(AuditEntry), names, columns,
                   encoded={"changes"})
