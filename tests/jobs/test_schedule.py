"""Working days skip weekends and England and Wales bank holidays; the worker's triggers too."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jobs.scheduler import WorkingDayTrigger, build_scheduler
from models.working_days import is_first_working_day_of_week, is_working_day, next_working_day

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(("day", "working"), [
    (date(2027, 3, 3), True),  # a Wednesday
    (date(2027, 3, 6), False),  # Saturday
    (date(2027, 3, 7), False),  # Sunday
    (date(2027, 3, 26), False),  # Good Friday
    (date(2027, 3, 29), False),  # Easter Monday
    (date(2026, 12, 25), False),  # Christmas Day
    (date(2026, 12, 28), False),  # Boxing Day, observed on the Monday
    (date(2027, 8, 30), False),  # Late Summer Bank Holiday (England, not Scotland's)
    (date(2027, 8, 2), True),  # Scotland's summer holiday is a working day in England
])
def test_it_knows_working_days(day, working):
    assert is_working_day(day) is working


def test_it_finds_the_first_working_day_of_a_week():
    assert next_working_day(date(2027, 3, 26)) == date(2027, 3, 30)
    assert is_first_working_day_of_week(date(2027, 3, 30))  # Tuesday after Easter Monday
    assert not is_first_working_day_of_week(date(2027, 3, 31))
    assert is_first_working_day_of_week(date(2027, 3, 1))  # an ordinary Monday


def fire_times(trigger, start, count):
    times, previous, now = [], None, start
    for _ in range(count):
        previous = trigger.get_next_fire_time(previous, now)
        times.append(previous)
        now = previous
    return times


def test_it_fires_each_working_day_morning_skipping_christmas_and_weekends():
    trigger = WorkingDayTrigger(hour=8, minute=0, timezone=LONDON)
    times = fire_times(trigger, datetime(2026, 12, 23, 9, 0, tzinfo=LONDON), 3)
    assert [t.date() for t in times] == [date(2026, 12, 24), date(2026, 12, 29),
                                         date(2026, 12, 30)]
    assert all((t.hour, t.minute) == (8, 0) and t.tzinfo is not None for t in times)


def test_it_fires_at_local_time_across_the_clock_change():
    trigger = WorkingDayTrigger(hour=8, minute=0, timezone=LONDON)
    winter, summer = fire_times(trigger, datetime(2027, 3, 26, 9, 0, tzinfo=LONDON), 1)[0], \
        fire_times(trigger, datetime(2027, 4, 1, 9, 0, tzinfo=LONDON), 1)[0]
    assert winter.utcoffset().total_seconds() == 3600  # 30 March 2027 is in summer time
    assert (winter.hour, summer.hour) == (8, 8)


def test_it_runs_the_weekly_summary_on_the_first_working_day_only():
    trigger = WorkingDayTrigger(hour=8, minute=30, timezone=LONDON, weekly=True)
    times = fire_times(trigger, datetime(2027, 3, 19, 12, 0, tzinfo=LONDON), 3)
    assert [t.date() for t in times] == [date(2027, 3, 22), date(2027, 3, 30), date(2027, 4, 5)]


def test_it_schedules_every_job_once_one_at_a_time():
    scheduler = build_scheduler(LONDON, run=lambda name: None)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert {"dbs-reminders", "due-reminders", "summary"} <= set(jobs)
    assert jobs["summary"].trigger.weekly and not jobs["dbs-reminders"].trigger.weekly
    assert scheduler._job_defaults["max_instances"] == 1 and scheduler._job_defaults["coalesce"]
    assert scheduler._executors["default"]._pool._max_workers == 1
