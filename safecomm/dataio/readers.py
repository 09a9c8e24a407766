"""Reading an import file as rows of cells: ``.csv`` or ``.xlsx``.

- CSV: UTF-8, with or without a byte-order mark; separated by commas, semicolons or tabs
  (whichever the header line uses most). Cells are text.
- XLSX: the first sheet (openpyxl, read-only); cells keep Excel's types (dates, numbers).
- Row numbers are the spreadsheet's: the first line of the file is row 1. Blank rows are
  skipped; the first non-blank row is the header.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from safecomm.dataio.fields import is_empty

DELIMITERS = (",", ";", "\t")


class ImportFileError(Exception):
    """The file cannot be read at all (missing, wrong type, not UTF-8…); one line."""


@dataclass
class Table:
    header: Sequence[object]
    header_row: int
    rows: Iterator[tuple[int, Sequence[object]]]  # (row number, cells), blank rows skipped
    total: int | None  # roughly how many rows follow the header (for a progress bar)
    text_cells: bool = False  # every cell is text (a CSV file)


@contextmanager
def open_table(path: Path, *, count_rows: bool = False) -> Iterator[Table]:
    """The header and rows of ``path``; ``count_rows`` estimates the total first (CSV)."""
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with _csv_table(path, count_rows) as table:
            yield table
    elif suffix == ".xlsx":
        with _xlsx_table(path) as table:
            yield table
    else:
        raise ImportFileError(f"{path.name}: expected a .csv or .xlsx file"
                              + (" (save .xls files as .xlsx)" if suffix == ".xls" else ""))


@contextmanager
def _csv_table(path: Path, count_rows: bool) -> Iterator[Table]:
    total = _count_lines(path) if count_rows else None
    # lines end at "\n" only, as a file read as bytes splits them; a leading byte-order mark
    # is dropped
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig",
                                                  newline="\n") as lines:
        try:
            first = next(lines, "")
        except UnicodeDecodeError:
            raise _not_utf8(path) from None
        delimiter = max(DELIMITERS, key=first.count) if first.strip() else ","
        reader = csv.reader(chain([first], lines), delimiter=delimiter)
        rows = _numbered(_read(reader, path))
        header_row, header = next(rows, (1, None))
        if header is None:
            raise ImportFileError(f"{path.name}: the file is empty (no header row)")
        yield Table(header, header_row, rows, None if total is None else total - header_row,
                    text_cells=True)


def _read(reader, path: Path) -> Iterator[list[str]]:
    try:
        yield from reader
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except csv.Error as error:
        raise ImportFileError(f"{path.name}: line {reader.line_num}: {error}") from None


def _not_utf8(path: Path) -> ImportFileError:
    """The error for a file that is not UTF-8, naming its first line that is not."""
    return ImportFileError(f"{path.name}: line {_first_undecodable(path)}: not UTF-8 text; "
                           "in Excel use Save As > CSV UTF-8, or import the .xlsx file")


def _first_undecodable(path: Path) -> int:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1  # (not reached: the file was found not to be UTF-8)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))


@contextmanager
def _xlsx_table(path: Path) -> Iterator[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(f"{path.name}: not a readable .xlsx workbook ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        rows = _numbered(sheet.iter_rows(values_only=True))
        header_row, header = next(rows, (1, None))
        if header is None:
            raise ImportFileError(f"{path.name}: the first sheet is empty (no header row)")
        total = sheet.max_row - header_row if sheet.max_row else None
        yield Table(header, header_row, rows, total)
    finally:
        workbook.close()


def _numbered(rows) -> Iterator[tuple[int, Sequence[object]]]:
    """Rows with their spreadsheet numbers, blank ones skipped."""
    for number, cells in enumerate(rows, start=1):
        if cells and not _blank(cells):
            yield number, cells


def _blank(cells: Sequence[object]) -> bool:
    try:
        return not "".join(cells).strip()  # type: ignore[arg-type]  # CSV: all text, the fast way
    except TypeError:
        return all(is_empty(cell) for cell in cells)
