"""A local stand-in for the Slack Web API, for ``safecomm chat``: a real HTTP server on
127.0.0.1 that answers the calls the app makes (``chat.postMessage``, ``chat.update``,
``views.open`` / ``update`` / ``push`` / ``publish``, ``auth.test``…) and the posts to the
``response_url`` of a command or a button (Bolt's ``respond()``), and records each one so the
console can show it. A file the app uploads (``files.getUploadURLExternal``, the POST to the
upload URL, ``files.completeUploadExternal``) is saved in the current folder, so the person
at the console can open it. It never talks to Slack; the token it is given is invented.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

UPLOAD_PATH = "/upload/"
TEAM_ID = "T0LOCAL"
BOT_USER = "U0LOCALBOT"


@dataclass
class Call:
    """One call the app made: ``method`` is a Web API method, or ``response`` for a post to a
    response URL; ``result`` is what the stand-in answered."""

    method: str
    params: dict
    result: dict = field(default_factory=dict)


class LocalSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self.uploads: dict[str, str] = {}  # file id → its name; then where it was saved
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                        name="local-slack")

    def start(self) -> LocalSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self) -> str:
        return f"{self.base_url}/response/{next(self._ids)}"

    def mark(self) -> int:
        """Where the calls made from now on will start."""
        with self._changed:
            return len(self.calls)

    def collect(self, since: int, *, expect: bool = True, first_timeout: float = 15.0,
                quiet: float = 0.3) -> list[Call]:
        """The calls made since ``since``: when ``expect``, wait (up to ``first_timeout``) for
        the first; then until none has come for ``quiet`` seconds (the app answers on its own
        threads after acknowledging, so the request's end says nothing about its work)."""
        deadline = time.monotonic() + (first_timeout if expect else quiet)
        with self._changed:
            while expect and len(self.calls) == since and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            seen = -1
            while seen != len(self.calls):
                seen = len(self.calls)
                self._changed.wait(quiet)
            return self.calls[since:]

    def record(self, method: str, params: dict) -> Call:
        call = Call(method, params, self.answer(method, params))
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return call

    def answer(self, method: str, params: dict) -> dict:
        """Slack's answer, as far as the app reads it."""
        n = next(self._ids)
        if method == "chat.postMessage":
            return {"ok": True, "channel": params.get("channel"), "ts": f"{int(time.time())}"
                    f".{n:06d}", "message": {"text": params.get("text")}}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{int(time.time())}.{n:06d}"}
        if method in ("views.open", "views.push", "views.update", "views.publish"):
            view_id = params.get("view_id") or f"V0LOCAL{n:04d}"
            return {"ok": True, "view": {**_as_dict(params.get("view")), "id": view_id,
                                         "hash": f"h{n}"}}
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "team_id": TEAM_ID, "bot_id": "B0LOCAL",
                    "team": "Local console", "url": "https://local.invalid/"}
        if method == "users.lookupByEmail":
            return {"ok": False, "error": "users_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "LOCAL"))}}
        if method == "files.getUploadURLExternal":
            file_id = f"F0LOCAL{n:04d}"
            self.uploads[file_id] = Path(str(params.get("filename") or file_id)).name
            return {"ok": True, "file_id": file_id,
                    "upload_url": f"{self.base_url}{UPLOAD_PATH}{file_id}"}
        if method == "files.completeUploadExternal":
            files = json.loads(params.get("files") or "[]")
            return {"ok": True, "files": [{**f, "saved_as": self.uploads.get(f.get("id"))}
                                          for f in files]}
        return {"ok": True}

    def save_upload(self, path: str, body: bytes) -> None:
        """The bytes posted to an upload URL, written to the current folder."""
        file_id = path.removeprefix(UPLOAD_PATH)
        if file_id in self.uploads:
            saved = Path.cwd() / self.uploads[file_id]
            saved.write_bytes(body)
            self.uploads[file_id] = str(saved)


def _as_dict(value) -> dict:
    if isinstance(value, str):
        return json.loads(value)
    return value or {}


def _params(content_type: str, body: bytes) -> dict:
    if not body:
        return {}
    if "json" in content_type:
        return json.loads(body)
    params = dict(parse_qsl(body.decode()))
    for key in ("blocks", "attachments", "view"):
        if isinstance(params.get(key), str) and params[key][:1] in "[{":
            params[key] = json.loads(params[key])
    return params


def _handler(standin: LocalSlack):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = self.path.split("?", 1)[0]
            if path.startswith(UPLOAD_PATH):
                standin.save_upload(path, body)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            method = "response" if path.startswith("/response/") else \
                path.removeprefix("/api/").strip("/")
            params = _params(self.headers.get("Content-Type") or "", body)
            if method == "response":
                params["response_url"] = f"{standin.base_url}{path}"
            data = json.dumps(standin.record(method, params).result).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args):  # the console's screen is for the conversation
            pass

    return Handler
