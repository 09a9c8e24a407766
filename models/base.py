"""The shared metadata, with a naming convention so every constraint has a stable name
(Alembic needs them to alter SQLite tables in batch mode); small typed helpers for rows."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from sqlalchemy import Table
from sqlmodel import Field, Session, SQLModel

from models.types import UTCDateTime, utcnow

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def updated_at_field() -> Any:
    return Field(
        default_factory=utcnow,
        sa_type=UTCDateTime,
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model (SQLModel sets ``__table__`` but does not declare
    it), for bulk inserts and Core reads."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


class Row(Protocol):
    id: int | None


Model = TypeVar("Model", bound=SQLModel)


def id_of(row: Row) -> int:
    """The id of a stored row (None only before its first flush: a programming error)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it was never stored")
    return row.id


def get_stored(session: Session, model: type[Model], row_id: int | None) -> Model:
    """The row ``row_id`` of ``model``, which a foreign key says exists."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise LookupError(f"{model.__name__} {row_id} is not in the database")
    return row
