"""Keeping DBS information no longer than necessary.

Rules:
- A staff member's record (their name and DBS details) is deleted once ``months`` (default
  6) have passed since they left (``left_on``) or since their contract ended (``end_date``:
  the clock starts the day after it), whichever is earlier.
- Deleting a person erases them everywhere: every audit entry about them keeps its action,
  actor and time but its personal values read ``[erased]`` (models.erasure), in the same
  transaction as the deletion. No other table holds their name or details (the reminder
  ledger names people only by id).
- Each deletion is audited without the personal data: the trail keeps the staff id, the
  contract and why (left, or contract ended; not the date), not the name or the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, delete, or_, select
from sqlmodel import Session, col

from models.audit import record_audit
from models.core import Contract, Staff
from models.enums import AuditAction
from models.erasure import erase_audit_of_staff, forget_ledger_rows_of_staff
from models.words import day

RETENTION_MONTHS = 6


@dataclass(frozen=True)
class Expired:
    staff_id: int
    contract_reference: str
    reason: str  # "left; retention 6 months" (the audit note: no date, no name)
    staff_ref: str | None = None  # None when it is only the person's name (never shown)
    ended_on: date | None = None
    what: str = ""  # "left", "contract ended"


def expired_records(session: Session, *, today: date,
                    months: int = RETENTION_MONTHS) -> list[Expired]:
    """Staff whose retention period has passed as of ``today``."""
    cutoff = today - relativedelta(months=months)
    rows = session.execute(
        select(col(Staff.id), col(Contract.reference), col(Staff.left_on), col(Contract.end_date),
               col(Staff.staff_ref), col(Staff.name))
        .join(Contract, col(Contract.id) == col(Staff.contract_id))
        .where(or_(and_(col(Staff.left_on).is_not(None), col(Staff.left_on) <= cutoff),
                   and_(col(Contract.end_date).is_not(None), col(Contract.end_date) <= cutoff)))
        .order_by(col(Staff.id)))
    expired = []
    for staff_id, reference, left_on, end_date, staff_ref, name in rows:
        ended = [d for d in (left_on, end_date) if d is not None and d <= cutoff]
        what = "left" if min(ended) == left_on else "contract ended"
        expired.append(Expired(staff_id, reference, f"{what}; retention {months} months",
                               staff_ref if staff_ref and staff_ref != name else None,
                               min(ended), what))
    return expired


def describe_expired(item: Expired, months: int) -> str:
    """``the DBS record of staff P001 on BSC-105 (left on 18 Apr 2026, retention 6 months)``:
    by staff reference and contract, never by database id; a person whose only reference is
    their name is not named."""
    who = f"staff {item.staff_ref}" if item.staff_ref else "a member of staff"
    return (f"the DBS record of {who} on {item.contract_reference} ({item.what} on "
            f"{day(item.ended_on)}, retention {months} months)")


def delete_expired(session: Session, *, today: date, now: datetime, actor: str,
                   months: int = RETENTION_MONTHS) -> int:
    """Delete every expired record in ``session``, erase the person from the audit trail, and
    audit each deletion; returns the count."""
    expired = expired_records(session, today=today, months=months)
    erase_audit_of_staff(session, [item.staff_id for item in expired])
    forget_ledger_rows_of_staff(session, [item.staff_id for item in expired])
    for item in expired:
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="staff",
                     entity_id=item.staff_id, at=now, note=item.reason,
                     changes={"contract": [item.contract_reference, None],
                              "dbs_record": ["(deleted)", None]})
    ids = [item.staff_id for item in expired]
    for start in range(0, len(ids), 500):
        session.execute(delete(Staff).where(col(Staff.id).in_(ids[start:start + 500])))
    return len(expired)
