"""The "Acknowledge — cascaded to our staff" button on a posted briefing
(:data:`bot.ids.ACKNOWLEDGE_BRIEFING_ACTION`, value: the briefing delivery's id).

``ack()`` first; then the acknowledgement is recorded once (models.briefings): the first press
alone updates the message in place with ``chat.update`` to show who acknowledged it and when;
every later press (even at the same moment) changes nothing and is told who acknowledged it;
someone not entitled is told who can.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.builders.briefing import BriefingView, build_briefing_message
from bot.builders.escape import escape, mention
from bot.listeners.actions.tell import tell
from bot.listeners.context import now_of, runtime_of
from models.briefings import acknowledge_delivery


def acknowledge_briefing(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                         client: WebClient, respond: Respond, context: BoltContext,
                         logger: logging.Logger) -> None:
    ack()
    user, delivery_id = body["user"]["id"], int(action["value"])
    with runtime_of(context).session() as session:
        result = acknowledge_delivery(session, delivery_id=delivery_id, user=user,
                                      now=now_of(context))
        d, b, provider = result.delivery, result.briefing, result.provider
        if result.outcome == "refused" or d is None or b is None or provider is None:
            tell(body, respond, client, escape(result.reason))
            return
        message = build_briefing_message(BriefingView(
            delivery_id, b.title, b.summary, b.url, b.kind, provider.name,
            d.acknowledged_by, d.acknowledged_at))
        container = body.get("container") or {}
        channel = container.get("channel_id") or d.channel
        ts = container.get("message_ts") or d.message_ts
    if result.outcome == "already":
        tell(body, respond, client, f"Already acknowledged by {mention(d.acknowledged_by)}.")
        return
    try:
        client.chat_update(channel=channel or "", ts=ts or "", text=message.text,
                           blocks=message.blocks)
    except SlackApiError as error:
        logger.warning("chat.update failed: %s", error.response.get("error"))
