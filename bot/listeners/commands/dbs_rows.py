"""The staff rows behind ``dbs NAME``: in contact with children and not left
(models.live_staff), whose DBS record is missing, overdue or due within ``window_days`` (the
configured thresholds' widest, as for the digests; not counting a subscribed certificate the
DBS Update Service says is current), or whose last status check found new information or no
match — most urgent first (new information first of all, then no DBS record, then awaiting a
certificate), each with its last status-check result; and how many who left are still held."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, not_, or_, select
from sqlmodel import Session, col

from bot.builders.common import MAX_MESSAGE_BLOCKS
from bot.builders.dbs_list import DbsEntry
from models import update_service
from models.core import Contract, Staff
from models.dbs_states import DBS_AWAITING_DAYS, awaiting_red_on
from models.enums import ContactLevel
from models.live_staff import awaiting_certificate, dbs_on_file, has_left, staff_in_contact


@dataclass(frozen=True)
class DbsRows:
    entries: list[DbsEntry]  # the first ``limit``, most urgent first
    total: int  # how many there are in all
    per_contract: dict[str, int]  # how many per contract reference (when not all are shown)


def dbs_entries(session: Session, *, contract_ids: Sequence[int], today: date,
                window_days: int, limit: int = MAX_MESSAGE_BLOCKS,
                awaiting_days: int = DBS_AWAITING_DAYS) -> DbsRows:
    """The first ``limit`` rows, most urgent first, and how many there are (per contract,
    too, when there are more than ``limit``); people with no DBS record and people awaiting a
    certificate are always among them."""
    recorded, due = dbs_on_file(), col(Staff.dbs_recheck_due)
    new_info = update_service.new_info_clause()
    wanted = and_(col(Staff.contract_id).in_(contract_ids), staff_in_contact(today),
                  or_(not_(recorded), new_info, update_service.no_match_clause(),
                      and_(due <= today + timedelta(days=window_days),
                           not_(update_service.current_clause(today)))))
    total = session.scalar(select(func.count()).select_from(Staff).where(wanted)) or 0
    per_contract: dict[str, int] = {}
    if total > limit:
        per_contract = {ref: n for ref, n in session.execute(
            select(col(Contract.reference), func.count()).select_from(Staff)
            .join(Contract, col(Contract.id) == col(Staff.contract_id)).where(wanted)
            .group_by(col(Contract.reference)))}
    rows = session.execute(
        select(col(Staff.id), col(Staff.name), col(Staff.role), col(Contract.reference),
               col(Staff.dbs_certificate_last4), due,
               case((recorded, 1), else_=0).label("recorded"), col(Staff.status_check_result),
               col(Staff.status_checked_at), col(Staff.dbs_applied_on))
        .join(Contract, col(Contract.id) == col(Staff.contract_id)).where(wanted)
        .order_by(case((new_info, 0), else_=1), "recorded",
                  case((awaiting_certificate(), 1), else_=0), col(Staff.dbs_applied_on), due,
                  col(Staff.name))
        .limit(limit))
    entries = [DbsEntry(staff_id=r.id, name=r.name, role=r.role, contract_reference=r.reference,
                        last4=r.dbs_certificate_last4 if r.recorded else None,
                        recheck_due=r.dbs_recheck_due if r.recorded else None,
                        status_check_result=r.status_check_result,
                        status_checked_at=r.status_checked_at,
                        applied_on=r.dbs_applied_on if not r.dbs_certificate_last4 else None,
                        awaiting_until=awaiting_red_on(r.dbs_applied_on, awaiting_days)
                        if r.dbs_applied_on and not r.dbs_certificate_last4 else None)
               for r in rows]
    return DbsRows(entries, total, per_contract)


def leavers_held(session: Session, *, contract_ids: Sequence[int], today: date) -> int:
    """People in contact with children who left (``left_on`` reached) and are still held."""
    return session.scalar(select(func.count()).select_from(Staff).where(
        col(Staff.contract_id).in_(contract_ids), col(Staff.contact_level) != ContactLevel.NONE,
        has_left(today))) or 0
