"""The staff rows behind ``dbs NAME``: in contact with children, not left, and whose DBS
record is missing, overdue or due within :data:`DBS_WINDOW_DAYS` (not counting a subscribed
certificate the DBS Update Service says is current), or whose last status check found new
information or no match — most urgent first (new information first of all), each with its
last status-check result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import and_, case, func, not_, or_, select
from sqlmodel import Session

from bot.builders.common import MAX_MESSAGE_BLOCKS
from bot.builders.dbs_list import DbsEntry
from models import update_service
from models.core import Contract, Staff
from models.enums import ContactLevel

DBS_WINDOW_DAYS = 90  # the reminder engine's first threshold


def dbs_entries(session: Session, *, contract_ids: Sequence[int], today: date,
                window_days: int = DBS_WINDOW_DAYS,
                limit: int = MAX_MESSAGE_BLOCKS) -> tuple[list[DbsEntry], int]:
    """The first ``limit`` rows, most urgent first, and how many there are in all."""
    recorded = and_(Staff.dbs_certificate_token.is_not(None), Staff.dbs_recheck_due.is_not(None))
    new_info = update_service.new_info_clause()
    wanted = and_(
        Staff.contract_id.in_(contract_ids), Staff.contact_level != ContactLevel.NONE,
        or_(Staff.left_on.is_(None), Staff.left_on > today),
        or_(not_(recorded), new_info, update_service.no_match_clause(),
            and_(Staff.dbs_recheck_due <= today + timedelta(days=window_days),
                 not_(update_service.current_clause(today)))))
    total = session.scalar(select(func.count()).select_from(Staff).where(wanted))
    rows = session.execute(
        select(Staff.id, Staff.name, Staff.role, Contract.reference,
               Staff.dbs_certificate_last4, Staff.dbs_recheck_due,
               case((recorded, 1), else_=0).label("recorded"), Staff.status_check_result,
               Staff.status_checked_at)
        .join(Contract, Contract.id == Staff.contract_id).where(wanted)
        .order_by(case((new_info, 0), else_=1), "recorded", Staff.dbs_recheck_due, Staff.name)
        .limit(limit))
    return [DbsEntry(staff_id=r.id, name=r.name, role=r.role, contract_reference=r.reference,
                     last4=r.dbs_certificate_last4 if r.recorded else None,
                     recheck_due=r.dbs_recheck_due if r.recorded else None,
                     status_check_result=r.status_check_result,
                     status_checked_at=r.status_checked_at)
            for r in rows], total
