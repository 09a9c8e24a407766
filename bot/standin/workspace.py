"""What the stand-in answers when a call succeeds, and what it remembers between calls: the
messages posted in each channel (for ``conversations.history``), e-mail addresses it knows,
and file uploads (bot.standin.files).

Rules:
- Every answer is the shape Slack gives, as far as the app reads it; a method the stand-in
  does not know is answered ``{"ok": true}``.
- A post to a user ID lands in the app's DM with them, channel ``D<user ID>`` (the ID
  ``conversations.open`` gives); Slack's answer names that channel.
- A posted message gets ``ts`` as Slack gives it: the time it was posted, in seconds since
  the epoch with six decimals, each larger than the last.
- ``chat.update`` changes a remembered message's text, blocks and metadata; an unknown ``ts``
  is still answered ``ok`` (tests press buttons on messages the stand-in never saw).
- ``conversations.history`` lists a channel's messages newest first, thread replies left out
  (unless broadcast), within ``oldest``/``latest`` (exclusive unless ``inclusive``), ``limit``
  per page (default 100) with ``cursor``; ``metadata`` only with ``include_all_metadata``.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import defaultdict
from typing import Any

from bot.standin.calls import JSON
from bot.standin.files import Upload, Uploads

TEAM_ID = "T0LOCAL"
BOT_USER = "U0LOCALBOT"
BOT_ID = "B0LOCAL"
VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})


class Workspace:
    def __init__(self, base_url: str):
        self.users_by_email: dict[str, str] = {}  # address (lower case) → user ID
        self.messages: dict[str, list[JSON]] = defaultdict(list)  # channel → oldest first
        self.uploads = Uploads(f"{base_url}/upload/")
        self._serial = itertools.count(1)
        self._last_ts = 0.0
        self.socket_mode_url: str | None = None  # a test's WebSocket server, for Socket Mode

    def next_ts(self) -> str:
        self._last_ts = max(round(time.time(), 6), round(self._last_ts + 0.000001, 6))
        return f"{self._last_ts:.6f}"

    def answer(self, method: str, params: JSON) -> JSON:
        """Slack's answer to a successful ``method`` call."""
        if method == "chat.postMessage":
            return self._post(params)
        if method == "chat.update":
            return self._update(params)
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{next(self._serial)}.000200"}
        if method in VIEW_METHODS:
            view_id = params.get("view_id") or f"V0LOCAL{next(self._serial):04d}"
            return {"ok": True, "view": {**_as_dict(params.get("view")), "id": view_id,
                                         "hash": f"h{next(self._serial)}"}}
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "team_id": TEAM_ID, "bot_id": BOT_ID,
                    "team": "Local stand-in", "url": "https://local.invalid/"}
        if method == "users.lookupByEmail":
            user = self.users_by_email.get(str(params.get("email", "")).lower())
            return {"ok": True, "user": {"id": user}} if user else \
                {"ok": False, "error": "users_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": dm_channel(str(params.get("users", "LOCAL")))}}
        if method == "apps.connections.open":  # Socket Mode: where to connect, if anywhere
            return {"ok": True, "url": self.socket_mode_url} if self.socket_mode_url else \
                {"ok": False, "error": "not_allowed_token_type"}
        if method == "conversations.history":
            return self._history(params)
        if method == "files.getUploadURLExternal":
            return self.uploads.reserve(params, next(self._serial))
        if method == "files.completeUploadExternal":
            return self._complete_upload(params)
        return {"ok": True}

    def _post(self, params: JSON) -> JSON:
        channel = dm_channel(str(params.get("channel")))
        message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID,
                   "text": params.get("text"), "ts": self.next_ts()}
        message |= {k: params[k] for k in ("blocks", "metadata", "thread_ts", "reply_broadcast")
                    if params.get(k) is not None}
        self.messages[str(channel)].append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"],
                "message": {"text": message["text"], "blocks": params.get("blocks")}}

    def _update(self, params: JSON) -> JSON:
        channel, ts = params.get("channel"), params.get("ts")
        for message in self.messages.get(str(channel), []):
            if message["ts"] == ts:
                message |= {k: params[k] for k in ("text", "blocks", "metadata") if k in params}
        return {"ok": True, "channel": channel, "ts": ts}

    def _history(self, params: JSON) -> JSON:
        oldest, latest = float(params.get("oldest") or 0), float(params.get("latest") or "inf")
        inclusive = _yes(params.get("inclusive"))

        def within(ts: float) -> bool:
            return (oldest <= ts <= latest) if inclusive else (oldest < ts < latest)

        shown = [m for m in reversed(self.messages.get(str(params.get("channel")), []))
                 if within(float(m["ts"])) and (m.get("thread_ts") in (None, m["ts"])
                                                or _yes(m.get("reply_broadcast")))]
        start, limit = int(params.get("cursor") or 0), int(params.get("limit") or 100)
        page, more = shown[start:start + limit], start + limit < len(shown)
        if not _yes(params.get("include_all_metadata")):
            page = [{k: v for k, v in m.items() if k != "metadata"} for m in page]
        return {"ok": True, "messages": page, "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    def _complete_upload(self, params: JSON) -> JSON:
        answer, finished = self.uploads.complete(params)
        channel = params.get("channel_id")
        if finished and channel:
            blocks = [] if params.get("initial_comment") else params.get("blocks") or []
            self.messages[channel].append({
                "type": "message", "user": BOT_USER, "bot_id": BOT_ID,
                "text": params.get("initial_comment") or "", "ts": self.next_ts(),
                "files": [u.shown() for u in finished]} | ({"blocks": blocks} if blocks else {}))
        return answer

    def file(self, file_id: str) -> Upload | None:
        return self.uploads.by_id.get(file_id)


def dm_channel(channel: str) -> str:
    """Where a post to ``channel`` lands: a user ID is the app's DM with them (``D<user>``)."""
    return "D" + channel if channel.startswith(("U", "W")) else channel


def _yes(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


def _as_dict(value: Any) -> JSON:
    decoded = json.loads(value) if isinstance(value, str) else value
    return decoded if isinstance(decoded, dict) else {}
