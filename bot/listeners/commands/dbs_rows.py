"""The staff rows behind ``dbs NAME``: in contact with children and not left
(models.live_staff), whose DBS record is missing, overdue or due within ``window_days`` (the
configured thresholds' widest, as for the digests) — most urgent first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, not_, or_, select
from sqlmodel import Session, col

from bot.builders.common import MAX_MESSAGE_BLOCKS
from bot.builders.dbs_list import DbsEntry
from models.core import Contract, Staff
from models.live_staff import dbs_on_file, staff_in_contact


@dataclass(frozen=True)
class DbsRows:
    entries: list[DbsEntry]  # the first ``limit``, most urgent first
    total: int  # how many there are in all
    per_contract: dict[str, int]  # how many per contract reference (when not all are shown)


def dbs_entries(session: Session, *, contract_ids: Sequence[int], today: date,
                window_days: int, limit: int = MAX_MESSAGE_BLOCKS) -> DbsRows:
    """The first ``limit`` rows, most urgent first, and how many there are (per contract,
    too, when there are more than ``limit``)."""
    recorded, due = dbs_on_file(), col(Staff.dbs_recheck_due)
    wanted = and_(col(Staff.contract_id).in_(contract_ids), staff_in_contact(today),
                  or_(not_(recorded), due <= today + timedelta(days=window_days)))
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
               case((recorded, 1), else_=0).label("recorded"))
        .join(Contract, col(Contract.id) == col(Staff.contract_id)).where(wanted)
        .order_by("recorded", due, col(Staff.name)).limit(limit))
    entries = [DbsEntry(staff_id=r.id, name=r.name, role=r.role, contract_reference=r.reference,
                        last4=r.dbs_certificate_last4 if r.recorded else None,
                        recheck_due=r.dbs_recheck_due if r.recorded else None) for r in rows]
    return DbsRows(entries, total, per_contract)
