"""Talking to the running app as Slack does: signed requests over real HTTP, and the shapes
of the payloads Slack sends (slash command, block_actions, view_submission, events)."""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

from slack_sdk.signature import SignatureVerifier

TEAM = {"id": "T0TEST", "domain": "invented"}


@dataclass
class Answer:
    status: int
    body: str
    seconds: float

    def json(self):
        return json.loads(self.body) if self.body else None


class SlackSender:
    """Sends signed requests to ``base_url`` (e.g. ``http://127.0.0.1:PORT``)."""

    def __init__(self, base_url: str, signing_secret: str):
        parsed = urlparse(base_url)
        self.host, self.port = parsed.hostname, parsed.port
        self.verifier = SignatureVerifier(signing_secret)
        self._connection: http.client.HTTPConnection | None = None

    def headers(self, body: str, *, timestamp: int | None = None,
                signature: str | None = None) -> dict:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        return {"X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": signature or self.verifier.generate_signature(
                    timestamp=stamp, body=body)}

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None,
                content_type: str = "application/x-www-form-urlencoded") -> Answer:
        """One request on a kept-alive connection (reopened if the server closed it)."""
        for attempt in (1, 2):
            connection = self._connection or http.client.HTTPConnection(
                self.host, self.port, timeout=10)
            self._connection = connection
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body.encode(),
                                   headers={"Content-Type": content_type, **(headers or {})})
                response = connection.getresponse()
                text = response.read().decode()
                return Answer(response.status, text, time.perf_counter() - started)
            except (http.client.HTTPException, ConnectionError):
                connection.close()
                self._connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def post(self, body: str, *, content_type: str = "application/x-www-form-urlencoded",
             **signing) -> Answer:
        return self.request("POST", "/slack/events", body, self.headers(body, **signing),
                            content_type)

    def command(self, text: str, *, user: str, response_url: str, command="/safeguarding",
                trigger_id: str = "T-trigger", **signing) -> Answer:
        return self.post(urlencode(command_payload(text, user=user, response_url=response_url,
                                                   command=command, trigger_id=trigger_id)),
                         **signing)

    def interact(self, payload: dict, **signing) -> Answer:
        return self.post(urlencode({"payload": json.dumps(payload)}), **signing)

    def event(self, event: dict, **signing) -> Answer:
        envelope = {"token": "legacy", "team_id": TEAM["id"], "api_app_id": "A0TEST",
                    "type": "event_callback", "event_id": f"Ev{time.time_ns()}",
                    "event_time": int(time.time()), "event": event}
        return self.post(json.dumps(envelope), content_type="application/json", **signing)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def close(self) -> None:
        if self._connection:
            self._connection.close()


def command_payload(text: str, *, user: str, response_url: str, command: str,
                    trigger_id: str) -> dict:
    return {"token": "legacy", "team_id": TEAM["id"], "team_domain": TEAM["domain"],
            "channel_id": "C0HERE", "channel_name": "commissioning", "user_id": user,
            "user_name": user.lower(), "command": command, "text": text,
            "api_app_id": "A0TEST", "response_url": response_url, "trigger_id": trigger_id}


def button_payload(*, action_id: str, value: str, user: str, response_url: str | None,
                   trigger_id: str = "T-button") -> dict:
    payload = {"type": "block_actions", "team": TEAM, "user": {"id": user, "team_id": TEAM["id"]},
               "api_app_id": "A0TEST", "trigger_id": trigger_id,
               "container": {"type": "message", "channel_id": "D0DM", "message_ts": "1.0001"},
               "channel": {"id": "D0DM"},
               "actions": [{"type": "button", "action_id": action_id, "block_id": "b",
                            "value": value, "action_ts": str(time.time())}]}
    if response_url:
        payload["response_url"] = response_url
    return payload


def view_submission(view: dict, values: dict, *, user: str) -> dict:
    """A submission of ``view`` (as the app opened it) with ``values``:
    ``{block_id: element state}`` — e.g. ``{"type": "datepicker", "selected_date": "..."}``."""
    state = {"values": {}}
    for block in view["blocks"]:
        if block.get("type") == "input":
            action_id = block["element"]["action_id"]
            element = values.get(block["block_id"], {"type": block["element"]["type"]})
            state["values"][block["block_id"]] = {action_id: element}
    submitted = {**view, "id": "V0SUBMIT", "state": state, "hash": "h1", "team_id": TEAM["id"]}
    return {"type": "view_submission", "team": TEAM, "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "A0TEST", "trigger_id": "T-submit", "view": submitted}


def date_value(day) -> dict:
    return {"type": "datepicker", "selected_date": day.isoformat()}


def text_value(text: str) -> dict:
    return {"type": "plain_text_input", "value": text}


def choice_value(value: str) -> dict:
    return {"type": "radio_buttons", "selected_option": {"value": value,
                                                         "text": {"type": "plain_text",
                                                                  "text": value}}}


def wait_for(find, *, timeout: float = 5.0, what: str = "a call"):
    """Poll ``find()`` until it returns something truthy (the app works after its ack)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")
