"""Thresholds are crossed, not matched; the incremental run's due dates miss no change."""

from datetime import date, timedelta

import pytest

from models.thresholds import Schedule, parse_thresholds

DUE = date(2027, 6, 30)
DBS = Schedule()


@pytest.mark.parametrize(("days_left", "expected"), [
    (91, None), (90, "90"), (61, "90"), (60, "60"), (31, "60"), (30, "30"), (15, "30"),
    (14, "14"), (8, "14"), (7, "7"), (1, "7"), (0, "0"),
    (-1, "overdue:0"), (-7, "overdue:0"), (-8, "overdue:1"), (-15, "overdue:2"),
])
def test_it_reports_the_most_urgent_threshold_reached(days_left, expected):
    assert DBS.threshold(DUE, DUE - timedelta(days=days_left)) == expected


@pytest.mark.parametrize("days_left", [90, 75, 30, 14, 3, 0, -1, -9, -30])
def test_it_knows_the_day_a_threshold_was_reached(days_left):
    today = DUE - timedelta(days=days_left)
    threshold = DBS.threshold(DUE, today)
    reached = DBS.reached_on(DUE, threshold)
    assert reached <= today and DBS.threshold(DUE, reached) == threshold
    assert DBS.threshold(DUE, reached - timedelta(days=1)) != threshold


def test_it_repeats_overdue_at_the_configured_interval():
    fortnightly = Schedule((30, 0), overdue_every=14)
    assert fortnightly.threshold(DUE, DUE + timedelta(days=14)) == "overdue:0"
    assert fortnightly.threshold(DUE, DUE + timedelta(days=15)) == "overdue:1"


def test_it_parses_the_threshold_setting_largest_first():
    assert parse_thresholds("0, 7,90,30,14,60,7") == (90, 60, 30, 14, 7, 0)


def test_it_skips_blank_entries_in_the_threshold_setting():
    assert parse_thresholds("60,, 7 , ,30,") == (60, 30, 7)


@pytest.mark.parametrize("text", ["", "90,soon", "30,-1"])
def test_it_refuses_a_bad_threshold_setting_naming_it(text):
    with pytest.raises(ValueError, match="days"):
        parse_thresholds(text)


@pytest.mark.parametrize(("value", "message"), [
    ("90,soon", "'90,soon' is not a comma-separated list of days, like 90,60,30,14,7,0"),
    (" , ", "' , ' needs at least one number of days, none negative"),
    ("30,-1", "'30,-1' needs at least one number of days, none negative"),
])
def test_it_says_what_a_threshold_setting_should_look_like(value, message):
    with pytest.raises(ValueError) as refused:
        parse_thresholds(value)
    assert str(refused.value) == message


@pytest.mark.parametrize(("gap", "all_overdue"), [
    (1, False), (2, False), (3, False), (4, False), (6, False), (7, True), (9, True), (20, True)])
def test_it_lists_every_due_date_whose_threshold_changed_since_the_last_run(gap, all_overdue):
    since = date(2027, 3, 1)
    today = since + timedelta(days=gap)
    earliest = since - timedelta(days=200)
    dues, every_overdue_listed = DBS.changed_dues(since, today, earliest)
    assert every_overdue_listed is all_overdue
    window = [since + timedelta(days=n) for n in range(-200, 120)]
    changed = {due for due in window if DBS.threshold(due, today) != DBS.threshold(due, since)}
    listed = {due for due in window if due in dues or (all_overdue and due < today)}
    assert len(changed) >= 6 * gap  # each threshold moves on a new due date every day
    assert changed <= listed, sorted(changed - listed)
    if not all_overdue:  # a short gap lists exactly the changed dates, nothing more
        assert listed == changed, sorted(listed ^ changed)
