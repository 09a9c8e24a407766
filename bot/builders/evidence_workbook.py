"""The evidence pack as an .xlsx workbook (pure: models.evidence.EvidencePack → bytes).

Rules:
- a cover sheet: the provider, the day, the facts, each standard's colour (a filled cell with
  the colour's name in words) and reason, and a list of the sheets with what each shows;
- then one sheet per table: its header in bold in the first row, frozen, and filterable;
  every "Colour" cell filled and named like the cover's;
- cells hold values (dates, numbers); each column as wide as its longest line (at most
  :data:`MAX_WIDTH` characters); longer text, and text of several lines, wraps;
- no cell holds a 12-digit number (any run of 12 digits, with or without spaces or dashes,
  in any text is masked to its last 4 digits), and text starting with ``=`` stays text,
  never a formula.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from models.evidence import EvidencePack
from models.evidence_tables import Cell, Table
from models.privacy import mask_certificate

MAX_WIDTH = 60
COLOUR_FILL = {"red": "F4B6A0", "amber": "FBDFA2", "green": "A6DDC9"}  # light Okabe–Ito
HEADER_FILL = PatternFill("solid", fgColor="D9E2EC")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TWELVE_DIGITS = re.compile(r"(?<!\d)(?:\d[ -]?){11}\d(?!\d)")


def build_evidence_workbook(pack: EvidencePack) -> bytes:
    """The workbook's bytes: the cover, then each of ``pack.tables``."""
    book = Workbook(write_only=True)
    _cover(book, pack)
    for table in pack.tables:
        _sheet(book, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def safe_text(text: str) -> str:
    """``text`` with any 12-digit number masked and characters a workbook cannot hold
    removed."""
    return TWELVE_DIGITS.sub(lambda m: mask_certificate(m.group(0)),
                             ILLEGAL_CHARACTERS_RE.sub("", text))


def _cover(book: Workbook, pack: EvidencePack) -> None:
    sheet = book.create_sheet("Cover")
    facts: list[list[Cell]] = [list(fact) for fact in pack.facts]
    standards_header = ("Standard", "Title", "Colour", "Reason", "Next due")
    standards: list[list[Cell]] = [[s.number, s.title, str(s.rag), s.reason, s.next_due]
                                   for s in pack.standards]
    contents_header = ("Sheet", "What it shows", "Rows")
    contents: list[list[Cell]] = [[t.name, t.about, len(t.rows)] for t in pack.tables]
    _widths(sheet, [*facts, standards_header, *standards, contents_header, *contents])
    sheet.append([_cell(sheet, "Safeguarding evidence pack", font=Font(bold=True, size=16))])
    sheet.append([_cell(sheet, pack.provider, font=Font(bold=True, size=13))])
    sheet.append([])
    for label, value in facts:
        sheet.append([_cell(sheet, label, font=BOLD), _value(sheet, value)])
    for header, rows in ((standards_header, standards), (contents_header, contents)):
        sheet.append([])
        sheet.append(_header(sheet, header))
        for row in rows:
            sheet.append([_value(sheet, v, colour=header is standards_header and i == 2)
                          for i, v in enumerate(row)])


def _sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.name[:31])
    colours = {i for i, name in enumerate(table.header) if name == "Colour"}
    _widths(sheet, [table.header, *table.rows])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{len(table.rows) + 1}"
    sheet.append(_header(sheet, table.header))
    for row in table.rows:
        sheet.append([_text(sheet, v, colour=i in colours) if type(v) is str else v
                      for i, v in enumerate(row)])


def _header(sheet: Any, names: Sequence[str]) -> list[SheetCell]:
    return [_cell(sheet, name, font=BOLD, fill=HEADER_FILL) for name in names]


def _cell(sheet: Any, value: Cell, *, font: Font | None = None,
          fill: PatternFill | None = None) -> SheetCell:
    shown: Any = safe_text(value) if isinstance(value, str) else value  # a date is fine too
    cell = WriteOnlyCell(sheet, value=shown)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _value(sheet: Any, value: Cell, *, colour: bool = False) -> Any:
    return _text(sheet, value, colour=colour) if isinstance(value, str) else value


def _text(sheet: Any, value: str, *, colour: bool = False) -> Any:
    """Text as it is, or a cell when it needs a style or must stay text."""
    if colour and value in COLOUR_FILL:
        return _cell(sheet, value, font=BOLD, fill=PatternFill("solid",
                                                               fgColor=COLOUR_FILL[value]))
    text = safe_text(value)
    wraps = len(text) > MAX_WIDTH or "\n" in text
    if wraps or text.startswith("="):
        cell = _cell(sheet, text)
        if wraps:
            cell.alignment = WRAP
        return cell
    return text


def _widths(sheet: Any, rows: Sequence[Sequence[Any]]) -> None:
    """Each column as wide as its longest line, within [8, MAX_WIDTH] characters."""
    for index, column in enumerate(itertools.zip_longest(*rows)):
        width = max((_shown_length(v) for v in column if v is not None), default=0)
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), MAX_WIDTH)


def _shown_length(value: Any) -> int:
    if type(value) is str:
        return len(value) if "\n" not in value else max(map(len, value.splitlines()))
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    return len(str(value))
