"""The shape of every kind of import, and how its records are written: in bulk, by natural key.

A :class:`KindImporter` turns a file's rows into :class:`Record` s (validation, no writes),
then writes them chunk by chunk inside the caller's transaction:
- the stored rows with the chunk's keys are read in one query (never one per row);
- a record whose key is new is created; one whose values differ from the stored row is
  updated (only the fields that changed); the rest are unchanged;
- creates are one multi-row INSERT, updates one executemany per set of changed fields, and
  every create and update appends an audit entry (certificate numbers masked), in bulk too;
- a kind may start work the chunk's rows need (``before_write``: the staff import's
  encryption, in worker processes) that goes on while the chunk's audit entries are made;
  a kind whose chunks' stored rows are independent (``plan_ahead``) has its next chunk
  planned, and that work started, before the chunk is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from itertools import repeat
from operator import itemgetter
from typing import Any, ClassVar

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, SQLModel

from models.audit import changed_fields
from models.base import table_of
from models.crypto import CertificateCipher
from models.enums import AuditAction
from safecomm.dataio.columns import Column, Layout, Problems
from safecomm.dataio.trail import (
    changes_document,
    created_document,
    created_documents,
    write_audit_columns,
)

AUDIT_COLUMNS = ("at", "actor", "entity", "action", "entity_id", "changes", "note")
Stored = Mapping[Any, Any]  # a stored row's values by column name, ``id`` included


@dataclass(slots=True)
class Record:
    row: int
    key: tuple
    values: dict[str, object]


@dataclass(slots=True)
class Outcome:
    """A record written: its row id, the stored values before (None: created), what changed."""

    record: Record
    id: int
    old: Stored | None
    changed: tuple[str, ...]


@dataclass(slots=True)
class Planned:
    """One chunk's records sorted into creates, updates and unchanged, before it is written;
    ``begun`` is what ``before_write`` started for it."""

    creates: list[Outcome]
    updates: list[Outcome]
    unchanged: int
    begun: object


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class KindImporter:
    """One kind of import file. Subclasses set the class attributes and fill in the hooks
    ``prepare``, ``build``, ``duplicate`` and ``existing``."""

    kind: ClassVar[str]
    table: ClassVar[type[SQLModel]]
    entity: ClassVar[str]  # the audit trail's name for the table
    columns: ClassVar[tuple[Column, ...]]
    extra_fields: ClassVar[frozenset[str]] = frozenset()  # values kept outside ``table``
    sort_by_key: ClassVar[bool] = False  # write in key order (for range lookups)
    # a chunk may be planned before the previous one is written: its stored rows are found
    # by its own keys, which no other chunk writes
    plan_ahead: ClassVar[bool] = False
    chunk_size: ClassVar[int] = 5000

    def __init__(self, session: Session, *, actor: str, now: datetime,
                 cipher: CertificateCipher, note: str = ""):
        self.session, self.actor, self.now, self.cipher = session, actor, now, cipher
        self.note = note
        self.layout: Layout | None = None
        self.begun: object = None  # what before_write started for the chunk being written
        self._columns = frozenset(table_columns(self.table))

    # validation ---------------------------------------------------------------------------
    def prepare(self) -> None:
        """Load what rows are checked against (bulk lookups), before the first row."""

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        """The row's record, or None after adding its problems (``values`` holds the cells
        that could be read)."""
        raise NotImplementedError

    def duplicate(self, record: Record, first_row: int) -> tuple[str, str]:
        """(column, message) for a record whose key an earlier row already had."""
        raise NotImplementedError

    # writing ------------------------------------------------------------------------------
    def existing(self, records: list[Record]) -> dict[tuple, Stored]:
        """The stored values (with ``id``) of the records' keys that exist, by key."""
        raise NotImplementedError

    def differs(self, name: str, new: object, old: Stored) -> bool:
        return new != old.get(name)

    def table_values(self, values: dict) -> dict:
        """The table's columns for ``values`` (extra fields dropped)."""
        return {k: v for k, v in values.items() if k not in self.extra_fields}

    def create_defaults(self) -> dict:
        """Values of a new row for the columns absent from the file."""
        present = self.layout.present if self.layout else frozenset()
        return {c.key: c.default for c in self.columns if c.name not in present}

    @cached_property
    def defaults(self) -> dict:
        """``create_defaults()``, once the file's header is known."""
        return self.create_defaults()

    def audit_changes(self, outcome: Outcome) -> dict:
        """``{field: [old, new]}`` of an update, for the trail (certificate numbers masked)."""
        assert outcome.old is not None
        new = outcome.record.values
        names = [n for n in outcome.changed if n not in self.extra_fields]
        return changed_fields({n: outcome.old.get(n) for n in names}, {n: new[n] for n in names})

    def audit_document(self, outcome: Outcome) -> str:
        """The changes an entry stores (JSON text): an update's ``audit_changes``, a created
        row's every value (``created_document``, as ``changed_fields(None, values)``)."""
        if outcome.old is not None:
            return changes_document(self.audit_changes(outcome))
        new = outcome.record.values
        if self.extra_fields:
            new = {k: v for k, v in new.items() if k not in self.extra_fields}
        return created_document({**self.defaults, **new})

    def after_write(self, outcomes: list[Outcome]) -> None:
        """Write what lives outside ``table`` (e.g. a provider's self-assessment)."""

    @contextmanager
    def working(self, *, file_bytes: int) -> Iterator[None]:
        """Around the whole import of a file of ``file_bytes`` (e.g. worker processes started
        before the file is read and stopped at the end)."""
        yield

    def before_write(self, creates: list[Outcome], updates: list[Outcome]) -> object:
        """Start what a chunk's rows will need (before its audit entries are worked out);
        what it returns is ``self.begun`` while the chunk is written."""
        return None

    def write(self, records: list[Record]) -> Counts:
        """Create, update or leave each record of one chunk; audit each change."""
        return self.write_planned(self.plan(records))

    def plan(self, records: list[Record]) -> Planned:
        """What to do with each record of one chunk (no writes), and ``before_write`` begun."""
        existing = self.existing(records)
        creates, updates, unchanged = [], [], 0
        for record in records:
            old = existing.get(record.key)
            if old is None:
                creates.append(Outcome(record, 0, None, tuple(record.values)))
                continue
            changed = tuple(n for n, v in record.values.items() if self.differs(n, v, old))
            if changed:
                updates.append(Outcome(record, old["id"], old, changed))
            else:
                unchanged += 1
        return Planned(creates, updates, unchanged, self.before_write(creates, updates))

    def write_planned(self, planned: Planned) -> Counts:
        """Write a planned chunk: its creates, updates and audit entries."""
        creates, updates, self.begun = planned.creates, planned.updates, planned.begun
        names, columns = self.created_columns(creates)
        documents = created_documents(names, columns) if creates else []
        documents += [self.audit_document(outcome) for outcome in updates]
        self._insert(creates, names, columns)
        self._update(updates)
        self._audit(creates + updates, documents)
        self.after_write(creates + updates)
        return Counts(len(creates), len(updates), planned.unchanged)

    def created_columns(self, creates: list[Outcome]) -> tuple[list[str], list[list]]:
        """The names and, a column at a time, the values of the created rows (their values
        over ``defaults``, extra fields left out): what ``audit_document`` documents."""
        if not creates:
            return [], []
        defaults = self.defaults
        rows = [outcome.record.values for outcome in creates]
        names = [name for name in {**defaults, **rows[0]} if name not in self.extra_fields]
        if not all(map(frozenset((*names, *self.extra_fields)).issuperset, rows)):
            raise ValueError(f"{self.kind}: created rows with different fields in one chunk")
        return names, [_column(rows, name, defaults) for name in names]

    def table_columns(self, names: list[str], columns: list[list]) -> tuple[list[str],
                                                                           list[list]]:
        """``table_values`` of rows given a column at a time (extra fields already left
        out)."""
        return names, columns

    def _insert(self, creates: list[Outcome], names: list[str], columns: list[list]) -> None:
        """INSERT the new records; each outcome gets its row's id."""
        if not creates:
            return
        names, columns = self.table_columns(list(names), list(columns))
        count = len(creates)
        if "created_at" in self._columns:
            names, columns = [*names, "created_at"], [*columns, [self.now] * count]
        if "updated_at" in self._columns:
            names, columns = [*names, "updated_at"], [*columns, [self.now] * count]
        for outcome, row_id in zip(creates, self.insert_columns(names, columns), strict=True):
            outcome.id = row_id

    def insert_columns(self, names: list[str], columns: list[list]) -> list[int]:
        """INSERT the rows given a column at a time; their new ids, in order."""
        return self.insert_rows([dict(zip(names, values, strict=True))
                                 for values in zip(*columns, strict=True)])

    def _stamped(self, row: dict, *, create: bool) -> dict:
        if create and "created_at" in self._columns:
            row["created_at"] = self.now
        if "updated_at" in self._columns:
            row["updated_at"] = self.now
        return row

    def insert_rows(self, rows: list[dict]) -> list[int]:
        """INSERT ``rows``; their new ids, in order."""
        table = table_of(self.table)
        result = self.session.connection().execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        return [row_id for (row_id,) in result]

    def _update(self, updates: list[Outcome]) -> None:
        groups: dict[tuple[str, ...], list[dict]] = {}
        for outcome in updates:
            values = self.table_values({n: outcome.record.values[n] for n in outcome.changed})
            if values:
                row = self._stamped({**values, "_id": outcome.id}, create=False)
                groups.setdefault(tuple(sorted(row)), []).append(row)
        table = table_of(self.table)
        statement = update(table).where(table.c.id == bindparam("_id"))
        for rows in groups.values():
            self.session.connection().execute(statement, rows)

    def _audit(self, outcomes: list[Outcome], documents: list[str]) -> None:
        count = len(outcomes)
        write_audit_columns(self.session, list(AUDIT_COLUMNS), [
            [self.now] * count, [self.actor] * count, [self.entity] * count,
            [AuditAction.CREATE.value if o.old is None else AuditAction.UPDATE.value
             for o in outcomes],
            [str(o.id) for o in outcomes], documents, [self.note] * count])

    def audit_entry(self, created: bool, entity: str, entity_id: object, changes: str) -> dict:
        """An entry for write_audit; ``changes`` is its document (JSON text)."""
        return {"at": self.now, "actor": self.actor, "entity": entity,
                "action": AuditAction.CREATE.value if created else AuditAction.UPDATE.value,
                "entity_id": str(entity_id), "changes": changes, "note": self.note}


def _column(rows: list[dict], name: str, defaults: dict) -> list:
    """Each row's value of ``name``, or its default (for a row without it)."""
    try:
        return list(map(itemgetter(name), rows))
    except KeyError:
        if name not in defaults:
            raise ValueError(f"created rows without {name!r} and no default for it") from None
    default = defaults[name]
    if not any(map(dict.__contains__, rows, repeat(name))):
        return [default] * len(rows)
    return [row.get(name, default) for row in rows]


def table_columns(table: type[SQLModel]) -> list[str]:
    return list(table_of(table).c.keys())
