"""One cell to a typed value: dates, yes/no, levels, certificate numbers, clause codes."""

from datetime import date, datetime

import pytest

from models.enums import CLAUSE_ELEMENTS, ContactLevel
from safecomm.dataio import fields as f


@pytest.mark.parametrize("text", ["2027-04-03", "03/04/2027", "3/4/27", "3 April 2027",
                                  "3rd Apr 2027", "03-04-2027", "3.4.2027", "3-Apr-27",
                                  "2027-04-03T00:00:00", " 3 april 2027 "])
def test_it_reads_iso_and_uk_day_first_dates_as_the_same_day(text):
    assert f.parse_date(text) == date(2027, 4, 3)


def test_it_takes_excel_date_cells_as_they_are():
    assert f.parse_date(datetime(2027, 4, 3, 0, 0)) == date(2027, 4, 3)
    assert f.parse_date(date(2027, 4, 3)) == date(2027, 4, 3)


@pytest.mark.parametrize("text", ["31/02/2027", "2027-02-30", "29/02/2027", "31 June 2027",
                                  "04/13/2027"])
def test_it_refuses_dates_that_do_not_exist(text):
    with pytest.raises(f.FieldError, match="is not a real date"):
        f.parse_date(text)


@pytest.mark.parametrize("text", ["next tuesday", "2027", "3 Smarch 2027", "2027/04"])
def test_it_refuses_text_that_is_not_a_date(text):
    with pytest.raises(f.FieldError):
        f.parse_date(text)


def test_it_reads_a_two_digit_year_as_this_century_below_70():
    assert f.parse_date("1/1/69") == date(2069, 1, 1)
    assert f.parse_date("1/1/70") == date(1970, 1, 1)


@pytest.mark.parametrize(("cell", "expected"), [("yes", True), ("Y", True), ("TRUE", True),
                                                ("1", True), (True, True), ("no", False),
                                                ("n", False), ("False", False), (False, False)])
def test_it_reads_yes_and_no(cell, expected):
    assert f.parse_bool(cell) is expected


def test_it_refuses_a_yes_no_it_cannot_read():
    with pytest.raises(f.FieldError, match="'maybe' is not yes or no"):
        f.parse_bool("maybe")


def test_it_matches_levels_whatever_the_case_and_spacing():
    parse = f.choice(ContactLevel)
    assert parse(" Regulated ") == "regulated"
    with pytest.raises(f.FieldError, match="not one of regulated, regular, occasional, none"):
        parse("sometimes")


@pytest.mark.parametrize("cell", ["001234567890", "0012 3456 7890", "0012-3456-7890",
                                  " 001234567890 "])
def test_it_reads_a_certificate_number_with_spaces_or_dashes(cell):
    assert f.certificate(cell) == "001234567890"


@pytest.mark.parametrize("cell", ["00123456789", "0012345678901", "00123456789X",
                                  "0012.3456.7890"])
def test_it_refuses_a_certificate_that_is_not_12_digits_without_echoing_it(cell):
    with pytest.raises(f.FieldError) as caught:
        f.certificate(cell)
    message = str(caught.value)
    assert "12" in message
    assert "3456" not in message and "789" not in message


def test_it_says_a_spreadsheet_dropped_the_leading_zeros():
    with pytest.raises(f.FieldError, match="has 10 digits, not 12.*leading zeros"):
        f.certificate(1234567890)


def test_it_reads_clause_elements_in_spec_order_or_all():
    assert f.clause_elements("training; legislation") == "legislation;training"
    assert f.clause_elements("ALL") == ";".join(CLAUSE_ELEMENTS)


def test_it_names_an_unknown_clause_element():
    with pytest.raises(f.FieldError, match="unknown clause element 'lado'"):
        f.clause_elements("legislation;lado")


def test_it_reads_slack_users_and_channels():
    assert f.slack_user("U0123ABCD") == "U0123ABCD"
    assert f.slack_user("Lead@Example.org") == "lead@example.org"
    assert f.slack_channel("C0123ABCD") == "C0123ABCD"
    assert f.slack_channel("oak-care") == "#oak-care"
    with pytest.raises(f.FieldError, match="not a Slack user ID"):
        f.slack_user("bob")
    with pytest.raises(f.FieldError, match="not a Slack channel"):
        f.slack_channel("Oak Care!")


def test_it_refuses_text_longer_than_the_column():
    with pytest.raises(f.FieldError, match="longer than 5 characters"):
        f.text(5)("abcdef")
    assert f.text(20, one_line=True)("  Oak   Care ") == "Oak Care"
    assert f.text(20)(1234.0) == "1234"


def test_it_reads_whole_numbers_of_at_least_a_minimum():
    parse = f.whole_number(1)
    assert parse("6") == 6 and parse(6.0) == 6
    with pytest.raises(f.FieldError, match="less than 1"):
        parse("0")
    with pytest.raises(f.FieldError, match="not a whole number"):
        parse("six")
