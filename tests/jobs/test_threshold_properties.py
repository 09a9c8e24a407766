"""Reminder thresholds over any history of daily runs (Hypothesis).

The runs are modelled on the pure rule: the first run reads everyone within the horizon,
every later run reads only the due dates ``Schedule.changed_dues`` lists since the run
before (the strictest case: the job's weekly full sweep only reads more), and a dict stands
for the ledger (a key is reported once). Whatever the gaps between runs, each threshold a
person is at on some run is reported exactly once, at the first run on or after the day it
was crossed; a threshold passed between two runs is caught up by the most urgent one only.
The expectations come from the rule written out here, not from the schedule's code."""

from datetime import date, timedelta
from itertools import accumulate

from hypothesis import given
from hypothesis import strategies as st

from models.thresholds import Schedule, is_overdue, urgency

FIRST_RUN = date(2027, 1, 4)


def threshold_by_hand(before: tuple[int, ...], every: int, due: date, day: date) -> str | None:
    """SPEC: the smallest threshold not yet further away than the due date; after the due
    date a new ``overdue:k`` every ``every`` days."""
    left = (due - day).days
    if left < 0:
        return f"overdue:{(-left - 1) // every}"
    reached = [t for t in before if left <= t]
    return str(min(reached)) if reached else None


def crossed_on(due: date, threshold: str, every: int) -> date:
    if threshold.startswith("overdue:"):
        return due + timedelta(days=1 + int(threshold.split(":")[1]) * every)
    return due - timedelta(days=int(threshold))


@st.composite
def histories(draw):
    before = tuple(sorted(draw(st.sets(st.integers(0, 120), min_size=1, max_size=6)),
                          reverse=True))
    every = draw(st.integers(1, 14))
    gaps = draw(st.lists(st.integers(1, 45), min_size=0, max_size=24))
    runs = [FIRST_RUN + timedelta(days=n) for n in accumulate([0, *gaps])]
    dues = draw(st.lists(st.integers(-90, 400), min_size=1, max_size=8))
    return Schedule(before, every), runs, [FIRST_RUN + timedelta(days=d) for d in dues]


def simulate(schedule: Schedule, runs: list[date], dues: list[date]) -> dict:
    """What the runs report: {(person, threshold): run day}."""
    reported: dict[tuple[int, str], date] = {}
    last = None
    for today in runs:
        horizon = today + timedelta(days=schedule.horizon)
        if last is None:
            read = [p for p, due in enumerate(dues) if due <= horizon]
        else:
            changed, every_overdue = schedule.changed_dues(last, today, min(dues))
            read = [p for p, due in enumerate(dues) if due <= horizon
                    and (due in changed or (every_overdue and due < today))]
        for person in read:
            threshold = schedule.threshold(dues[person], today)
            if threshold is not None:
                reported.setdefault((person, threshold), today)
        last = today
    return reported


@given(histories())
def test_each_threshold_is_reported_once_at_the_first_run_after_it_was_crossed(history):
    schedule, runs, dues = history
    expected = {}
    for person, due in enumerate(dues):
        for today in runs:
            threshold = threshold_by_hand(schedule.before, schedule.overdue_every, due, today)
            if threshold is not None:
                expected.setdefault((person, threshold), today)
    assert simulate(schedule, runs, dues) == expected
    for (person, threshold), day in expected.items():
        crossed = crossed_on(dues[person], threshold, schedule.overdue_every)
        assert day == min(run for run in runs if run >= crossed)


@given(histories())
def test_a_gap_between_runs_is_caught_up_with_the_most_urgent_threshold_only(history):
    schedule, runs, dues = history
    reported = simulate(schedule, runs, dues)
    by_day: dict[tuple[int, date], int] = {}
    for person, day in ((p, d) for (p, _), d in reported.items()):
        by_day[person, day] = by_day.get((person, day), 0) + 1
    assert all(count == 1 for count in by_day.values())


def test_it_reports_nothing_before_the_longest_threshold():
    schedule = Schedule((30, 7))
    assert simulate(schedule, [FIRST_RUN], [FIRST_RUN + timedelta(days=31)]) == {}
    assert simulate(schedule, [FIRST_RUN], [FIRST_RUN + timedelta(days=30)]) == {
        (0, "30"): FIRST_RUN}


def test_it_measures_urgency_in_days_left_and_knows_an_overdue_threshold():
    assert urgency(date(2027, 1, 10), date(2027, 1, 4)) == 6
    assert urgency(date(2027, 1, 1), date(2027, 1, 4)) == -3
    assert is_overdue("overdue:0") and is_overdue("overdue:12")
    assert not is_overdue("0") and not is_overdue("90")
