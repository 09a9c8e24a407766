"""The one name matcher (models.names) and the one way of writing dates, counts and due dates
(models.words)."""

from __future__ import annotations

from datetime import date

import pytest

from models.names import match_name, nearest, normalise
from models.words import day, due_words, plural, weekday

STORED = [("Harbour Lane Fostering", 1), ("Harbour View Care", 2), ("Kestrel Sports Academy", 3),
          ("Oakmere Family Support", 4)]


def test_it_picks_the_exact_name():
    assert match_name("Kestrel Sports Academy", STORED).found == 3


def test_it_picks_the_name_whatever_the_case_and_spacing():
    assert match_name("  kestrel   SPORTS academy ", STORED).found == 3
    assert normalise("  Oak \t Care ") == "oak care"


@pytest.mark.parametrize("typed", ["Harbor Lane", "Harbour", "Kestral Sport", "kestrel",
                                   "Harbour Lane Fostering Ltd", "Sports Academy"])
def test_it_never_picks_a_near_miss(typed):
    matched = match_name(typed, STORED)

    assert matched.found is None and matched.several == ()
    assert matched.nearest, "a near miss gets a did-you-mean"


def test_it_suggests_the_nearest_first():
    assert match_name("Harbor Lane", STORED).nearest[0] == 1
    assert match_name("Kestral Sport", STORED).nearest == (3,)
    assert match_name("Harbour", STORED).nearest == (1, 2)  # both start with it, by name
    assert match_name("sports", STORED).nearest == (3,)  # a word of the name
    assert match_name("support oakmere", STORED).nearest == (4,)  # its words, any order


def test_it_suggests_nothing_far_off_and_nothing_for_nothing():
    assert match_name("zzzz qqqq", STORED).nearest == ()
    assert match_name("   ", STORED) == match_name("   ", [])


def test_names_alike_but_for_case_are_several_unless_one_is_exact():
    stored = [("Oak Care", 1), ("OAK CARE", 2)]

    assert match_name("oak care", stored).several == (1, 2)
    assert match_name("OAK CARE", stored).found == 2


def test_nearest_keeps_to_its_limit():
    stored = [(f"Acorn {n}", n) for n in range(10)]

    assert nearest("acorn", stored, limit=3) == [0, 1, 2]


def test_a_date_reads_day_month_year_without_a_leading_zero():
    assert day(date(2026, 12, 5)) == "5 Dec 2026"
    assert day(None) == "—"
    assert weekday(date(2026, 12, 7)) == "Monday 7 Dec 2026"


def test_counts_agree_with_their_nouns():
    assert plural(1, "overdue re-check") == "1 overdue re-check"
    assert plural(2, "overdue re-check") == "2 overdue re-checks"
    assert plural(0, "duty", "duties") == "0 duties"


def test_a_due_date_reads_was_due_in_the_past_and_due_in_the_future():
    today = date(2026, 12, 7)

    assert due_words(date(2025, 12, 5), today) == "was due 5 Dec 2025 (overdue by 367 days)"
    assert due_words(date(2026, 12, 6), today) == "was due 6 Dec 2026 (overdue by 1 day)"
    assert due_words(today, today) == "due today (7 Dec 2026)"
    assert due_words(date(2026, 12, 17), today) == "due 17 Dec 2026 (in 10 days)"
