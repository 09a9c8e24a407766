"""Reading a row's cells: a text seen before in a column is not parsed again, and a cell
that cannot be read is reported on every row it appears on."""

from datetime import date
from enum import StrEnum

from safecomm.dataio import fields as f
from safecomm.dataio.columns import Column, Problems, match_header, read_cells


def read_rows(columns, header, rows):
    problems = Problems()
    layout = match_header(header, columns, 1, problems)
    values = [read_cells(cells, layout, number, problems)
              for number, cells in enumerate(rows, start=2)]
    return values, problems


def test_it_parses_each_distinct_text_of_a_column_once():
    seen: list[object] = []

    def counted_date(cell: object) -> date:
        seen.append(cell)
        return f.parse_date(cell)

    columns = (Column("issued", counted_date), Column("name", f.text(20, one_line=True)))
    rows = [("3/4/25", "Ann  Ash"), ("3/4/25", "Ann Ash"), ("2025-04-03", ""), ("3/4/25", "")]
    values, problems = read_rows(columns, ("issued", "name"), rows)
    assert not problems
    assert [v["issued"] for v in values] == [date(2025, 4, 3)] * 4
    assert [v["name"] for v in values] == ["Ann Ash", "Ann Ash", None, None]
    assert seen == ["3/4/25", "2025-04-03"]


class Level(StrEnum):
    NONE = "none"


def test_it_reports_a_bad_cell_on_every_row_it_appears_on():
    columns = (Column("contact_level", f.choice(Level), required=True),)
    rows = [("sometimes",), ("none",), ("sometimes",), ("",)]
    values, problems = read_rows(columns, ("contact_level",), rows)
    assert problems.lines() == [
        "row 2: contact_level: 'sometimes' is not one of none",
        "row 4: contact_level: 'sometimes' is not one of none",
        "row 5: contact_level: required, but empty"]
    assert values == [{}, {"contact_level": "none"}, {}, {}]
