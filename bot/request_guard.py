"""What reaches Bolt: a request Slack really signed, in a shape Slack really sends.

Rules (before any listener runs):
- Unverifiable → 401: a missing or non-numeric ``X-Slack-Request-Timestamp``, one more than
  5 minutes from now, a missing or wrong ``X-Slack-Signature``.
- Signed but malformed → 400: a body that is not UTF-8; a form body whose ``payload`` is not a
  JSON object with a string ``type``; a ``view_submission`` or ``view_closed`` whose ``view``
  has no string ``type`` or whose ``state.values`` is not an object of objects of objects;
  a ``block_actions`` whose ``actions`` is not a list of objects; a JSON body (Events API)
  that is not an object with a string ``type``.
Everything else is Bolt's. Pure: the caller passes the clock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, NamedTuple
from urllib.parse import parse_qs

MAX_AGE_SECONDS = 5 * 60


class Refusal(NamedTuple):
    status: int
    reason: str


def check_request(*, body: bytes, headers: dict[str, str], content_type: str,
                  signing_secret: str, now: float) -> Refusal | None:
    """None when the request may go on to Bolt, else why not (see the module's rules)."""
    stamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not stamp.isdigit() or abs(now - int(stamp)) > MAX_AGE_SECONDS:
        return Refusal(401, "missing, malformed or stale timestamp")
    expected = "v0=" + hmac.new(signing_secret.encode(), b"v0:" + stamp.encode() + b":" + body,
                                hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return Refusal(401, "bad signature")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "body is not UTF-8")
    problem = shape_problem(text, content_type)
    return Refusal(400, problem) if problem else None


def shape_problem(text: str, content_type: str) -> str | None:
    """What is wrong with the shape of a signed body, or None."""
    if content_type.startswith("application/json"):
        event = _json_object(text)
        return None if event and isinstance(event.get("type"), str) else "not an event"
    form = parse_qs(text)
    if "payload" not in form:
        return None  # a slash command: Bolt reads its fields
    payload = _json_object(form["payload"][0])
    if payload is None or not isinstance(payload.get("type"), str):
        return "payload is not a JSON object with a type"
    kind = payload["type"]
    if kind in ("view_submission", "view_closed"):
        return _view_problem(payload.get("view"))
    if kind == "block_actions":
        actions = payload.get("actions")
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            return "actions is not a list of objects"
    return None


def _view_problem(view: Any) -> str | None:
    if not isinstance(view, dict) or not isinstance(view.get("type"), str):
        return "view has no type"
    state = view.get("state", {"values": {}})
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict) or not all(
            isinstance(block, dict) and all(isinstance(field, dict) for field in block.values())
            for block in values.values()):
        return "view state is not blocks of fields"
    return None


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
