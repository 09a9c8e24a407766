"""The staff rows behind ``dbs NAME``: in contact with children, not left, and whose DBS
record is missing, overdue or due within :data:`DBS_WINDOW_DAYS` — most urgent first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import and_, case, func, not_, or_, select
from sqlmodel import Session

from bot.builders.common import MAX_MESSAGE_BLOCKS
from bot.builders.dbs_list import DbsEntry
from models.core import Contract, Staff
from models.enums import ContactLevel

DBS_WINDOW_DAYS = 90  # the reminder engine's first threshold


def dbs_entries(session: Session, *, contract_ids: Sequence[int], today: date,
                window_days: int = DBS_WINDOW_DAYS,
                limit: int = MAX_MESSAGE_BLOCKS) -> tuple[list[DbsEntry], int]:
    """The first ``limit`` rows, most urgent first, and how many there are in all."""
    recorded = and_(Staff.dbs_certificate_token.is_not(None), Staff.dbs_recheck_due.is_not(None))
    wanted = and_(
        Staff.contract_id.in_(contract_ids), Staff.contact_level != ContactLevel.NONE,
        or_(Staff.left_on.is_(None), Staff.left_on > today),
        or_(not_(recorded), Staff.dbs_recheck_due <= today + timedelta(days=window_days)))
    total = session.scalar(select(func.count()).select_from(Staff).where(wanted))
    rows = session.execute(
        select(Staff.id, Staff.name, Staff.role, Contract.reference,
               Staff.dbs_certificate_last4, Staff.dbs_recheck_due,
               case((recorded, 1), else_=0).label("recorded"))
        .join(Contract, Contract.id == Staff.contract_id).where(wanted)
        .order_by("recorded", Staff.dbs_recheck_due, Staff.name).limit(limit))
    return [DbsEntry(staff_id=r.id, name=r.name, role=r.role, contract_reference=r.reference,
                     last4=r.dbs_certificate_last4 if r.recorded else None,
                     recheck_due=r.dbs_recheck_due if r.recorded else None)
            for r in rows], total
