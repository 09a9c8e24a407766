"""Answering the person who pressed a button, and only them."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient


def tell(body: dict[str, Any], respond: Respond, client: WebClient, text: str) -> None:
    """An answer only the clicker sees: through the message's response_url, else a DM."""
    if body.get("response_url"):
        respond(text=text, response_type="ephemeral", replace_original=False)
    else:
        client.chat_postMessage(channel=body["user"]["id"], text=text)
