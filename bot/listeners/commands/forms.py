"""``meeting REFERENCE``, ``check REFERENCE`` and ``assessment NAME``: open the form (a modal)
with the command's ``trigger_id``, which Slack honours for 3 seconds only — so nothing slow
happens before ``views.open``. Saving is in :mod:`bot.listeners.views`.

Need to know (models.roles): a meeting or a check is recorded by an admin, a commissioner or
the contract's manager; a self-assessment by an admin, a commissioner, a manager of one of the
provider's contracts or a member of the provider; a briefing published by an admin. Anyone
else is told who can, and no form opens.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select
from sqlmodel import Session, col

from bot.builders.briefing_modal import build_briefing_modal
from bot.builders.escape import escape, is_user_id, mention
from bot.builders.modals import build_assessment_modal, build_check_modal, build_meeting_modal
from bot.listeners.commands.picking import pick
from bot.listeners.commands.request import CommandRequest
from models.activity import SelfAssessment, ThematicCheck
from models.cadence import next_due
from models.core import Contract, Provider
from models.lookup import CONTRACT, KINDS, Candidate
from models.roles import (
    WHO_MAY_PUBLISH,
    WHO_MAY_RECORD_ASSESSMENT,
    WHO_MAY_RECORD_MONITORING,
    is_admin,
    may_record_assessment,
    may_record_monitoring,
)
from models.thematic import contract_check_due as check_due


def refuse(request: CommandRequest, *, who: str, what: str, person: str = "") -> None:
    """Tell the person, politely, who can do ``what`` instead."""
    request.reply_text(f"Only {who} can {what}.{person} Please ask one of them; a BSCP admin "
                       "can grant a role with `safecomm users grant USER ROLE`.")


def _manager(contract: Contract) -> str:
    """The manager, by Slack ID only (never an e-mail address)."""
    return (f" This contract's manager is {mention(contract.contract_manager)}."
            if is_user_id(contract.contract_manager) else "")


def _contract_to_record(session: Session, request: CommandRequest,
                        what: str) -> tuple[Contract, Candidate] | None:
    """The contract the command names, with its provider's name, if the person may record
    ``what`` for it; otherwise the reply is already sent and this returns None."""
    found = pick(session, request, kinds=(CONTRACT,))
    if found is None:
        return None
    contract = session.get_one(Contract, found.id)
    if not may_record_monitoring(session, user=request.user, contract=contract):
        refuse(request, who=WHO_MAY_RECORD_MONITORING, person=_manager(contract),
               what=f"record {what} for {escape(contract.reference)}")
        return None
    return contract, found


def open_meeting(request: CommandRequest) -> None:
    with request.runtime.session() as session:
        chosen = _contract_to_record(session, request, "a monitoring meeting")
        if chosen is None:
            return
        contract, found = chosen
        view = build_meeting_modal(
            contract=contract, provider_name=found.detail, held_on=request.today,
            next_meeting=next_due(contract.start_date, contract.monitoring_every_months,
                                  request.today))
    _open(request, view)


def open_check(request: CommandRequest) -> None:
    with request.runtime.session() as session:
        chosen = _contract_to_record(session, request, "a thematic check")
        if chosen is None:
            return
        contract, found = chosen
        planned = session.execute(
            select(col(ThematicCheck.theme), col(ThematicCheck.due_on))
            .where(col(ThematicCheck.contract_id) == contract.id,
                   col(ThematicCheck.done_on).is_(None), col(ThematicCheck.due_on).is_not(None))
            .order_by(col(ThematicCheck.due_on)).limit(1)).first()
        view = build_check_modal(contract=contract, provider_name=found.detail,
                                 done_on=request.today,
                                 planned_theme=planned.theme if planned else "",
                                 due=check_due(session, contract=contract, today=request.today),
                                 today=request.today)
    _open(request, view)


def open_assessment(request: CommandRequest) -> None:
    """A provider's form; a contract's reference stands for its provider."""
    with request.runtime.session() as session:
        found = pick(session, request, kinds=KINDS)
        if found is None:
            return
        provider = (session.get_one(Provider, session.get_one(Contract, found.id).provider_id)
                    if found.kind == CONTRACT else session.get_one(Provider, found.id))
        if not may_record_assessment(session, user=request.user, provider=provider):
            refuse(request, who=WHO_MAY_RECORD_ASSESSMENT,
                   what=f"record a self-assessment for {escape(provider.name)}")
            return
        last = session.scalar(select(func.max(SelfAssessment.completed_on))
                              .where(col(SelfAssessment.provider_id) == provider.id))
        view = build_assessment_modal(provider=provider, completed_on=request.today,
                                      last_completed=last)
    _open(request, view)


def open_briefing(request: CommandRequest) -> None:
    """Admins only: the publish-a-briefing form."""
    with request.runtime.session() as session:
        allowed = is_admin(session, request.user)
    if not allowed:
        refuse(request, who=WHO_MAY_PUBLISH, what="publish briefings")
        return
    _open(request, build_briefing_modal())


def _open(request: CommandRequest, view: dict) -> None:
    try:
        request.client.views_open(trigger_id=request.trigger_id, view=view)
    except SlackApiError as error:
        request.logger.warning("views.open failed: %s", error.response.get("error"))
        request.reply_text("Sorry, Slack would not open the form (it may have taken too "
                           "long). Please run the command again.")
