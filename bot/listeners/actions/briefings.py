"""The "Acknowledge — cascaded to our staff" button on a posted briefing.

``ack()`` first; then the acknowledgement is recorded once (models.briefings), and the message
is updated in place with ``chat.update`` to show who acknowledged it and when. A second press
changes nothing but still shows the acknowledgement; someone not entitled is told who can.
"""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.errors import SlackApiError

from bot.builders.briefing import BriefingView, build_briefing_message
from bot.builders.escape import escape, mention
from bot.ids import ACKNOWLEDGE_BRIEFING_ACTION
from bot.listeners.actions.tell import tell
from models.briefings import acknowledge_delivery


def register(app, runtime) -> None:
    @app.action(ACKNOWLEDGE_BRIEFING_ACTION)
    def handle_acknowledge(ack, body, action, client, respond, logger):
        ack()
        user = body["user"]["id"]
        with runtime.session() as session:
            result = acknowledge_delivery(session, delivery_id=int(action["value"]), user=user,
                                          now=datetime.now(UTC))
            if result.outcome == "refused":
                tell(body, respond, client, escape(result.reason))
                return
            d, b = result.delivery, result.briefing
            message = build_briefing_message(BriefingView(
                d.id, b.title, b.summary, b.url, b.kind, result.provider.name,
                d.acknowledged_by, d.acknowledged_at))
            channel = (body.get("container") or {}).get("channel_id") or d.channel
            ts = (body.get("container") or {}).get("message_ts") or d.message_ts
        if result.outcome == "already" and d.acknowledged_by != user:
            tell(body, respond, client, f"Already acknowledged by {mention(d.acknowledged_by)}.")
        try:
            client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
        except SlackApiError as error:
            logger.warning("chat.update failed: %s", error.response.get("error"))
