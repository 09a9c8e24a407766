"""Buttons and live form fields (``block_actions``).

- "Record renewal" (:data:`bot.ids.RECORD_RENEWAL_ACTION`, value: the staff member's id), on the
  DBS digest and on ``dbs NAME``: opens the renewal form for someone entitled to see the
  contract's DBS details; anyone else is told who can.
- A changed meeting date or certificate issue date refreshes its form (``views.update``), so
  the next meeting and the re-check date are prefilled from the new date — for someone who
  may record it (models.roles); for anyone else nothing happens.
- "Acknowledge" on a briefing: :mod:`bot.listeners.actions.briefings`.
"""

from __future__ import annotations

from datetime import date

from slack_sdk.errors import SlackApiError

from bot.builders.modals import MEETING_HELD_ON_ACTION, build_meeting_modal
from bot.builders.renewal import RENEWAL_ISSUED_ON_ACTION, build_renewal_modal
from bot.ids import RECORD_RENEWAL_ACTION
from bot.listeners.actions import briefings
from bot.listeners.actions.tell import tell
from bot.listeners.views.records import Refused
from bot.listeners.views.renewal import renewal_subject
from models.cadence import next_due
from models.core import Contract, Provider
from models.roles import may_record_monitoring


def register(app, runtime) -> None:
    briefings.register(app, runtime)

    @app.action(RECORD_RENEWAL_ACTION)
    def open_renewal(ack, body, action, client, respond, context, logger):
        ack()
        try:
            with runtime.session() as session:
                staff, contract = renewal_subject(session, int(action["value"]),
                                                  body["user"]["id"])
                view = build_renewal_modal(staff=staff, contract_reference=contract.reference,
                                           issued_on=context["today"])
        except Refused as refusal:
            tell(body, respond, client, refusal.message)
            return
        try:
            client.views_open(trigger_id=body["trigger_id"], view=view)
        except SlackApiError as error:
            logger.warning("views.open failed: %s", error.response.get("error"))

    @app.action(MEETING_HELD_ON_ACTION)
    def refresh_meeting(ack, body, action, client, logger):
        ack()
        if not action.get("selected_date"):
            return
        held_on = date.fromisoformat(action["selected_date"])
        with runtime.session() as session:
            contract = session.get(Contract, int(body["view"]["private_metadata"]))
            if contract is None or not may_record_monitoring(
                    session, user=body["user"]["id"], contract=contract):
                return
            provider = session.get(Provider, contract.provider_id)
            view = build_meeting_modal(
                contract=contract, provider_name=provider.name, held_on=held_on,
                next_meeting=next_due(contract.start_date, contract.monitoring_every_months,
                                      held_on))
        _update(client, body["view"], view, logger)

    @app.action(RENEWAL_ISSUED_ON_ACTION)
    def refresh_renewal(ack, body, action, client, logger):
        ack()
        if not action.get("selected_date"):
            return
        try:
            with runtime.session() as session:
                staff, contract = renewal_subject(session, int(body["view"]["private_metadata"]),
                                                  body["user"]["id"])
                view = build_renewal_modal(staff=staff, contract_reference=contract.reference,
                                           issued_on=date.fromisoformat(action["selected_date"]))
        except Refused:
            return
        _update(client, body["view"], view, logger)


def _update(client, current: dict, view: dict, logger) -> None:
    try:
        client.views_update(view_id=current["id"], hash=current.get("hash"), view=view)
    except SlackApiError as error:  # e.g. hash_conflict: the person typed on meanwhile
        logger.warning("views.update failed: %s", error.response.get("error"))
