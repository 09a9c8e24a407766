"""A changed meeting date or certificate issue date refreshes its form (``views.update``), so
the next meeting and the re-check date are prefilled from the new date — for someone who may
record it (models.roles); for anyone else, or an emptied date, nothing happens."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.builders.modals import build_meeting_modal
from bot.builders.renewal import build_renewal_modal
from bot.listeners.context import runtime_of, today_of
from bot.listeners.views.records import Refused
from bot.listeners.views.renewal import renewal_subject
from models.cadence import next_due
from models.core import Contract, Provider
from models.roles import may_record_monitoring


def refresh_meeting_form(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                         client: WebClient, context: BoltContext,
                         logger: logging.Logger) -> None:
    ack()
    if not action.get("selected_date"):
        return
    held_on = date.fromisoformat(action["selected_date"])
    with runtime_of(context).session() as session:
        contract = session.get(Contract, int(body["view"]["private_metadata"]))
        if contract is None or not may_record_monitoring(
                session, user=body["user"]["id"], contract=contract):
            return
        provider = session.get_one(Provider, contract.provider_id)
        view = build_meeting_modal(
            contract=contract, provider_name=provider.name, held_on=held_on,
            next_meeting=next_due(contract.start_date, contract.monitoring_every_months,
                                  held_on))
    update_form(client, body["view"], view, logger)


def refresh_renewal_form(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                         client: WebClient, context: BoltContext,
                         logger: logging.Logger) -> None:
    ack()
    if not action.get("selected_date"):
        return
    try:
        with runtime_of(context).session() as session:
            staff, contract = renewal_subject(session, int(body["view"]["private_metadata"]),
                                              body["user"]["id"])
            view = build_renewal_modal(staff=staff, contract_reference=contract.reference,
                                       issued_on=date.fromisoformat(action["selected_date"]),
                                       today=today_of(context))
    except Refused:
        return
    update_form(client, body["view"], view, logger)


def update_form(client: WebClient, current: dict[str, Any], view: dict[str, Any],
                logger: logging.Logger) -> None:
    """Replace the open form ``current`` with ``view``, unless it changed meanwhile."""
    try:
        client.views_update(view_id=current["id"], hash=current.get("hash"), view=view)
    except SlackApiError as error:  # e.g. hash_conflict: the person typed on meanwhile
        logger.warning("views.update failed: %s", error.response.get("error"))
