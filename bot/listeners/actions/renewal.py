"""The "Renewal or leaver" button (:data:`bot.ids.RECORD_RENEWAL_ACTION`, value: the staff
member's id): opens the renewal-or-leaver form for someone entitled to see the contract's DBS
details (models.roles); anyone else is told who can, and no form opens."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.builders.renewal import build_renewal_modal
from bot.listeners.actions.tell import tell
from bot.listeners.context import runtime_of, today_of
from bot.listeners.views.records import Refused
from bot.listeners.views.renewal import renewal_subject


def open_renewal_form(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                      client: WebClient, respond: Respond, context: BoltContext,
                      logger: logging.Logger) -> None:
    ack()
    try:
        with runtime_of(context).session() as session:
            staff, contract = renewal_subject(session, int(action["value"]), body["user"]["id"])
            view = build_renewal_modal(staff=staff, contract_reference=contract.reference,
                                       issued_on=today_of(context), today=today_of(context))
    except Refused as refusal:
        tell(body, respond, client, refusal.message)
        return
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except SlackApiError as error:
        logger.warning("views.open failed: %s", error.response.get("error"))
