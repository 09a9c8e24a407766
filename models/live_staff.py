"""Who standard 4 (DBS) is about, as query pieces every reader shares: the digests, the
compliance counts, ``dbs NAME`` and the partnership's live contracts.

Rules:
- A member of staff counts while in contact with children (contact level other than
  ``none``) and not left (``left_on`` unset, or after today).
- A contract is live while its status is not ``ended`` and its end date, if any, is today or
  later.
- A DBS record is on file when both a certificate and a re-check date are recorded; anyone in
  contact with children without both is awaiting a certificate (no certificate, a check
  applied for) or has no DBS record (models.dbs_states).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, not_, or_
from sqlmodel import col

from models.core import Contract, Staff
from models.enums import ContactLevel, ContractStatus


def staff_in_contact(today: date) -> ColumnElement[bool]:
    """Staff in contact with children who have not left by ``today``."""
    return and_(col(Staff.contact_level) != ContactLevel.NONE,
                or_(col(Staff.left_on).is_(None), col(Staff.left_on) > today))


def contract_live(today: date) -> ColumnElement[bool]:
    """Contracts not ended, by status or by end date, on ``today``."""
    return and_(col(Contract.status) != ContractStatus.ENDED,
                or_(col(Contract.end_date).is_(None), col(Contract.end_date) >= today))


def dbs_on_file() -> ColumnElement[bool]:
    """A certificate and a re-check date are both recorded."""
    return and_(col(Staff.dbs_certificate_token).is_not(None),
                col(Staff.dbs_recheck_due).is_not(None))


def awaiting_certificate() -> ColumnElement[bool]:
    """No certificate number yet, and a check applied for (models.dbs_states: AWAITING)."""
    return and_(col(Staff.dbs_certificate_token).is_(None),
                col(Staff.dbs_applied_on).is_not(None))


def no_dbs_record() -> ColumnElement[bool]:
    """Neither a DBS record on file nor a check applied for (models.dbs_states: NO_RECORD)."""
    return and_(not_(dbs_on_file()), not_(awaiting_certificate()))


def has_left(today: date) -> ColumnElement[bool]:
    """``left_on`` reached by ``today`` (never NULL)."""
    return and_(col(Staff.left_on).is_not(None), col(Staff.left_on) <= today)
