"""When is a recurring duty next due? Pure date arithmetic, no database.

Every schedule is ``anchor + n × interval`` (dateutil's relativedelta), never "last date +
interval" chained, so a schedule anchored on 31 January runs 28/29 February, 31 March,
30 April, 31 May… and does not drift to the 28th. A duty done a little early or late counts
for the scheduled date nearest to it; the next one is due at the slot after that.
"""

from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta

from models.enums import Risk

DBS_RECHECK_YEARS = 3
SELF_ASSESSMENT_EVERY_MONTHS = 12
MONITORING_EVERY_MONTHS = 3
TRAINING_EVERY_MONTHS = 12
THEMATIC_EVERY_MONTHS = {Risk.HIGH: 3, Risk.MEDIUM: 6, Risk.LOW: 12}


def slot(anchor: date, every_months: int, n: int) -> date:
    """The n-th scheduled date: ``anchor + n × every_months`` months (as relativedelta adds
    months: the anchor's day, or the month's last day when it is shorter; in integers, as
    this is called for every contract of every run)."""
    if every_months < 1:
        raise ValueError(f"interval must be at least 1 month, got {every_months}")
    months = anchor.month - 1 + every_months * n
    year, month = anchor.year + months // 12, months % 12 + 1
    return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def nearest_slot(anchor: date, every_months: int, done: date) -> int:
    """The index of the scheduled date nearest to ``done`` (ties go to the earlier slot)."""
    if done <= anchor:
        return 0
    months = (done.year - anchor.year) * 12 + done.month - anchor.month
    n = max(months // every_months, 0)
    while n > 0 and slot(anchor, every_months, n) > done:
        n -= 1
    while slot(anchor, every_months, n + 1) <= done:
        n += 1
    before, after = slot(anchor, every_months, n), slot(anchor, every_months, n + 1)
    return n if (done - before) <= (after - done) else n + 1


def next_due(anchor: date, every_months: int, last_done: date | None = None) -> date:
    """The next scheduled date of a duty anchored on ``anchor``.

    With nothing done yet the first slot (``anchor + 1 × interval``) is due; otherwise the
    slot after the one ``last_done`` counts for.
    """
    if last_done is None:
        return slot(anchor, every_months, 1)
    return slot(anchor, every_months, nearest_slot(anchor, every_months, last_done) + 1)


def thematic_every_months(risk: Risk | str) -> int:
    """Standard 6's cadence: 3 months for high-risk providers, 6 for medium, 12 for low."""
    return THEMATIC_EVERY_MONTHS[Risk(risk)]


def default_recheck_due(issue_date: date, years: int = DBS_RECHECK_YEARS) -> date:
    """A DBS certificate's re-check date when none is given: issue date + 3 years."""
    return issue_date + relativedelta(years=years)
