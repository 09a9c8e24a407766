"""The shape of an evidence pack's sheets: plain tables of cell values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

Cell = str | int | float | date | None  # a datetime is a date too: shown with its time


@dataclass(frozen=True)
class Table:
    """One sheet: its name (at most 31 characters), what it shows, its columns and rows."""

    name: str
    about: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)


def yes_no(value: Any) -> str:
    return "yes" if value else "no"


def local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored (UTC) moment as the wall-clock time in ``zone``, without a time zone."""
    return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)
