"""Saving that a person left their contract (the "Renewal or leaver" form's other choice).

Rules:
- only someone entitled to see the contract's DBS details may record it (models.roles,
  checked by :func:`bot.listeners.views.renewal.renewal_subject`);
- the day is not in the future (the form) and not before the contract started;
- from that day the person is out of standard 4 and never reminded again (models.live_staff),
  and their retention clock runs (models.retention);
- the change is audited: who, when, ``left_on`` old and new.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import ids
from bot.builders.renewal import build_leaver_confirmation
from bot.listeners.views.forms import LeaverForm
from bot.listeners.views.notices import Notice
from bot.listeners.views.records import Refused, actor
from models.audit import audit_value, record_audit
from models.core import Contract, Staff
from models.enums import AuditAction
from models.runtime import Runtime
from models.words import day


def save_leaver(session: Session, *, runtime: Runtime, staff: Staff, contract: Contract,
                form: LeaverForm, user: str, now: datetime) -> list[Notice]:
    if form.left_on < contract.start_date:
        raise Refused(ids.LEFT_ON, f"{contract.reference} started on "
                      f"{day(contract.start_date)}; the leaving date can't be before that.")
    before = staff.left_on
    staff.left_on = form.left_on
    session.add(staff)
    session.flush()
    record_audit(session, actor=actor(user), action=AuditAction.UPDATE, entity="staff",
                 entity_id=staff.id, at=now, note="leaver recorded in Slack",
                 changes={"left_on": [audit_value("left_on", before),
                                      audit_value("left_on", form.left_on)]})
    return [Notice(user, build_leaver_confirmation(
        name=staff.name, reference=contract.reference, left_on=form.left_on,
        retention_months=runtime.settings.retention_months))]
