"""Posting what a saved form wants said, after ``ack()``: a failure is logged (by its Slack
error code, never the message) and does not undo what was saved."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.builders.confirmations import blocks_text


@dataclass(frozen=True)
class Message:
    channel: str  # a channel ID, or a user ID for a direct message
    blocks: list[dict]


def deliver(client: WebClient, messages: list[Message], logger: logging.Logger) -> None:
    for message in messages:
        try:
            client.chat_postMessage(channel=message.channel, blocks=message.blocks,
                                    text=blocks_text(message.blocks), unfurl_links=False)
        except SlackApiError as error:
            logger.warning("could not post to %s: %s", message.channel,
                           error.response.get("error"))
