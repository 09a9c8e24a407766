"""Reading .csv and .xlsx files as numbered rows of cells."""

from datetime import datetime

import pytest
from openpyxl import Workbook

from safecomm.dataio.readers import ImportFileError, open_table


def read(path):
    with open_table(path) as table:
        return table.header, list(table.rows)


def test_it_reads_a_utf8_csv_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("\ufeffname,risk\nŌak Care,high\n".encode())
    header, rows = read(path)
    assert header == ["name", "risk"]
    assert rows == [(2, ["Ōak Care", "high"])]


def test_it_reads_a_semicolon_separated_csv(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name;clause_elements\nOak Care;\"legislation,training\"\n")
    assert read(path) == (["name", "clause_elements"],
                          [(2, ["Oak Care", "legislation,training"])])


def test_it_skips_blank_rows_but_keeps_the_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("\nname\n\nOak\n , \nElm\n")
    header, rows = read(path)
    assert header == ["name"]
    assert rows == [(4, ["Oak"]), (6, ["Elm"])]


def test_it_reads_the_first_sheet_of_a_workbook_with_its_types(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["reference", "start_date", "monitoring_every_months"])
    sheet.append(["OAK-001", datetime(2026, 2, 1), 3])
    workbook.create_sheet("Notes").append(["not", "read"])
    workbook.save(tmp_path / "c.xlsx")
    header, rows = read(tmp_path / "c.xlsx")
    assert list(header) == ["reference", "start_date", "monitoring_every_months"]
    assert rows == [(2, ("OAK-001", datetime(2026, 2, 1), 3))]


def test_it_says_a_csv_is_not_utf8(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("name\nOak Care\nCaf\u00e9 Care\n".encode("cp1252"))
    with pytest.raises(ImportFileError, match="p.csv: line 3: not UTF-8 text"):
        read(path)


@pytest.mark.parametrize(("content", "line"), [
    (b"name\n" + b"Oak Care\n" * 9000 + b"Caf\xe9 Care\n", 9002),  # past the first read
    (b'name,notes\nOak,"two\nlines \xe9"\n', 3),  # inside a quoted cell
    (b"name\nOak Care\n\xe2\x82", 3),  # cut off at the end
])
def test_it_names_the_first_line_that_is_not_utf8(tmp_path, content, line):
    path = tmp_path / "p.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=f"p.csv: line {line}: not UTF-8 text"):
        read(path)


def test_it_ends_lines_at_a_line_feed_only_as_before(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("name,role\r\nOak,\"a\rb\"\r\nElm,x\u2028y\n".encode())
    assert read(path) == (["name", "role"], [(2, ["Oak", "a\rb"]), (3, ["Elm", "x\u2028y"])])


@pytest.mark.parametrize(("name", "content", "message"), [
    ("p.xls", b"x", "expected a .csv or .xlsx file \\(save .xls files as .xlsx\\)"),
    ("p.csv", b"", "the file is empty"),
    ("p.xlsx", b"not a zip", "not a readable .xlsx workbook"),
])
def test_it_refuses_a_file_it_cannot_read(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        read(tmp_path / name)


def test_it_says_a_file_does_not_exist(tmp_path):
    with pytest.raises(ImportFileError, match="no such file"):
        read(tmp_path / "missing.csv")
