"""Properties of every schedule (Hypothesis): anchored on any day, with any interval, a
schedule never drifts over 100 periods, and a duty done near a slot counts for that slot.

The expected dates are computed here from the calendar (month arithmetic and the month's
length), not with the schedule's own code."""

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from models import cadence

anchors = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
intervals = st.integers(min_value=1, max_value=24)


def expected_slot(anchor: date, every_months: int, n: int) -> date:
    """The n-th date: the same day of the month, or the month's last day when it is shorter."""
    months = anchor.year * 12 + anchor.month - 1 + every_months * n
    year, month = divmod(months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(anchor.day, last_day))


def nearest_by_hand(anchor: date, every_months: int, done: date) -> int:
    """The slot nearest to ``done``, found by walking the slots; ties go to the earlier one."""
    n = 0
    while expected_slot(anchor, every_months, n + 1) <= done:
        n += 1
    before, after = expected_slot(anchor, every_months, n), expected_slot(anchor, every_months,
                                                                          n + 1)
    return n if done <= before or (done - before) <= (after - done) else n + 1


@given(anchors, intervals)
def test_a_schedule_anchored_on_any_day_never_drifts_over_100_periods(anchor, every):
    for n in range(101):
        assert cadence.slot(anchor, every, n) == expected_slot(anchor, every, n), n


@given(anchors, intervals)
def test_doing_each_duty_on_its_due_date_keeps_the_schedule_for_100_periods(anchor, every):
    due = cadence.next_due(anchor, every)
    assert due == expected_slot(anchor, every, 1)
    for n in range(2, 102):
        due = cadence.next_due(anchor, every, due)
        assert due == expected_slot(anchor, every, n), n


@given(anchors, intervals, st.integers(min_value=0, max_value=100),
       st.integers(min_value=-13, max_value=13))
def test_a_duty_done_up_to_13_days_early_or_late_counts_for_its_slot(anchor, every, n, offset):
    done = expected_slot(anchor, every, n) + timedelta(days=offset)
    assert cadence.next_due(anchor, every, done) == expected_slot(anchor, every, n + 1)


@given(anchors, intervals, st.integers(min_value=-400, max_value=3000))
def test_a_duty_done_on_any_day_counts_for_the_nearest_slot(anchor, every, days_after):
    done = anchor + timedelta(days=days_after)
    n = nearest_by_hand(anchor, every, done)
    assert cadence.nearest_slot(anchor, every, done) == n
    assert cadence.next_due(anchor, every, done) == expected_slot(anchor, every, n + 1)


def test_it_finds_the_slot_of_a_duty_done_a_few_days_into_the_next_month():
    # 31 Jan + 1 month is 28 Feb; 10 Feb is nearer to 31 Jan (10 days) than to 28 Feb (18)
    assert cadence.nearest_slot(date(2027, 1, 31), 1, date(2027, 2, 10)) == 0
    assert cadence.nearest_slot(date(2027, 1, 31), 1, date(2027, 2, 15)) == 1
    assert cadence.nearest_slot(date(2027, 1, 31), 1, date(2027, 1, 31)) == 0
    assert cadence.nearest_slot(date(2027, 1, 31), 1, date(2027, 2, 28)) == 1
    assert cadence.nearest_slot(date(2027, 1, 31), 1, date(2030, 1, 31)) == 36


def test_its_first_guess_never_overshoots_so_it_works_up_to_the_calendars_last_month():
    """The slot is found from a guess that is never past the answer: at the end of the
    calendar a guess past it would be a date that cannot exist."""
    assert cadence.next_due(date(9990, 12, 31), 1, date(9999, 11, 20)) == date(9999, 12, 31)
    assert cadence.next_due(date(9998, 12, 31), 12, date(9998, 12, 31)) == date(9999, 12, 31)
    assert cadence.nearest_slot(date(9000, 12, 1), 1, date(9999, 11, 1)) == 11987
