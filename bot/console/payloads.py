"""The payloads Slack sends an app, shaped as Slack documents them (only the fields a Bolt app
reads): a slash command, a button press, a form field's action, a form submission, and the
``app_home_opened`` event. Pure functions."""

from __future__ import annotations

import itertools
import time

from bot.standin import TEAM_ID

TEAM = {"id": TEAM_ID, "domain": "local-console"}
APP_ID = "A0LOCAL"
CHANNEL = "C0CONSOLE"  # where the console's commands are "typed"
_triggers = itertools.count(1)


def trigger_id() -> str:
    """A fresh trigger ID (Slack's opens a modal within 3 seconds; the stand-in's any time)."""
    return f"{int(time.time())}.{next(_triggers)}.local"


def _user(user: str) -> dict:
    return {"id": user, "username": user.lower(), "team_id": TEAM_ID}


def slash_command(text: str, *, user: str, command: str, response_url: str) -> dict:
    return {"token": "unused", "team_id": TEAM_ID, "team_domain": TEAM["domain"],
            "channel_id": CHANNEL, "channel_name": "console", "user_id": user,
            "user_name": user.lower(), "command": command, "text": text, "api_app_id": APP_ID,
            "response_url": response_url, "trigger_id": trigger_id()}


def button_press(button: dict, *, block_id: str, user: str, where: dict) -> dict:
    """A press of ``button``; ``where``: ``{"view": view}`` for a view, else the message's
    ``channel``, ``ts``, ``blocks``, ``ephemeral`` and ``response_url``."""
    action = {"type": "button", "action_id": button.get("action_id"), "block_id": block_id,
              "text": button.get("text"), "value": button.get("value"),
              "action_ts": f"{time.time():.6f}"}
    payload = {"type": "block_actions", "team": TEAM, "user": _user(user), "api_app_id": APP_ID,
               "token": "unused", "trigger_id": trigger_id(), "actions": [action]}
    if "view" in where:
        view = where["view"]
        payload.update(container={"type": "view", "view_id": view.get("id")}, view=view)
        return payload
    payload.update(
        container={"type": "message", "message_ts": where.get("ts"),
                   "channel_id": where.get("channel"), "is_ephemeral": where.get("ephemeral")},
        channel={"id": where.get("channel")},
        message={"type": "message", "ts": where.get("ts"), "blocks": where.get("blocks", [])})
    if where.get("response_url"):
        payload["response_url"] = where["response_url"]
    return payload


def view_action(view: dict, state: dict, element: dict, *, block_id: str, user: str,
                value: dict) -> dict:
    """A form field that dispatches its change at once (``dispatch_action``)."""
    action = {"type": element.get("type"), "action_id": element.get("action_id"),
              "block_id": block_id, "action_ts": f"{time.time():.6f}", **value}
    return {"type": "block_actions", "team": TEAM, "user": _user(user), "api_app_id": APP_ID,
            "token": "unused", "trigger_id": trigger_id(),
            "container": {"type": "view", "view_id": view.get("id")},
            "view": {**view, "state": {"values": state}}, "actions": [action]}


def view_submission(view: dict, state: dict, *, user: str) -> dict:
    """The form's submission with ``state``: ``{block_id: {action_id: element state}}``."""
    return {"type": "view_submission", "team": TEAM, "user": _user(user), "api_app_id": APP_ID,
            "token": "unused", "trigger_id": trigger_id(),
            "view": {**view, "state": {"values": state}, "team_id": TEAM_ID}}


def home_opened(user: str) -> dict:
    event = {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home",
             "event_ts": f"{time.time():.6f}"}
    return {"token": "unused", "team_id": TEAM_ID, "api_app_id": APP_ID, "type": "event_callback",
            "event_id": f"Ev{time.time_ns()}", "event_time": int(time.time()), "event": event}
