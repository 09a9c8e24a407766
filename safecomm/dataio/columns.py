"""The columns of an import file: matching the header, reading a row's cells, and collecting
the problems found, as ``row N: column: what is wrong``.

Rules:
- header names match case-insensitively, with spaces and underscores alike
  (``Start Date`` = ``start_date``); a column the kind does not know is ignored (and named in a
  note); the same column twice is a problem;
- a *required* column must be in the header and have a value in every row; a column that is
  only ``in_header`` must be in the header but may be empty in some rows;
- an empty cell takes the column's default; a column absent from the file is left out of the
  row's values altogether (on update its stored value is kept).

A large CSV file's rows are read a batch at a time, a column at a time (:class:`BatchReader`):
each distinct text of a column is parsed once (parsers are pure), and a batch with any cell
that is empty where required, or cannot be read, is read again row by row by
:func:`read_cells`, so its problems are the same, in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice, repeat

from safecomm.dataio.fields import FieldError

MAX_SHOWN = 50


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[object], object]
    required: bool = False  # in the header, and a value in every row
    in_header: bool = False  # in the header; a value may be empty
    default: object = None  # the value of an empty cell
    field: str | None = None  # the value's name when not the column's (e.g. a table field)

    @property
    def key(self) -> str:
        return self.field or self.name


@dataclass
class Problems:
    """Every problem found in a file; keeps the first ``MAX_SHOWN`` lines and counts the rest."""

    shown: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.shown) < MAX_SHOWN:
            self.shown.append(f"row {row}: {column}: {message}")

    def lines(self) -> list[str]:
        rest = self.count - len(self.shown)
        return self.shown + ([f"… and {rest} more problem{'s' if rest != 1 else ''}"]
                             if rest else [])

    def __bool__(self) -> bool:
        return self.count > 0


def normalise_header(name: object) -> str:
    """``" Start  Date "`` → ``start_date``."""
    return re.sub(r"[\s_]+", "_", str(name or "").strip().lower()).strip("_")


@dataclass(frozen=True)
class Layout:
    """Where each known column is in the file's rows."""

    positions: tuple[tuple[Column, int], ...]
    ignored: tuple[str, ...]

    @cached_property
    def present(self) -> frozenset[str]:
        return frozenset(column.name for column, _ in self.positions)


def match_header(header: Sequence[object], columns: Sequence[Column], row: int,
                 problems: Problems) -> Layout:
    """Find each column in ``header`` (the file's row ``row``); problems for missing required
    columns and for a column given twice."""
    by_name = {column.name: column for column in columns}
    positions, ignored = [], []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = normalise_header(raw)
        if not name:
            continue
        if name in seen:
            problems.add(row, name, f"the column appears twice (columns {seen[name] + 1} and "
                                    f"{index + 1})")
            continue
        seen[name] = index
        if name in by_name:
            positions.append((by_name[name], index))
        else:
            ignored.append(str(raw).strip())
    for column in columns:
        if (column.required or column.in_header) and column.name not in seen:
            problems.add(row, column.name, "required column missing from the header")
    return Layout(tuple(positions), tuple(ignored))


def read_cells(cells: Sequence[object], layout: Layout, row: int,
               problems: Problems) -> dict[str, object]:
    """The row's values by column key: parsed, or the default for an empty cell. A cell that
    cannot be read is reported and left out."""
    values: dict[str, object] = {}
    width = len(cells)
    for column, index in layout.positions:
        cell = cells[index] if index < width else None
        if cell is None or (cell.__class__ is str and not cell.strip()):  # is_empty, inlined
            if column.required:
                problems.add(row, column.name, "required, but empty")
            else:
                values[column.field or column.name] = column.default
            continue
        try:
            values[column.field or column.name] = column.parse(cell)
        except FieldError as error:
            problems.add(row, column.name, str(error))
    return values


_UNREADABLE = object()  # a cell that is a problem (its message comes from read_cells)
REMEMBERED = 20_000  # a column's parsed texts kept between batches (then forgotten)


class BatchReader:
    """The rows' values of batches of text rows, as :func:`read_cells` reads them."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.keys = [column.field or column.name for column, _ in layout.positions]
        self.width = 1 + max((index for _, index in layout.positions), default=-1)
        self.parsed: list[dict[str, object]] = [{} for _ in layout.positions]
        self.unreadable: list[set[str]] = [set() for _ in layout.positions]

    def read(self, batch: list[tuple[int, list[str]]], problems: Problems) -> Iterable[dict]:
        """Each row's values, in order; a batch with a problem yields them row by row, so
        that its problems and the caller's for each row come in row order."""
        rows = [cells for _, cells in batch]
        if not rows or not self.keys or min(map(len, rows)) < self.width \
                or (columns := self._columns(rows)) is None:
            return (read_cells(cells, self.layout, row, problems) for row, cells in batch)
        # (all of a length: zip's and dict's loops in C)
        return list(map(dict, map(zip, repeat(self.keys), zip(*columns))))  # noqa: B905

    def _columns(self, rows: list[list[str]]) -> list[list[object]] | None:
        """The parsed values of each known column; None when a cell is a problem."""
        cells_by_index = list(zip(*rows, strict=False))  # rows may run longer
        columns = []
        for (column, index), parsed, unreadable in zip(self.layout.positions, self.parsed,
                                                       self.unreadable, strict=True):
            cells = cells_by_index[index]
            if len(parsed) > REMEMBERED:
                parsed.clear()
                unreadable.clear()
            for cell in set(cells).difference(parsed):
                value = parsed[cell] = _parsed(column, cell)
                if value is _UNREADABLE:
                    unreadable.add(cell)
            if unreadable and not unreadable.isdisjoint(cells):
                return None
            columns.append(list(map(parsed.__getitem__, cells)))
        return columns


def _parsed(column: Column, cell: str) -> object:
    if not cell.strip():
        return _UNREADABLE if column.required else column.default
    try:
        return column.parse(cell)
    except FieldError:
        return _UNREADABLE


def batches(rows: Iterable, size: int) -> Iterator[list]:
    """``rows`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
