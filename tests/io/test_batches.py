"""A large CSV file's cells read a batch of rows and a column at a time, and created rows
documented and written a column at a time: the same values, problems and documents as row
by row."""

import json
from datetime import date

import pytest
from sqlmodel import select

from models import Staff
from safecomm.dataio import columns
from safecomm.dataio.columns import BatchReader, Problems, match_header, read_cells
from safecomm.dataio.staff import StaffImporter
from safecomm.dataio.trail import created_document, created_documents
from tests.io.conftest import STAFF

HEADER = ["contract", "name", "role", "contact_level", "dbs_certificate", "dbs_issue_date",
          "update_service", "ignored"]
GOOD = [["OAK-001", " Amara  Ashby ", "", "Regulated", "0012 3456 7890", "3/4/25", "yes", "x"],
        ["OAK-001", "Ben Bramley", "Driver", "none", "", "", "no", ""],
        ["ELM-001", "Amara Ashby", "  ", "regulated", "001234567890", "2025-04-03", "Y", ""]]


def layout():
    problems = Problems()
    found = match_header(HEADER, StaffImporter.columns, 1, problems)
    assert not problems
    return found


def row_by_row(rows, start=2):
    problems = Problems()
    values = [read_cells(cells, layout(), row, problems)
              for row, cells in enumerate(rows, start=start)]
    return values, problems.shown


def by_batch(reader, rows, start=2):
    problems = Problems()
    values = list(reader.read(list(enumerate(rows, start=start)), problems))
    return values, problems.shown


def test_a_clean_batch_reads_the_values_row_by_row_reading_gives():
    values, problems = by_batch(BatchReader(layout()), GOOD * 3)
    assert (values, problems) == row_by_row(GOOD * 3)
    assert values[0]["name"] == "Amara Ashby" and values[1]["dbs_certificate"] is None
    assert isinstance(values, list)  # read in one go, not row by row


def test_a_batch_with_a_problem_gives_each_rows_problems_in_row_order():
    bad = [list(GOOD[0]), list(GOOD[1]), list(GOOD[2])]
    bad[0][5] = "31/02/2025"
    bad[2][1] = ""
    bad[2][3] = "sometimes"
    values, problems = by_batch(BatchReader(layout()), bad)
    assert (values, problems) == row_by_row(bad)
    assert problems == ["row 2: dbs_issue_date: '31/02/2025' is not a real date (dates are "
                        "day first: DD/MM/YYYY)", "row 4: name: required, but empty",
                        "row 4: contact_level: 'sometimes' is not one of regulated, regular, "
                        "occasional, none"]


def test_a_batch_yields_row_by_row_when_it_has_a_problem_so_later_problems_follow_in_order():
    bad = [list(GOOD[0]), list(GOOD[1])]
    bad[0][6] = "perhaps"
    problems = Problems()
    read = BatchReader(layout()).read(list(enumerate(bad, start=2)), problems)
    first = next(iter(read))
    problems.add(2, "name", "the caller's problem with row 2")
    list(read)
    assert "update_service" not in first
    assert [line.split(":")[0:2] for line in problems.shown] == [
        ["row 2", " update_service"], ["row 2", " name"]]


def test_a_cell_found_unreadable_in_one_batch_is_a_problem_in_the_next_too():
    reader = BatchReader(layout())
    bad = [list(GOOD[0])]
    bad[0][4] = "12345"
    assert by_batch(reader, bad)[1] == ["row 2: dbs_certificate: has 5 digits, not 12"]
    assert by_batch(reader, GOOD)[1] == []
    assert by_batch(reader, [GOOD[1], bad[0]], start=10)[1] == [
        "row 11: dbs_certificate: has 5 digits, not 12"]


def test_rows_shorter_than_the_header_are_read_row_by_row(monkeypatch):
    short = [GOOD[0], GOOD[1][:4]]
    assert by_batch(BatchReader(layout()), short) == row_by_row(short)


def test_a_column_forgets_what_it_parsed_after_a_while_and_reads_the_same(monkeypatch):
    monkeypatch.setattr(columns, "REMEMBERED", 2)
    reader = BatchReader(layout())
    rows = [[*GOOD[0][:1], f"Person {n}", *GOOD[0][2:]] for n in range(7)]
    for start in (2, 9, 16):
        assert by_batch(reader, rows, start) == row_by_row(rows, start)
    assert all(len(parsed) <= 2 + len(rows) for parsed in reader.parsed)


AFTERS = [
    {"id": 5, "name": "Invented \"Al\" Ñandú", "role": "", "dbs_certificate": "001234567890",
     "dbs_certificate_token": "tok", "dbs_level": None, "score": 1.5, "attendees": 3,
     "dbs_issue_date": date(2025, 1, 31), "update_service": False, "mixed": 1, "doc": {"a": 1}},
    {"id": 6, "name": "Ben", "role": "", "dbs_certificate": None, "dbs_certificate_token": None,
     "dbs_level": "enhanced", "score": 1, "attendees": 3, "dbs_issue_date": None,
     "update_service": True, "mixed": True, "doc": {"a": [1, 2]}},
    {"id": 7, "name": "Ben", "role": "Driver", "dbs_certificate": "009876543210",
     "dbs_certificate_token": "tok", "dbs_level": None, "score": 1.0, "attendees": 4,
     "dbs_issue_date": date(2025, 1, 31), "update_service": False, "mixed": 1.0, "doc": None},
]


def test_documents_written_a_column_at_a_time_are_those_written_row_by_row():
    names = list(AFTERS[0])
    documents = created_documents(names, [[after[name] for after in AFTERS] for name in names])
    assert documents == [created_document(after) for after in AFTERS]
    assert [json.loads(d)["mixed"] for d in documents] == [[None, 1], [None, True], [None, 1.0]]
    assert json.loads(documents[2])["dbs_certificate"] == [None, "••••••••3210"]


@pytest.mark.parametrize(("names", "columns"), [
    (["id", "created_at"], [[5, 6, 7], [None, None, None]]),  # fields the trail ignores
    (["dbs_level", "role"], [[None, None, None]] * 2),  # nothing but empty values
])
def test_rows_with_nothing_to_document_get_empty_documents(names, columns):
    assert created_documents(names, columns) == ["{}"] * 3


def test_created_staff_rows_take_their_own_tokens_last_4_digits_and_no_status(loaded, session,
                                                                             cipher):
    stored = session.scalars(select(Staff).order_by(Staff.staff_ref)).all()
    assert [(s.staff_ref, s.dbs_certificate_last4, s.status_check_result) for s in stored] == [
        ("Chloe Colne", "3210", None), ("P001", "7890", None), ("P002", None, None)]
    assert [s.dbs_certificate_token and cipher.decrypt(s.dbs_certificate_token)
            for s in stored] == ["009876543210", "001234567890", None]
    assert len(stored) == len(STAFF)
