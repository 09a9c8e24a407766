"""Saving a valid form, in the caller's transaction: the record (with who recorded it), its
audit entry, and the notices to post once Slack has been answered. A subject that has gone,
or a person not entitled (models.roles.may_record_monitoring, may_record_assessment), raises
:class:`Refused` and nothing is saved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from bot import ids
from bot.builders import confirmations as say
from bot.listeners.views.forms import AssessmentForm, CheckForm, MeetingForm
from bot.listeners.views.notices import Notice
from models.activity import MonitoringMeeting, SelfAssessment, ThematicCheck
from models.audit import changed_fields, record_audit
from models.core import Contract, Provider
from models.enums import AuditAction
from models.keyed_records import record_check_done, record_meeting, stored_row
from models.roles import (
    WHO_MAY_RECORD_ASSESSMENT,
    WHO_MAY_RECORD_MONITORING,
    may_record_assessment,
    may_record_monitoring,
)
from models.runtime import Runtime


class Refused(Exception):
    """Shown on the form's field ``block_id`` instead of saving."""

    def __init__(self, block_id: str, message: str):
        super().__init__(message)
        self.block_id, self.message = block_id, message


def actor(user: str) -> str:
    return f"slack:{user}"


Recorded = MonitoringMeeting | ThematicCheck | SelfAssessment


def audit_created(session: Session, row: Recorded, *, entity: str, user: str,
                  now: datetime) -> None:
    session.add(row)
    session.flush()
    record_audit(session, actor=actor(user), action=AuditAction.CREATE, entity=entity,
                 entity_id=row.id, changes=changed_fields(None, row.model_dump()), at=now)


def contract_or_refuse(session: Session, contract_id: int, block_id: str,
                       user: str) -> Contract:
    """The contract, if still held and ``user`` may record its meetings and checks."""
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise Refused(block_id, "This contract is no longer in the register.")
    if not may_record_monitoring(session, user=user, contract=contract):
        raise Refused(block_id, f"Only {WHO_MAY_RECORD_MONITORING} can record this.")
    return contract


def save_meeting(session: Session, *, runtime: Runtime, entity_id: int, form: MeetingForm,
                 user: str, now: datetime) -> list[Notice]:
    """A monitoring meeting, one per contract and day (models.keyed_records: sent again, it updates
    that meeting). One where safeguarding was not discussed is reported to the BSCP channel
    once (and standard 5 turns red by the rules)."""
    contract = contract_or_refuse(session, entity_id, ids.HELD_ON, user)
    provider = session.get_one(Provider, contract.provider_id)
    _, before = record_meeting(
        session, contract_id=entity_id, held_on=form.held_on, actor=actor(user), now=now,
        fields={"safeguarding_discussed": form.safeguarding_discussed, "metrics": form.metrics,
                "actions": form.actions, "notes": form.notes,
                "next_meeting_on": form.next_meeting_on, "recorded_by": user})
    newly_not_discussed = before is None or before["safeguarding_discussed"]
    channel = runtime.settings.bscp_channel
    notices: list[Notice] = []
    if not form.safeguarding_discussed and channel and newly_not_discussed:
        notices.append(Notice(channel, say.build_bscp_not_discussed(
            reference=contract.reference, provider_name=provider.name, held_on=form.held_on,
            recorded_by=user)))
    reported = None if form.safeguarding_discussed else bool(channel)
    notices.insert(0, Notice(user, say.build_meeting_confirmation(
        reference=contract.reference, held_on=form.held_on,
        discussed=form.safeguarding_discussed, next_meeting=form.next_meeting_on,
        reported=reported)))
    return notices


def save_check(session: Session, *, runtime: Runtime, entity_id: int, form: CheckForm, user: str,
               now: datetime) -> list[Notice]:
    """A thematic check done, one per contract, theme and day (sent again, it updates that
    check); else the earliest one planned under the same theme (not yet done) is completed."""
    contract = contract_or_refuse(session, entity_id, ids.THEME, user)
    done: dict[str, Any] = {"outcome": form.outcome, "findings": form.findings,
                            "recorded_by": user}
    key = {"contract_id": entity_id, "theme": form.theme, "done_on": form.done_on}
    planned = None if stored_row(session, ThematicCheck, key) else session.scalars(
        select(ThematicCheck).where(col(ThematicCheck.contract_id) == contract.id,
                                    col(ThematicCheck.done_on).is_(None),
                                    func.lower(ThematicCheck.theme) == form.theme.lower())
        .order_by(col(ThematicCheck.due_on)).limit(1)).first()
    if planned is None:
        record_check_done(session, contract_id=entity_id, theme=form.theme,
                          done_on=form.done_on, fields=done, actor=actor(user), now=now)
    else:
        before = planned.model_dump()
        for name, value in {**done, "theme": form.theme, "done_on": form.done_on}.items():
            setattr(planned, name, value)
        session.flush()
        record_audit(session, actor=actor(user), action=AuditAction.UPDATE,
                     entity="thematic_check", entity_id=planned.id, at=now,
                     changes=changed_fields(before, planned.model_dump()))
    return [Notice(user, say.build_check_confirmation(
        reference=contract.reference, theme=form.theme, done_on=form.done_on,
        outcome=form.outcome))]


def save_assessment(session: Session, *, runtime: Runtime, entity_id: int, form: AssessmentForm,
                    user: str, now: datetime) -> list[Notice]:
    provider = session.get(Provider, entity_id)
    if provider is None:
        raise Refused(ids.COMPLETED_ON, "This provider is no longer in the register.")
    if not may_record_assessment(session, user=user, provider=provider):
        raise Refused(ids.COMPLETED_ON, f"Only {WHO_MAY_RECORD_ASSESSMENT} can record this.")
    assessment = SelfAssessment(provider_id=entity_id, completed_on=form.completed_on,
                                statement_received_on=form.statement_received_on,
                                notes=form.notes, recorded_by=user)
    audit_created(session, assessment, entity="self_assessment", user=user, now=now)
    return [Notice(user, say.build_assessment_confirmation(
        provider_name=provider.name, completed_on=form.completed_on,
        statement_on=form.statement_received_on))]
