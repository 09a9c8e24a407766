"""What happens when a listener fails: the person is told, Slack gets its answer at once.

Rules (Bolt's global error handler):
- The failure is logged once with its traceback (models.logs redacts it), never the payload.
- Not yet acknowledged: a form submission gets "not saved" on its first input field (the form
  stays open); anything else is acknowledged, so Slack never waits out its 3 seconds.
- The person is told "something went wrong" through the response URL when there is one, else
  by direct message; a form's person already reads it on the form.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.webhook import WebhookClient

SORRY = ("Sorry, something went wrong on our side and nothing was changed. Please try again "
         "in a minute.")


def handle_listener_error(error: Exception, body: dict[str, Any], ack: Ack | None,
                          client: WebClient, logger: logging.Logger) -> None:
    logger.error("a %s listener failed", body.get("type") or "command", exc_info=error)
    form_field = _first_input(body.get("view")) if body.get("type") == "view_submission" else None
    if ack is not None and ack.response is None:
        if form_field:
            ack(response_action="errors", errors={form_field: SORRY})
        else:
            ack()
    if form_field:
        return
    try:
        _tell(body, client)
    except (SlackClientError, OSError):
        logger.warning("could not tell the person that their request failed")


def _first_input(view: Any) -> str | None:
    blocks = view.get("blocks") if isinstance(view, dict) else None
    for block in blocks if isinstance(blocks, list) else []:
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None


def _tell(body: dict[str, Any], client: WebClient) -> None:
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    if body.get("response_url"):
        WebhookClient(body["response_url"]).send(text=SORRY, response_type="ephemeral",
                                                 replace_original=False)
    elif user:
        client.chat_postMessage(channel=user, text=SORRY)
