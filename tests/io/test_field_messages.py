"""The exact words each cell parser answers with, and the limits at their boundaries."""

import pytest

from models.enums import CLAUSE_ELEMENTS, ContactLevel, DbsLevel
from safecomm.dataio import fields as f


def refusal(parse, cell) -> str:
    with pytest.raises(f.FieldError) as refused:
        parse(cell)
    return str(refused.value)


@pytest.mark.parametrize(("cell", "empty"), [
    (None, True), ("", True), ("  \t", True), ("x", False), (0, False), (0.0, False),
    (False, False)])
def test_it_knows_an_empty_cell(cell, empty):
    assert f.is_empty(cell) is empty


def test_whole_numbers_from_zero_by_default_with_the_minimum_included():
    assert [f.whole_number()(cell) for cell in ("0", 3.0, "+4", " 12 ")] == [0, 3, 4, 12]
    assert f.whole_number(1)("1") == 1
    assert refusal(f.whole_number(), "-1") == "-1 is less than 0"
    assert refusal(f.whole_number(1), "0") == "0 is less than 1"
    assert refusal(f.whole_number(), True) == "True is not a whole number"
    assert refusal(f.whole_number(), "3.5") == "'3.5' is not a whole number"


def test_choices_accept_spaces_and_dashes_for_underscores():
    level = f.choice(DbsLevel)
    assert [level(cell) for cell in ("enhanced_barred", "Enhanced Barred", "enhanced-barred",
                                     "ENHANCED - BARRED")] == ["enhanced_barred"] * 4
    assert refusal(f.choice(ContactLevel), "Some times") == (
        "'Some times' is not one of regulated, regular, occasional, none")


def test_text_keeps_its_lines_unless_asked_and_allows_exactly_the_maximum():
    assert f.text(40)("  two  spaces\nand a line  ") == "two  spaces\nand a line"
    assert f.text(40, one_line=True)("  two  spaces\nand a line  ") == "two spaces and a line"
    assert f.text(5)("abcde") == "abcde"
    assert refusal(f.text(5), "abcdef") == "longer than 5 characters (6)"
    assert f.text(5)(1001.0) == "1001"


def test_an_email_address_may_be_254_characters_long():
    at_most = "a" * 242 + "@Example.org"
    assert (len(at_most), f.slack_user(at_most)) == (254, at_most.lower())
    too_long = "a" + at_most
    assert refusal(f.slack_user, too_long) == (
        f"{too_long!r} is not a Slack user ID (like U0123ABCD) or an e-mail address")


def test_it_says_what_a_channel_should_look_like():
    assert refusal(f.slack_channel, "Not A Channel!") == (
        "'Not A Channel!' is not a Slack channel ID (like C0123ABCD) or a channel name "
        "(like #oak-care)")


@pytest.mark.parametrize(("cell", "message"), [
    ("0012 3456 789", "has 11 digits, not 12"),
    ("0012-3456-7890-1", "has 13 digits, not 12"),
    ("00123456789X", "must be 12 digits (spaces and dashes allowed); it has other characters"),
    (1234567890, "has 10 digits, not 12; a spreadsheet may have dropped leading zeros: "
                 "format the column as text"),
    (1234567890.0, "has 10 digits, not 12; a spreadsheet may have dropped leading zeros: "
                   "format the column as text"),
    (1234567890123, "has 13 digits, not 12"),
])
def test_it_says_why_a_certificate_number_is_refused(cell, message):
    assert refusal(f.certificate, cell) == message


def test_a_spreadsheets_true_or_false_cell_is_not_read_as_a_certificate_number():
    other = "must be 12 digits (spaces and dashes allowed); it has other characters"
    assert (refusal(f.certificate, True), refusal(f.certificate, False)) == (other, other)


def test_a_date_of_birth_that_is_not_a_date_is_refused_without_showing_it():
    assert refusal(f.date_of_birth, "31/02/1990") == (
        "not a date (expected a date like 2027-04-03, 03/04/2027 or 3 April 2027; "
        "the value is not shown)")


def test_it_reads_a_certificate_number_from_a_spreadsheets_number_cell():
    assert f.certificate(123456789012) == "123456789012"
    assert f.certificate(123456789012.0) == "123456789012"


def test_it_names_unknown_clause_elements_and_the_codes_there_are():
    assert refusal(f.clause_elements, "training; gossip, rumour") == (
        "unknown clause element 'gossip', 'rumour' (codes: "
        f"{', '.join(CLAUSE_ELEMENTS)}, or all)")
    assert ", ".join(CLAUSE_ELEMENTS).startswith("safeguarding_reference, legislation, ")
