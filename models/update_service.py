"""DBS Update Service status checks: who is due one, and what a stored result means.

A stored result (``Staff.status_check_result``) is the DBS's ``status`` —
``BLANK_NO_NEW_INFO``, ``NON_BLANK_NO_NEW_INFO``, ``NEW_INFO``, ``NO_MATCH_FOUND`` — or
``DATA_ERROR`` (the DBS refused the request as malformed: HTTP 400).

Rules:
- Checkable: a live member of staff (``left_on`` not reached) in contact with children, on a
  live contract, on the Update Service (``update_service``), with a consent date, a
  certificate number, a surname and a date of birth. One on the Update Service with a
  certificate but missing any of the others cannot be checked (:func:`missing_details`).
- Due: checkable, and never checked or last checked (its UTC day) at least ``every_days``
  days before today. A ``NEW_INFO`` result is final for its certificate: it is not checked
  again; recording a new certificate (or correcting the surname or date of birth) clears the
  stored result, and the person is due at once.
- What a result means for standard 4 (:func:`standing`):
  - CURRENT: a no-new-information result from the last :data:`CURRENT_RESULT_DAYS` days
    while still on the Update Service: green — no re-check reminder, and the three-year
    re-check date does not apply;
  - NEW_INFO: red at once, whatever the re-check date;
  - NO_MATCH (``NO_MATCH_FOUND`` or ``DATA_ERROR``, while on the Update Service): amber — the
    details need correcting, or the subscription renewing;
  - NONE: never checked, off the Update Service, or a current result gone stale: the re-check
    date counts as before.
:func:`current_clause`, :func:`new_info_clause` and :func:`no_match_clause` are the same rules
as SQL conditions (never NULL), for the queries that count and select.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import Mapped
from sqlmodel import col

from models.core import Contract, Staff
from models.enums import ContactLevel, ContractStatus

BLANK_NO_NEW_INFO = "BLANK_NO_NEW_INFO"
NON_BLANK_NO_NEW_INFO = "NON_BLANK_NO_NEW_INFO"
NEW_INFO = "NEW_INFO"
NO_MATCH_FOUND = "NO_MATCH_FOUND"
DATA_ERROR = "DATA_ERROR"
CURRENT_RESULTS = frozenset({BLANK_NO_NEW_INFO, NON_BLANK_NO_NEW_INFO})
NO_MATCH_RESULTS = frozenset({NO_MATCH_FOUND, DATA_ERROR})
DBS_STATUSES = CURRENT_RESULTS | {NEW_INFO, NO_MATCH_FOUND}
CURRENT_RESULT_DAYS = 90  # a current result stops counting after three missed monthly checks


class Standing(StrEnum):
    CURRENT = "current"
    NEW_INFO = "new_info"
    NO_MATCH = "no_match"
    NONE = "none"


@dataclass(frozen=True)
class CheckFacts:
    """What decides whether one person can be, and is due to be, status-checked."""

    update_service: bool
    has_certificate: bool
    has_surname: bool
    has_date_of_birth: bool
    consent_on: date | None
    result: str | None = None
    checked_at: datetime | None = None


def day_start(day: date) -> datetime:
    """The first instant of ``day`` in UTC (stored times are UTC)."""
    return datetime.combine(day, time.min, UTC)


def missing_details(facts: CheckFacts) -> list[str]:
    """What stops a subscribed certificate being checked: ``consent``, ``date of birth``,
    ``surname`` (empty when nothing is missing, or when there is nothing to check)."""
    if not (facts.update_service and facts.has_certificate):
        return []
    return [what for what, held in (("consent", facts.consent_on is not None),
                                    ("date of birth", facts.has_date_of_birth),
                                    ("surname", facts.has_surname)) if not held]


def is_due(facts: CheckFacts, *, today: date, every_days: int) -> bool:
    """Due a status check today (see the module's rules)."""
    if not facts.has_certificate or missing_details(facts) or not facts.update_service:
        return False
    if facts.result == NEW_INFO:
        return False
    return facts.checked_at is None or facts.checked_at < day_start(
        today - timedelta(days=every_days - 1))


def standing(result: str | None, checked_at: datetime | None, *, update_service: bool,
             today: date) -> Standing:
    """What the stored result means for standard 4 (see the module's rules)."""
    if result == NEW_INFO:
        return Standing.NEW_INFO
    if not update_service or result is None or checked_at is None:
        return Standing.NONE
    if result in NO_MATCH_RESULTS:
        return Standing.NO_MATCH
    if result in CURRENT_RESULTS and checked_at >= day_start(
            today - timedelta(days=CURRENT_RESULT_DAYS)):
        return Standing.CURRENT
    return Standing.NONE


# The same rules as SQL conditions ------------------------------------------------------------

def _result() -> tuple[Mapped[str | None], Mapped[datetime | None]]:
    return col(Staff.status_check_result), col(Staff.status_checked_at)


def current_clause(today: date) -> ColumnElement[bool]:
    result, checked_at = _result()
    return and_(result.is_not(None), checked_at.is_not(None),
                col(Staff.update_service).is_(True), result.in_(sorted(CURRENT_RESULTS)),
                checked_at >= day_start(today - timedelta(days=CURRENT_RESULT_DAYS)))


def new_info_clause() -> ColumnElement[bool]:
    result, _checked_at = _result()
    return and_(result.is_not(None), result == NEW_INFO)


def no_match_clause() -> ColumnElement[bool]:
    result, checked_at = _result()
    return and_(result.is_not(None), checked_at.is_not(None),
                col(Staff.update_service).is_(True), result.in_(sorted(NO_MATCH_RESULTS)))


def live_in_contact_clause(today: date) -> ColumnElement[bool]:
    """Live staff in contact with children on live contracts (join Contract)."""
    left_on, end_date = col(Staff.left_on), col(Contract.end_date)
    return and_(col(Staff.contact_level) != ContactLevel.NONE,
                or_(left_on.is_(None), left_on > today),
                col(Contract.status) != ContractStatus.ENDED,
                or_(end_date.is_(None), end_date >= today))


def subscribed_clause() -> ColumnElement[bool]:
    return and_(col(Staff.update_service).is_(True),
                col(Staff.dbs_certificate_token).is_not(None))


def checkable_clause() -> ColumnElement[bool]:
    surname = col(Staff.surname)
    return and_(subscribed_clause(), col(Staff.update_service_consent).is_not(None),
                surname.is_not(None), surname != "", col(Staff.date_of_birth_token).is_not(None))


def due_clause(today: date, every_days: int) -> ColumnElement[bool]:
    """Checkable and due (join Contract for :func:`live_in_contact_clause`)."""
    result, checked_at = _result()
    last_due = day_start(today - timedelta(days=every_days - 1))
    return and_(live_in_contact_clause(today), checkable_clause(),
                or_(result.is_(None), result != NEW_INFO),
                or_(checked_at.is_(None), checked_at < last_due))


def cannot_check_clause() -> ColumnElement[bool]:
    """Subscribed, with a certificate, but missing consent, surname or date of birth."""
    surname = col(Staff.surname)
    return and_(subscribed_clause(), or_(
        col(Staff.update_service_consent).is_(None), surname.is_(None), surname == "",
        col(Staff.date_of_birth_token).is_(None)))
