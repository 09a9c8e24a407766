"""Which reminder threshold a due date has reached. Pure: ``today`` is a parameter.

Rules (crossing, not equality):
- Before or on the due date D, the threshold is the smallest ``t`` of the schedule with
  ``D - today <= t`` (so 90, 60, 30, 14, 7, 0 days before D); none while D is further away.
- After D it is ``overdue:k`` with ``k = (today - D - 1) // every`` — a new one each ``every``
  days (weekly by default) while overdue.
- A run reports the threshold reached *now*, whatever was crossed since the last report: a
  run after days without one catches up with one message at the most urgent threshold only.
- A schedule's horizon is its largest threshold: the DBS reminders read re-checks due within
  it, and ``dbs NAME`` lists the same window (SAFECOMM_DBS_THRESHOLDS, parsed by the settings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

DBS_THRESHOLDS = (90, 60, 30, 14, 7, 0)
OVERDUE_EVERY_DAYS = 7


def parse_thresholds(value: str | Iterable[int]) -> tuple[int, ...]:
    """``"90,60,30,14,7,0"`` (or numbers) → (90, 60, 30, 14, 7, 0): largest first, duplicates
    dropped. ValueError (one line) unless at least one whole number of days, none negative."""
    try:
        parts = value.split(",") if isinstance(value, str) else list(value)
        days = {int(part) for part in parts if str(part).strip()}
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a comma-separated list of days, like "
                         "90,60,30,14,7,0") from None
    if not days or min(days) < 0:
        raise ValueError(f"{value!r} needs at least one number of days, none negative")
    return tuple(sorted(days, reverse=True))


@dataclass(frozen=True)
class Schedule:
    """When reminders of one kind fall due: days before the due date, then every N days late."""

    before: tuple[int, ...] = DBS_THRESHOLDS
    overdue_every: int = OVERDUE_EVERY_DAYS

    @property
    def horizon(self) -> int:
        return max(self.before)

    def threshold(self, due: date, today: date) -> str | None:
        """The threshold ``due`` has reached on ``today`` (see the module's rules)."""
        return _threshold(self.before, self.overdue_every, (due - today).days)

    def reached_on(self, due: date, threshold: str) -> date:
        """The day ``due`` reached ``threshold`` (the day a reminder for it became due)."""
        if threshold.startswith("overdue:"):
            return due + timedelta(days=1 + int(threshold[8:]) * self.overdue_every)
        return due - timedelta(days=int(threshold))

    def changed_dues(self, since: date, today: date, earliest: date) -> tuple[set[date], bool]:
        """The due dates whose threshold changes on a day after ``since`` up to ``today``:
        a set of dates, and True when every overdue date changed too (a gap of at least
        ``overdue_every`` days). ``earliest`` bounds the overdue dates to list."""
        gap = (today - since).days
        dues = {since + timedelta(days=n + t) for t in self.before for n in range(1, gap + 1)}
        if gap >= self.overdue_every:
            return dues, True
        for n in range(1, gap + 1):
            due = since + timedelta(days=n - 1)  # entering overdue:k on due + 1 + k·every
            while due >= earliest:
                dues.add(due)
                due -= timedelta(days=self.overdue_every)
        return dues, False


@lru_cache(maxsize=4096)
def _threshold(before: tuple[int, ...], overdue_every: int, days: int) -> str | None:
    if days < 0:
        return f"overdue:{(-days - 1) // overdue_every}"
    reached = [t for t in before if days <= t]
    return str(min(reached)) if reached else None


def urgency(due: date, today: date) -> int:
    """Days left (negative when overdue): smaller is more urgent."""
    return (due - today).days


def is_overdue(threshold: str) -> bool:
    return threshold.startswith("overdue:")
