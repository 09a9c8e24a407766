"""Finding providers and contracts from what people type: a provider's name or a contract's
reference.

Rules, tried in order; the first that finds anything wins (case-insensitive, runs of spaces
count as one):
1. exact: the whole name or reference;
2. prefix: names and references that start with the text (``Harbour`` → ``Harbour Lane
   Fostering``);
3. word: names with a word that starts with the text (``Lane Fost`` → ``Harbour Lane
   Fostering``);
4. close spelling (difflib): the text against the name's first words (as many words as were
   typed) and against the whole name, at least :data:`CLOSE_ENOUGH` alike (``Harbor Lane`` →
   ``Harbour Lane Fostering``).
One match is *found*; several are a short list to choose from (at most :data:`MAX_CHOICES`,
with a count of the rest); none gives up to :data:`MAX_SUGGESTIONS` "did you mean" names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import Column, ColumnElement, func, select
from sqlmodel import Session, col

from models.base import table_of
from models.core import Contract, Provider

PROVIDER = "provider"
CONTRACT = "contract"
KINDS = (PROVIDER, CONTRACT)
MAX_CHOICES = 10
MAX_SUGGESTIONS = 3
CLOSE_ENOUGH = 0.8  # difflib ratio for a close spelling to count as a match
SUGGEST_FROM = 0.5  # ...and for a name to be offered as "did you mean"

Condition = Callable[["Column[str]", str], ColumnElement[bool]]


@dataclass(frozen=True)
class Candidate:
    """A provider or a contract, as named in a reply (``detail``: a contract's provider)."""

    kind: str
    id: int
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Lookup:
    text: str
    matches: tuple[Candidate, ...] = ()  # one: found; several: the short list
    more: int = 0  # matches left off the short list
    suggestions: tuple[Candidate, ...] = ()  # when nothing matched: the closest names

    @property
    def found(self) -> Candidate | None:
        return self.matches[0] if len(self.matches) == 1 and not self.more else None


def normalise(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def find(session: Session, text: str, *, kinds: Iterable[str] = KINDS) -> Lookup:
    """Providers and/or contracts matching ``text`` by the rules above."""
    query, kinds = normalise(text), tuple(kinds)
    if not query:
        return Lookup(text)
    conditions: Condition
    for conditions in (_exact, _prefix, _word):
        found: list[Candidate] = []
        total = 0
        for kind in kinds:
            rows, count = _candidates(session, kind, conditions(_column(kind), query))
            found, total = found + rows, total + count
        if found:
            return _short_list(session, text, found, total)
    scored = sorted(((closeness(query, c.label), c) for kind in kinds
                     for c in _all(session, kind)), key=lambda pair: (-pair[0], pair[1].label))
    close = [c for score, c in scored if score >= CLOSE_ENOUGH]
    if close:
        return _short_list(session, text, close, len(close))
    suggestions = [c for score, c in scored[:MAX_SUGGESTIONS] if score >= SUGGEST_FROM]
    return Lookup(text, suggestions=tuple(_with_details(session, suggestions)))


def closeness(query: str, label: str) -> float:
    """How alike ``query`` is to ``label`` (0..1): against the label's first words, as many as
    the query has, and against the whole label; the better of the two."""
    label = normalise(label)
    head = " ".join(label.split()[:len(query.split())])
    best = 0.0
    for target in {head, label}:
        matcher = SequenceMatcher(None, query, target)
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best


def _column(kind: str) -> Column[str]:
    """The column a kind is named by (its table's Core column)."""
    return table_of(Provider).c.name if kind == PROVIDER else table_of(Contract).c.reference


def _exact(column: Column[str], query: str) -> ColumnElement[bool]:
    return func.lower(column) == query


def _prefix(column: Column[str], query: str) -> ColumnElement[bool]:
    return func.lower(column).like(_like(query) + "%", escape="\\")


def _word(column: Column[str], query: str) -> ColumnElement[bool]:
    return func.lower(column).like("% " + _like(query) + "%", escape="\\")


def _candidates(session: Session, kind: str,
                condition: ColumnElement[bool]) -> tuple[list[Candidate], int]:
    """Up to MAX_CHOICES rows of ``kind`` meeting ``condition``, and how many meet it."""
    column = _column(kind)
    rows = session.execute(select(column.table.c.id, column).where(condition)
                           .order_by(column).limit(MAX_CHOICES + 1)).all()
    total = len(rows) if len(rows) <= MAX_CHOICES else session.scalar(
        select(func.count()).select_from(column.table).where(condition)) or 0
    return [Candidate(kind, row_id, label) for row_id, label in rows], total


def _all(session: Session, kind: str) -> list[Candidate]:
    column = _column(kind)
    return [Candidate(kind, row_id, label)
            for row_id, label in session.execute(select(column.table.c.id, column))]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _short_list(session: Session, text: str, found: list[Candidate], total: int) -> Lookup:
    shown = _with_details(session, list(dict.fromkeys(found))[:MAX_CHOICES])
    return Lookup(text, matches=tuple(shown), more=max(total - len(shown), 0))


def _with_details(session: Session, candidates: list[Candidate]) -> list[Candidate]:
    """Each contract with its provider's name (one query for them all)."""
    ids = [c.id for c in candidates if c.kind == CONTRACT]
    names: dict[int, str] = {}
    if ids:
        names = {row_id: name for row_id, name in session.execute(
            select(col(Contract.id), col(Provider.name))
            .join(Provider, col(Provider.id) == col(Contract.provider_id))
            .where(col(Contract.id).in_(ids)))}
    return [Candidate(c.kind, c.id, c.label, names.get(c.id, "")) if c.kind == CONTRACT else c
            for c in candidates]
