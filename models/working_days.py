"""Working days: Monday to Friday, except England and Wales bank holidays (the ``holidays``
package's GB calendar for England, substitute days included). Nothing is posted on other days.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays  # on first use: every command imports this module, few ask a holiday

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """True on a weekday that is not an England and Wales bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def is_first_working_day_of_week(day: date) -> bool:
    """True on the week's first working day (Monday, or Tuesday after a bank holiday Monday…)."""
    monday = day - timedelta(days=day.weekday())
    return is_working_day(day) and next_working_day(monday) == day
