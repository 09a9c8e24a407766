"""``app_home_opened`` on the Home tab → ``views.publish`` of the viewer's App Home, as of
today (what it shows: :mod:`bot.listeners.events.home_data`). Other tabs are ignored."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.listeners.context import runtime_of, today_of
from bot.listeners.events.home_data import home_view


def publish_home(event: dict[str, Any], client: WebClient, context: BoltContext,
                 logger: logging.Logger) -> None:
    if event.get("tab", "home") != "home":
        return
    user = event["user"]
    runtime = runtime_of(context)
    with runtime.session() as session:
        view = home_view(session, user=user, today=today_of(context),
                         command=runtime.settings.command)
    try:
        client.views_publish(user_id=user, view=view)
    except SlackApiError as error:
        logger.warning("views.publish failed: %s", error.response.get("error"))
