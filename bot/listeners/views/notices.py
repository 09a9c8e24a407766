"""What a saved form wants said (the confirmation to the person, any report to the BSCP
channel), posted after ``ack()``: a failure is logged (by its Slack error code, never the
message) and does not undo what was saved."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.builders.confirmations import blocks_text


@dataclass(frozen=True)
class Notice:
    channel: str  # a channel ID, or a user ID for a direct message
    blocks: list[dict]


def post_notices(client: WebClient, notices: list[Notice], logger: logging.Logger) -> None:
    for notice in notices:
        try:
            client.chat_postMessage(channel=notice.channel, blocks=notice.blocks,
                                    text=blocks_text(notice.blocks), unfurl_links=False)
        except SlackApiError as error:
            logger.warning("could not post to %s: %s", notice.channel,
                           error.response.get("error"))
