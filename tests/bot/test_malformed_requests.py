"""Requests Slack would never send: unverifiable ones get 401, malformed ones 400, never 500,
and nothing runs."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest

from tests.bot.slackhttp import command_payload


def _signed(server, body: str, *, content_type="application/x-www-form-urlencoded"):
    return server.sender.post(body, content_type=content_type)


def test_it_answers_401_to_a_timestamp_that_is_not_a_number(server, user):
    body = urlencode(command_payload("help", user=user, command="/safeguarding",
                                     response_url=server.slack.response_url(user),
                                     trigger_id="T1"))
    headers = {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=" + "0" * 64}

    answer = server.sender.request("POST", "/slack/events", body, headers)

    assert answer.status == 401


VIEW = {"type": "modal", "callback_id": "meeting", "blocks": [], "state": {"values": {}}}
MALFORMED = {
    "payload that is not JSON": urlencode({"payload": "{not json"}),
    "payload that is not an object": urlencode({"payload": json.dumps([1, 2, 3])}),
    "payload without a type": urlencode({"payload": json.dumps({"user": {"id": "U1"}})}),
    "a view without a type": urlencode({"payload": json.dumps(
        {"type": "view_submission", "view": {"callback_id": "meeting"}})}),
    "state values of the wrong shape": urlencode({"payload": json.dumps(
        {"type": "view_submission", "view": {**VIEW, "state": {"values": {"b": [1]}}}})}),
    "actions that are not a list": urlencode({"payload": json.dumps(
        {"type": "block_actions", "actions": "renew"})}),
}


@pytest.mark.parametrize("shape", sorted(MALFORMED))
def test_it_answers_400_to_a_signed_but_malformed_body(server, shape):
    started = time.monotonic()
    answer = _signed(server, MALFORMED[shape])

    assert answer.status == 400, answer.body
    assert time.monotonic() - started < 2


def test_it_answers_400_to_an_event_body_that_is_not_an_object(server):
    answer = _signed(server, json.dumps(["event"]), content_type="application/json")

    assert answer.status == 400


def test_it_logs_one_line_per_refused_request_and_no_traceback(server):
    before = server.log_text()
    _signed(server, MALFORMED["payload that is not JSON"])

    added = server.log_text()[len(before):]
    assert "Traceback" not in added
    assert [line for line in added.splitlines() if "refused a request" in line] != []
