"""Dates in import files (Hypothesis): every date written in any accepted form is read as
itself, and nothing is ever read as a different date; a number from a spreadsheet is refused
as a date, saying so."""

import calendar
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import Workbook

from safecomm.dataio import fields as f
from tests.io.conftest import CONTRACTS, PROVIDERS, snapshot

ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def month_names(month: int) -> list[str]:
    full, short = calendar.month_name[month], calendar.month_abbr[month]
    names = [full, short, f"{short}."] + (["Sept"] if month == 9 else [])
    return [case(name) for name in names for case in (str, str.lower, str.upper)]


@st.composite
def written_dates(draw) -> tuple[date, str]:
    """A date, and that date written in one of the accepted ways."""
    day = draw(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
    short_year = 1970 <= day.year <= 2069 and draw(st.booleans())
    year = f"{day.year % 100:02d}" if short_year else f"{day.year:04d}"
    d = draw(st.sampled_from([str(day.day), f"{day.day:02d}"]))
    m = draw(st.sampled_from([str(day.month), f"{day.month:02d}"]))
    form = draw(st.sampled_from(["iso", "iso-time", "numeric", "words"]))
    if form == "iso":
        text = day.isoformat()
    elif form == "iso-time":
        time = draw(st.sampled_from(["T00:00:00", "T23:59:59", " 10:30", "T24:00",
                                     "T23:30:00-05:00", "T00:15:00+14:00", "T12:00:00Z"]))
        text = day.isoformat() + time
    elif form == "numeric":
        separator = draw(st.sampled_from("/.-"))
        text = separator.join((d, m, year))
    else:
        suffix = draw(st.sampled_from(["", ORDINAL.get(day.day, "th")]))
        month = draw(st.sampled_from(month_names(day.month)))
        gap = draw(st.sampled_from([" ", "  ", "-", "/", " - "]))
        comma = draw(st.sampled_from(["", ","]))
        text = f"{d}{suffix}{gap}{month}{comma}{gap}{year}"
    padding = draw(st.sampled_from(["", " ", "\t", "  "]))
    return day, f"{padding}{text}{padding}"


@given(written_dates())
def test_every_date_written_in_an_accepted_form_is_read_as_itself(written):
    day, text = written
    assert f.parse_date(text) == day, text


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=14),
       st.integers(min_value=1000, max_value=9999), st.sampled_from("/.-"),
       st.booleans())
def test_a_day_month_and_year_are_read_as_written_or_refused_never_rolled_over(
        day, month, year, separator, short_year):
    assume(not short_year or 1970 <= year <= 2069)
    written_year = f"{year % 100:02d}" if short_year else str(year)
    text = separator.join((str(day), str(month), written_year))
    try:
        real = date(year, month, day)
    except ValueError:
        real = None
    if real is None:
        with pytest.raises(f.FieldError, match="is not a real date"):
            f.parse_date(text)
    else:
        assert f.parse_date(text) == real


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=14),
       st.integers(min_value=1000, max_value=9999))
def test_an_iso_date_is_read_as_written_or_refused_never_rolled_over(day, month, year):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        real = date(year, month, day)
    except ValueError:
        real = None
    if real is None:
        with pytest.raises(f.FieldError, match="is not a real date"):
            f.parse_date(text)
    else:
        assert f.parse_date(text) == real


@given(st.text(alphabet=st.sampled_from("0123456789/-.: TWZ+aprilJunest,"), max_size=24)
       | st.text(max_size=12))
def test_any_text_is_either_a_date_as_written_or_refused_in_words(text):
    try:
        day = f.parse_date(text)
    except f.FieldError as refused:
        assert str(refused)
        return
    assert day.isoformat()[:4] in text or f"{day.year % 100:02d}" in text


def test_a_time_after_the_day_never_moves_the_date():
    # ISO 8601's 24:00 is midnight at the end of the day written, still that day for us
    assert f.parse_date("2027-04-03T24:00") == date(2027, 4, 3)
    assert f.parse_date("2027-04-03T23:30:00-05:00") == date(2027, 4, 3)


@pytest.mark.parametrize("text", ["2027-04", "2027-4-3", "2027-04-03Tnoon"])
def test_an_iso_like_text_without_a_whole_day_is_refused(text):
    with pytest.raises(f.FieldError, match=r"is not a date \(expected a date like 2027-04-03, "
                                           r"03/04/2027 or 3 April 2027\)"):
        f.parse_date(text)


@pytest.mark.parametrize(("cell", "shown"), [(45000, "45000"), (45000.0, "45000.0"),
                                             (45000.5, "45000.5"), (3, "3")])
def test_a_number_is_refused_as_a_date_saying_it_is_a_number(cell, shown):
    with pytest.raises(f.FieldError) as refused:
        f.parse_date(cell)
    assert str(refused.value) == (f"{shown} is a number, not a date (expected a date like "
                                  "2027-04-03, 03/04/2027 or 3 April 2027)")


def test_a_spreadsheets_number_cell_in_a_date_column_is_refused_and_nothing_written(
        cli, write_csv, tmp_path, engine):
    assert cli("import", "providers", write_csv("p.csv", PROVIDERS)).exit_code == 0
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(CONTRACTS[0]))
    sheet.append([45000 if column == "start_date" else value
                  for column, value in CONTRACTS[0].items()])
    workbook.save(tmp_path / "contracts.xlsx")
    before = snapshot(engine)

    result = cli("import", "contracts", tmp_path / "contracts.xlsx")

    assert result.exit_code == 1
    assert ("row 2: start_date: 45000 is a number, not a date (expected a date like "
            "2027-04-03, 03/04/2027 or 3 April 2027)") in result.output
    assert snapshot(engine) == before
