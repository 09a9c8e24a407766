"""Keeping DBS information no longer than necessary.

Rule: a staff member's record (their name and DBS details) is deleted once ``months``
(default 6) have passed since they left (``left_on``) or since their contract ended
(``end_date``), whichever is earlier. Each deletion is audited without the personal data:
the trail keeps the staff id, the contract and why, not the name or the number.
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
from models.words import day

RETENTION_MONTHS = 6


@dataclass(frozen=True)
class Expired:
    staff_id: int
    contract_reference: str
    reason: str  # "left on 2026-04-18, retention 6 months" (the audit note)
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
        expired.append(Expired(staff_id, reference, f"{what} on {min(ended).isoformat()}, "
                               f"retention {months} months",
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
    """Delete every expired record in ``session`` and audit each deletion; returns the count."""
    expired = expired_records(session, today=today, months=months)
    for item in expired:
        record_audit(session, actor=actor, action=AuditAction.DELETE, entity="staff",
                     entity_id=item.staff_id, at=now, note=item.reason,
                     changes={"contract": [item.contract_reference, None],
                              "dbs_record": ["(deleted)", None]})
    ids = [item.staff_id for item in expired]
    for start in range(0, len(ids), 500):
        session.execute(delete(Staff).where(col(Staff.id).in_(ids[start:start + 500])))
    return len(expired)
