"""Saving a DBS renewal (the form's other choice, a leaver: bot.listeners.views.leaver): the
new certificate number encrypted (``runtime.cipher``) with its last 4 digits, the issue date
and the re-check date, audited with the number masked. Only
someone entitled to see the contract's DBS details may record it (models.roles). The
reminder engine keys its ledger by the re-check date, so its reminders start again from the
new date by themselves."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import ids
from bot.builders.confirmations import build_renewal_confirmation
from bot.listeners.views.forms import LeaverForm, RenewalForm
from bot.listeners.views.leaver import save_leaver
from bot.listeners.views.notices import Notice
from bot.listeners.views.records import Refused, actor
from models.audit import changed_fields, record_audit
from models.core import Contract, Staff
from models.enums import AuditAction
from models.roles import WHO_MAY_SEE_DBS, may_see_dbs
from models.runtime import Runtime


def renewal_subject(session: Session, staff_id: int, user: str) -> tuple[Staff, Contract]:
    """The staff member and contract, if still held and ``user`` may see them."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise Refused(ids.CERTIFICATE, "This person's DBS record is no longer held.")
    contract = session.get_one(Contract, staff.contract_id)
    if not may_see_dbs(session, user=user, contract=contract):
        raise Refused(ids.CERTIFICATE, f"Only {WHO_MAY_SEE_DBS} may see or record DBS details "
                      "for this contract.")
    return staff, contract


def _dbs_fields(staff: Staff, number: str | None = None) -> dict:
    # "dbs_certificate" is masked by models.audit; the old one is known only by its last 4.
    return {"dbs_certificate": number or staff.dbs_certificate_last4,
            "dbs_certificate_last4": staff.dbs_certificate_last4,
            "dbs_issue_date": staff.dbs_issue_date, "dbs_recheck_due": staff.dbs_recheck_due,
            "status_check_result": staff.status_check_result}


def save_renewal(session: Session, *, runtime: Runtime, entity_id: int,
                 form: RenewalForm | LeaverForm, user: str, now: datetime) -> list[Notice]:
    """A renewal, or that the person left (bot.listeners.views.leaver)."""
    staff, contract = renewal_subject(session, entity_id, user)
    if isinstance(form, LeaverForm):
        return save_leaver(session, runtime=runtime, staff=staff, contract=contract, form=form,
                           user=user, now=now)
    before = _dbs_fields(staff)
    staff.dbs_certificate_token = runtime.cipher.encrypt(form.certificate)
    staff.dbs_certificate_last4 = form.certificate[-4:]
    staff.dbs_issue_date, staff.dbs_recheck_due = form.issued_on, form.recheck_due
    # a new certificate: the last Update Service status check was about the old one
    staff.status_check_result = staff.status_checked_at = staff.status_check_print_date = None
    session.add(staff)
    session.flush()
    record_audit(session, actor=actor(user), action=AuditAction.UPDATE, entity="staff",
                 entity_id=staff.id, at=now, note="DBS renewal recorded in Slack",
                 changes=changed_fields(before, _dbs_fields(staff, form.certificate)))
    return [Notice(user, build_renewal_confirmation(
        name=staff.name, reference=contract.reference, last4=staff.dbs_certificate_last4,
        issued_on=form.issued_on, recheck_due=form.recheck_due))]
