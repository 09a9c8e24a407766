"""A local stand-in for the Slack Web API: a real HTTP server on 127.0.0.1 that records every
call and can answer 429 (with Retry-After), 5xx or a Slack error instead of ``ok``.

Point a WebClient at ``standin.api_url`` (or set ``SLACK_API_URL``). ``response_url`` posts
(Bolt's ``respond()``) can go to ``standin.response_url(name)`` and are recorded too. File
uploads (``files_upload_v2``) go through :class:`UploadFlow`, which keeps the bytes.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response:<name>" for response_url posts
    params: dict
    headers: dict = field(default_factory=dict)
    at: float = 0.0

    @property
    def channel(self) -> str | None:
        return self.params.get("channel")

    def text_everywhere(self) -> str:
        """Everything a reader could see in this call (text and blocks), as one string."""
        return json.dumps(self.params, ensure_ascii=False)


@dataclass
class Failure:
    status: int = 200
    error: str | None = None  # Slack error code for a 200 {"ok": false}
    retry_after: int | None = None


@dataclass
class Uploaded:
    """A file that completed Slack's external upload flow: where it went, with what."""

    file_id: str
    filename: str
    title: str | None
    content: bytes
    channel_id: str | None
    initial_comment: str | None


class UploadFlow:
    """Slack's external upload: ``files.getUploadURLExternal`` answers an ``upload_url`` on
    this server (``/upload/<file id>``), a POST of the bytes there is kept, and
    ``files.completeUploadExternal`` shares the files with ``channel_id``."""

    PATH = "/upload/"

    def __init__(self, base_url: Callable[[], str]) -> None:
        self._base_url = base_url
        self._ids = itertools.count(1)
        self._names: dict[str, str] = {}
        self.received: dict[str, bytes] = {}  # file id → bytes posted to its upload_url
        self.completed: list[Uploaded] = []

    def answer(self, method: str, params: dict) -> dict | None:
        """Slack's answer to a files.* method of the flow; None for any other method."""
        if method == "files.getUploadURLExternal":
            file_id = f"F0UP{next(self._ids):05d}"
            self._names[file_id] = params.get("filename", "")
            return {"ok": True, "file_id": file_id,
                    "upload_url": f"{self._base_url()}{self.PATH}{file_id}"}
        if method != "files.completeUploadExternal":
            return None
        files = json.loads(params.get("files") or "[]")
        if any(f.get("id") not in self.received for f in files):
            return {"ok": False, "error": "file_upload_not_found"}
        for f in files:
            self.completed.append(Uploaded(
                f["id"], self._names.get(f["id"], ""), f.get("title"), self.received[f["id"]],
                params.get("channel_id"), params.get("initial_comment")))
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def receive(self, path: str, body: bytes) -> tuple[int, bytes]:
        """A POST to an upload_url: the status and body of the answer."""
        file_id = path.split("?", 1)[0].removeprefix(self.PATH)
        if file_id not in self._names:
            return 404, b"unknown upload_url"
        self.received[file_id] = body
        return 200, f"OK - {len(body)}".encode()


class SlackStandIn:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.files = UploadFlow(lambda: self.base_url)
        self.users_by_email: dict[str, str] = {}
        self.channel_errors: dict[str, str] = {}  # channel or user → permanent error
        self._failures: dict[str, deque[Failure]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self.channel_rate_limit: float | None = None  # seconds between posts per channel
        self.workspace_rate_limit: int | None = None  # posts per second, workspace-wide
        self._last_post: dict[str, float] = {}
        self._recent_posts: deque[float] = deque()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> SlackStandIn:
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

    def response_url(self, name: str = "default") -> str:
        return f"{self.base_url}/response/{name}"

    # -- scripting -------------------------------------------------------------------------
    def fail_next(self, method: str, *, status: int = 200, error: str | None = None,
                  retry_after: int | None = None, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` get this answer instead of success."""
        with self._lock:
            self._failures[method].extend(Failure(status, error, retry_after)
                                          for _ in range(times))

    # -- reading ---------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def uploads(self) -> list[Uploaded]:
        """Files uploaded and shared, in order."""
        with self._lock:
            return list(self.files.completed)

    def posts(self) -> list[Call]:
        """Successful-or-not chat.postMessage calls, in order."""
        return self.calls_to("chat.postMessage")

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()

    # -- answering -------------------------------------------------------------------------
    def answer(self, call: Call) -> tuple[int, dict, dict]:
        with self._lock:
            queue = self._failures.get(call.method)
            failure = queue.popleft() if queue else None
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            if failure.status != 200:
                return failure.status, headers, {"ok": False, "error": "ratelimited"
                                                 if failure.status == 429 else "internal_error"}
            return 200, headers, {"ok": False, "error": failure.error}
        target = call.params.get("channel") or call.params.get("user")
        if target in self.channel_errors:
            return 200, {}, {"ok": False, "error": self.channel_errors[target]}
        limited = self._rate_limited(call)
        if limited is not None:
            return 429, {"Retry-After": str(limited)}, {"ok": False, "error": "ratelimited"}
        return 200, {}, self._success(call)

    def _rate_limited(self, call: Call) -> int | None:
        """Slack's posting limits, when set: one message per second per channel (or
        ``channel_rate_limit`` seconds), and at most ``workspace_rate_limit`` posts in any
        one-second window. A refused post gets 429 with Retry-After in whole seconds."""
        if call.method != "chat.postMessage":
            return None
        channel, now = call.params.get("channel"), time.monotonic()
        with self._lock:
            if self.channel_rate_limit is not None:
                last = self._last_post.get(channel)
                if last is not None and now - last < self.channel_rate_limit:
                    return max(1, math.ceil(self.channel_rate_limit - (now - last)))
            if self.workspace_rate_limit is not None:
                while self._recent_posts and now - self._recent_posts[0] >= 1.0:
                    self._recent_posts.popleft()
                if len(self._recent_posts) >= self.workspace_rate_limit:
                    return max(1, math.ceil(1.0 - (now - self._recent_posts[0])))
                self._recent_posts.append(now)
            self._last_post[channel] = now
        return None

    def _success(self, call: Call) -> dict:
        method, params = call.method, call.params
        if method == "chat.postMessage":
            channel = params.get("channel")
            return {"ok": True, "channel": channel, "ts": f"{next(self._ts)}.000100",
                    "message": {"text": params.get("text"), "blocks": params.get("blocks")}}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{next(self._ts)}.000200"}
        if method == "users.lookupByEmail":
            user = self.users_by_email.get(params.get("email", "").lower())
            return {"ok": True, "user": {"id": user}} if user else \
                {"ok": False, "error": "users_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "X"))}}
        if method.startswith("views."):
            return {"ok": True, "view": {"id": f"V{next(self._ts)}"}}
        if method == "auth.test":
            return {"ok": True, "user_id": "U0BOT", "team_id": "T0TEST", "bot_id": "B0BOT"}
        with self._lock:
            upload = self.files.answer(method, params)
        return upload or {"ok": True}

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith(UploadFlow.PATH):
                    self._upload(body)
                    return
                call = Call(_method_of(self.path), _params_of(self.headers, body),
                            dict(self.headers), time.monotonic())
                with standin._lock:
                    standin.calls.append(call)
                status, headers, payload = standin.answer(call)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _upload(self, body: bytes) -> None:
                with standin._lock:
                    failure = standin._failures.get("upload")
                    status, data = ((failure.popleft().status, b"failed") if failure
                                    else standin.files.receive(self.path, body))
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args):  # keep test output quiet
                pass

        return Handler


def _method_of(path: str) -> str:
    path = path.split("?", 1)[0]
    if path.startswith("/response/"):
        return "response:" + path.removeprefix("/response/")
    return path.removeprefix("/api/").strip("/")


def _params_of(headers, body: bytes) -> dict:
    if not body:
        return {}
    if "json" in (headers.get("Content-Type") or ""):
        return json.loads(body)
    params = dict(parse_qsl(body.decode()))
    for key in ("blocks", "attachments", "view"):
        if isinstance(params.get(key), str) and params[key][:1] in "[{":
            params[key] = json.loads(params[key])
    return params
