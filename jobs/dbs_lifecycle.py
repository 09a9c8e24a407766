"""The DBS digest's people with no certificate on file (models.dbs_states): when each is due a
reminder, under which ledger key.

Rules:
- Awaiting a certificate (a check applied for): the reminder thresholds
  (SAFECOMM_DBS_THRESHOLDS) count down to the day the person turns red — ``dbs_applied_on``
  plus SAFECOMM_DBS_AWAITING_DAYS — then repeat weekly while still awaiting, exactly as for a
  re-check date. Subject ``staff:<id>:awaiting:<applied on>``: a new application starts
  afresh.
- No DBS record: reminded every week until fixed (threshold ``week:N``, the weeks counted
  from a fixed Monday: models.dbs_states.no_record_threshold). Subject
  ``staff:<id>:no-record``.
- In an incremental run (jobs.dbs_candidates) a person is kept only when their threshold was
  reached after the last run's day, or they are new (id above its watermark) or changed or
  retried; everyone else was settled by an earlier run.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple

from jobs.dbs_candidates import DueStaff, Selection
from models.dbs_states import DbsState, awaiting_red_on, no_record_threshold
from models.thresholds import Schedule


class LifecycleDue(NamedTuple):
    subject: str
    threshold: str
    reached_on: date
    state: DbsState  # AWAITING (its threshold says whether late) or NO_RECORD
    due: date | None  # awaiting: the day the person turns red; no record: None


def lacks_certificate(row: DueStaff) -> bool:
    """No certificate number or no re-check date: awaiting, or no DBS record."""
    return row.no_certificate or row.due is None


def lifecycle_due(row: DueStaff, selection: Selection, schedule: Schedule) -> LifecycleDue | None:
    """The reminder ``row`` (which :func:`lacks_certificate`) has reached today, if any (see
    the module's rules)."""
    today = selection.today
    if row.no_certificate and row.applied_on is not None:
        reached = _awaiting(row.applied_on, selection.awaiting_days, schedule, today)
        if reached is None:
            return None
        threshold, reached_on, red_on = reached
        found = LifecycleDue(f"staff:{row.staff_id}:awaiting:{row.applied_on.isoformat()}",
                             threshold, reached_on, DbsState.AWAITING, red_on)
    else:
        week, monday = no_record_threshold(today)
        found = LifecycleDue(f"staff:{row.staff_id}:no-record", week, monday,
                             DbsState.NO_RECORD, None)
    return found if _wanted(row, found, selection) else None


@lru_cache(maxsize=1024)  # many applied on the same day: each day once
def _awaiting(applied_on: date, awaiting_days: int, schedule: Schedule,
              today: date) -> tuple[str, date, date] | None:
    """The threshold an application has reached today, the day it did, and its red day."""
    red_on = awaiting_red_on(applied_on, awaiting_days)
    threshold = schedule.threshold(red_on, today)
    return None if threshold is None else (threshold, schedule.reached_on(red_on, threshold),
                                           red_on)


def _wanted(row: DueStaff, found: LifecycleDue, selection: Selection) -> bool:
    if selection.mode == "full" or selection.since is None:
        return True
    return (found.reached_on > selection.since or row.staff_id > selection.previous_watermark
            or row.staff_id in selection.retry_ids)
