"""One slash command being answered: who asked, what, as of which day, and how to reply."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from slack_bolt import Respond
from slack_sdk import WebClient

from models.runtime import Runtime


@dataclass
class CommandRequest:
    runtime: Runtime
    user: str
    arg: str
    today: date
    respond: Respond
    client: WebClient
    trigger_id: str | None
    command: str
    subcommand: str
    logger: logging.Logger

    def reply(self, blocks: list[dict], text: str) -> None:
        """An ephemeral reply: only the person who typed the command sees it."""
        self.respond(text=text, blocks=blocks, response_type="ephemeral",
                     replace_original=False)

    def reply_text(self, text: str) -> None:
        self.respond(text=text, response_type="ephemeral", replace_original=False)
