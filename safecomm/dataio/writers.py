"""Writing an export (a header and rows) as CSV or as an Excel workbook.

Rules:
- CSV is UTF-8 *with* a byte-order mark, so Excel reads ``••••••••1234`` and accented names
  as written; dates ISO, booleans yes/no, empty for nothing;
- an ``.xlsx`` has one sheet, the header in bold and frozen, real dates (shown ``5 Dec 2026``)
  and date-times (local time in the given zone) and real numbers in its cells;
- in both, text a spreadsheet would run as a formula (``=…``, ``+…``, ``@…``, ``-`` not a
  number) stays text: a leading apostrophe in CSV, a text cell in Excel;
- a file is written whole or not at all (to a temporary name, then renamed).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"


def write_csv(stream: TextIO, header: list[str], rows: Iterable[list]) -> int:
    """Write the byte-order mark, ``header`` and ``rows`` as CSV; returns the rows written."""
    stream.write(BOM)
    writer = csv.writer(stream)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count


def csv_cell(value: object) -> object:
    """Dates as ISO, yes/no for booleans, empty for None; a would-be formula as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str) and _is_formula(value):
        return "'" + value
    return value


def write_csv_file(path: Path, header: list[str], rows: Iterable[list]) -> int:
    with _replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        return write_csv(out, header, rows)


def write_xlsx_file(path: Path, header: list[str], rows: Iterable[list], *, sheet: str,
                    zone: ZoneInfo) -> int:
    """One sheet named ``sheet``; streams the rows (constant memory); returns how many."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    table = book.create_sheet(sheet[:31])
    table.freeze_panes = "A2"
    for index, name in enumerate(header):
        table.column_dimensions[_column_letter(index)].width = max(12, min(len(name) + 4, 40))
    bold = Font(bold=True)
    table.append([_styled(WriteOnlyCell(table, value=name), font=bold) for name in header])
    count = 0
    for row in rows:
        table.append([_xlsx_cell(WriteOnlyCell, table, value, zone) for value in row])
        count += 1
    with _replacing(path) as temporary:
        book.save(temporary)
    return count


def _xlsx_cell(make, table, value: object, zone: ZoneInfo):
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return make(table, value="yes" if value else "no")
    if isinstance(value, datetime):
        local = value.astimezone(zone) if value.tzinfo else value
        return _styled(make(table, value=local.replace(tzinfo=None)),
                       number_format=DATETIME_FORMAT)
    if isinstance(value, date):
        return _styled(make(table, value=value), number_format=DATE_FORMAT)
    cell = make(table, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula
    return cell


def _styled(cell, **styles):
    for name, style in styles.items():
        setattr(cell, name, style)
    return cell


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _is_formula(value: object) -> bool:
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it once written; removed on failure."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
