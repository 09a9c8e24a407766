"""Each person's DBS state (SPEC "Lifecycle"), one rule for standard 4, ``dbs NAME``, ``status``
and the DBS digest. Pure: ``today`` is a parameter.

Rules, in this order, for a member of staff whose contact level is not ``none``:
- LEFT: ``left_on`` is today or earlier: out of the standards, into retention, never reminded;
- NEW_INFO: the DBS Update Service says the certificate is no longer current: red;
- AWAITING: no certificate number yet, a check applied for (``dbs_applied_on``): amber until
  ``awaiting_days`` (SAFECOMM_DBS_AWAITING_DAYS, default 28) after applying, then
  AWAITING_LATE: red;
- NO_RECORD: no certificate number and no check applied for, or no re-check date: red,
  reminded every week until fixed;
- CURRENT: a subscribed certificate the Update Service last said is current (green, no
  re-check countdown), or a re-check date further off than the warning window;
- DUE: the re-check date is today or within the warning window: amber;
- OVERDUE: the re-check date has passed: red.
The awaiting person's "due date" is the day they turn red (:func:`awaiting_red_on`): the
reminder engine's thresholds count down to it, then repeat weekly, as for a re-check.
A person with no DBS record is reminded once a week, on the week's first working day the job
runs (:func:`no_record_threshold`: weeks counted from a fixed Monday).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from models import update_service
from models.enums import ContactLevel

DBS_AWAITING_DAYS = 28
WEEKS_FROM = date(2001, 1, 1)  # a Monday: no-record reminders are weekly, Monday to Sunday


class DbsState(StrEnum):
    CURRENT = "current"
    DUE = "due"
    OVERDUE = "overdue"
    AWAITING = "awaiting"
    AWAITING_LATE = "awaiting_late"
    NO_RECORD = "no_record"
    NEW_INFO = "new_info"
    LEFT = "left"


RED_STATES = frozenset({DbsState.OVERDUE, DbsState.AWAITING_LATE, DbsState.NO_RECORD,
                        DbsState.NEW_INFO})
AMBER_STATES = frozenset({DbsState.DUE, DbsState.AWAITING})


@dataclass(frozen=True)
class PersonFacts:
    """What decides one person's state."""

    contact_level: ContactLevel
    has_certificate: bool
    recheck_due: date | None
    applied_on: date | None = None
    left_on: date | None = None
    update_service: bool = False
    status_check_result: str | None = None
    status_checked_at: datetime | None = None


def awaiting_red_on(applied_on: date, awaiting_days: int = DBS_AWAITING_DAYS) -> date:
    """The last amber day of a person awaiting a certificate; red after it."""
    return applied_on + timedelta(days=awaiting_days)


def has_left(left_on: date | None, today: date) -> bool:
    return left_on is not None and left_on <= today


def person_state(person: PersonFacts, *, today: date, warning_days: int,
                 awaiting_days: int = DBS_AWAITING_DAYS) -> DbsState | None:
    """The person's state (see the module's rules); None when not in contact with children."""
    if person.contact_level == ContactLevel.NONE:
        return None
    if has_left(person.left_on, today):
        return DbsState.LEFT
    standing = update_service.standing(person.status_check_result, person.status_checked_at,
                                       update_service=person.update_service, today=today)
    if standing is update_service.Standing.NEW_INFO:
        return DbsState.NEW_INFO
    if not person.has_certificate and person.applied_on is not None:
        late = today > awaiting_red_on(person.applied_on, awaiting_days)
        return DbsState.AWAITING_LATE if late else DbsState.AWAITING
    if not person.has_certificate or person.recheck_due is None:
        return DbsState.NO_RECORD
    if standing is update_service.Standing.CURRENT:
        return DbsState.CURRENT
    if today > person.recheck_due:
        return DbsState.OVERDUE
    if (person.recheck_due - today).days <= warning_days:
        return DbsState.DUE
    return DbsState.CURRENT


@lru_cache(maxsize=64)  # a run asks once per person with no record, on the same day
def no_record_threshold(today: date) -> tuple[str, date]:
    """The weekly reminder of a missing DBS record: ``week:N`` and the Monday it began."""
    weeks = (today - WEEKS_FROM).days // 7
    return f"week:{weeks}", WEEKS_FROM + timedelta(days=7 * weeks)


def state_words(state: DbsState) -> str:
    """How a state reads in a list: ``awaiting a certificate``."""
    return STATE_WORDS[state]


STATE_WORDS = {
    DbsState.CURRENT: "current",
    DbsState.DUE: "re-check due soon",
    DbsState.OVERDUE: "re-check overdue",
    DbsState.AWAITING: "awaiting a certificate",
    DbsState.AWAITING_LATE: "awaiting a certificate too long",
    DbsState.NO_RECORD: "no DBS record",
    DbsState.NEW_INFO: "new information",
    DbsState.LEFT: "left",
}
