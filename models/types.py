"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator

from models.enums import Rag


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite keeps no offset, so values are stored as naive UTC and given ``UTC`` back on read;
    PostgreSQL stores ``timestamptz``. Naive datetimes are refused on write: time is always
    passed in explicitly and always aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store UTC-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None,
                             dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class RagText(TypeDecorator[Rag]):
    """A red / amber / green stored as its word (``VARCHAR(5)``) and read back as a
    :class:`~models.enums.Rag`, as the model declares it (a plain string would make the
    row's ``model_dump`` warn that the value is not the enum)."""

    impl = String(5)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else Rag(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> Rag | None:
        return None if value is None else Rag(value)


def utcnow() -> datetime:
    """The current UTC time; only for defaults of audit-like timestamps."""
    return datetime.now(UTC)
