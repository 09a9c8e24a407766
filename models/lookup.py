"""Finding providers and contracts from what people type: a provider's name or a contract's
reference, by the one rule of models.names — exact, else the same but for case and spacing,
else "did you mean" the nearest names (never a prefix or a close spelling picked silently).

A name alike to several stored ones (but for case or spacing) gives the short list to choose
from (at most :data:`MAX_CHOICES`, with a count of the rest); none gives up to
:data:`MAX_SUGGESTIONS` "did you mean" names. The common case, a name typed as stored (any
case), is one query; only a miss reads every name, to suggest the nearest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Column, ColumnElement, func, select
from sqlmodel import Session, col

from models.base import table_of
from models.core import Contract, Provider
from models.enums import ContractStatus
from models.names import match_name, normalise

PROVIDER = "provider"
CONTRACT = "contract"
KINDS = (PROVIDER, CONTRACT)
MAX_CHOICES = 10

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


def find(session: Session, text: str, *, kinds: Iterable[str] = KINDS) -> Lookup:
    """Providers and/or contracts named by ``text`` (see the module's rules)."""
    query, kinds = normalise(text), tuple(kinds)
    if not query:
        return Lookup(text)
    alike = [c for kind in kinds for c in _candidates(session, kind, query)]
    if not alike:  # stored with odd spacing or letters SQL lower() does not fold, or a miss
        alike = [c for kind in kinds for c in _all(session, kind)]
    matched = match_name(text, ((c.label, c) for c in alike))
    if matched.found:
        return _short_list(session, text, [matched.found])
    if matched.several:
        return _short_list(session, text, list(matched.several))
    return Lookup(text, suggestions=tuple(_with_details(session, list(matched.nearest))))


def _column(kind: str) -> Column[str]:
    """The column a kind is named by (its table's Core column)."""
    return table_of(Provider).c.name if kind == PROVIDER else table_of(Contract).c.reference


def _candidates(session: Session, kind: str, query: str) -> list[Candidate]:
    """Rows of ``kind`` whose name is ``query`` but for case."""
    column = _column(kind)
    rows = session.execute(select(column.table.c.id, column)
                           .where(func.lower(column) == query).order_by(column)).all()
    return [Candidate(kind, row_id, label) for row_id, label in rows]


def _all(session: Session, kind: str) -> list[Candidate]:
    column = _column(kind)
    return [Candidate(kind, row_id, label)
            for row_id, label in session.execute(select(column.table.c.id, column))]


def _short_list(session: Session, text: str, found: list[Candidate]) -> Lookup:
    shown = _with_details(session, list(dict.fromkeys(found))[:MAX_CHOICES])
    return Lookup(text, matches=tuple(shown), more=max(len(found) - len(shown), 0))


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


@dataclass(frozen=True)
class Examples:
    """A real provider's name and contract reference, for examples a reader can try."""

    provider: str | None = None
    contract: str | None = None


def examples(session: Session) -> Examples:
    """The first provider by name and its first contract by reference, one not ended first
    (else the first contract of any provider); either is None when the register holds none."""
    provider = session.execute(select(col(Provider.id), col(Provider.name))
                               .order_by(col(Provider.name), col(Provider.id)).limit(1)).first()
    if provider is None:
        return Examples()
    own = col(Contract.provider_id) == provider.id
    ended = col(Contract.status) == ContractStatus.ENDED
    contract = session.scalar(select(col(Contract.reference))
                              .order_by(own.desc(), ended, col(Contract.reference)).limit(1))
    return Examples(provider.name, contract)
