"""The stand-in's HTTP server and its record of calls.

Rules:
- It listens on 127.0.0.1 and a free port; ``api_url`` is what ``SLACK_API_URL`` (or a
  WebClient's ``base_url``) points at.
- Every request is recorded, refused or not, in arrival order, with what was answered.
- The answer is, in this order: a scripted failure for the method (``fail_next``; the method
  ``upload`` is the POST of a file's bytes to its upload URL); the
  permanent error set for the call's channel or user (``channel_errors``); a 429 when a
  posting rate limit is on and exceeded; otherwise success (bot.standin.workspace).
- ``stop()`` returns at once (bot.standin.serving: no polling).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bot.standin.calls import JSON, UPLOAD, UPLOAD_PREFIX, Call, method_of, params_of
from bot.standin.files import Upload
from bot.standin.limits import Answer, Failure, RateLimits, ScriptedFailures
from bot.standin.serving import ServingThread
from bot.standin.workspace import Workspace

HOST = "127.0.0.1"


class SlackStandIn:
    """A local Slack Web API: ``SlackStandIn().start()``, then ``stop()``.

    ``channel_rate_limit`` (seconds between posts in one channel) and ``workspace_rate_limit``
    (posts per second, workspace-wide) switch on Slack's posting limits; off by default.
    """

    def __init__(self, *, channel_rate_limit: float | None = None,
                 workspace_rate_limit: int | None = None):
        self.calls: list[Call] = []
        self.channel_errors: dict[str, str] = {}  # channel or user → permanent Slack error
        self.rate_limits = RateLimits(channel_seconds=channel_rate_limit,
                                      workspace_per_second=workspace_rate_limit)
        self._failures = ScriptedFailures()
        self.before_answer: Callable[[Call], None] | None = None
        self.after_answer: Callable[[Call], None] | None = None
        self._changed = threading.Condition()
        self._response_names = itertools.count(1)
        self.server = ThreadingHTTPServer((HOST, 0), _handler(self))
        self.server.daemon_threads = True
        self.workspace = Workspace(self.base_url)
        self._serving = ServingThread(self.server, name="slack-standin")

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> SlackStandIn:
        self._serving.start()
        return self

    def stop(self) -> None:
        self._serving.stop()

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str | None = None) -> str:
        """A response URL whose posts are recorded as ``response:<name>`` (a fresh name when
        none is given)."""
        return f"{self.base_url}/response/{name or next(self._response_names)}"

    # -- scripting -------------------------------------------------------------------------
    @property
    def users_by_email(self) -> dict[str, str]:
        """Addresses ``users.lookupByEmail`` finds (lower case → user ID)."""
        return self.workspace.users_by_email

    def fail_next(self, method: str, *, status: int = 200, error: str | None = None,
                  retry_after: int | None = None, times: int = 1,
                  accepted: bool = False) -> None:
        """The next ``times`` calls of ``method`` get this answer instead of success; when
        ``accepted``, the call takes effect all the same (see bot.standin.limits). ``upload``
        is the POST of a file's bytes, whose answer is only the status."""
        with self._changed:
            self._failures.add(method, Failure(status, error, retry_after, accepted), times)

    def reset(self) -> None:
        """Forget the calls and the scripted failures (not what the workspace remembers)."""
        with self._changed:
            self.calls.clear()
            self._failures.clear()

    # -- reading ---------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Call]:
        """``chat.postMessage`` calls, refused or not, in order."""
        return self.calls_to("chat.postMessage")

    def history(self, channel: str) -> list[JSON]:
        """The messages posted in ``channel`` and remembered, oldest first."""
        with self._changed:
            return list(self.workspace.messages.get(channel, []))

    def uploads(self) -> list[Upload]:
        """The files whose upload was completed, in order: names, titles, bytes, channels."""
        with self._changed:
            return self.workspace.uploads.completed()

    def file(self, file_id: str) -> Upload | None:
        """An upload by its file ID: its name, title, bytes and channel."""
        with self._changed:
            return self.workspace.file(file_id)

    def mark(self) -> int:
        """Where the calls made from now on will start (for :meth:`collect`)."""
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

    # -- answering -------------------------------------------------------------------------
    def answer(self, call: Call) -> Answer:
        """Answer ``call`` (see the module's rules) and record it. ``before_answer`` and
        ``after_answer`` (tests) are called with the call before anything happens and once
        it has taken effect, before the answer is sent: a test that kills the caller there
        stands for a crash before the call reached Slack, or after Slack acted on it."""
        if self.before_answer is not None:
            self.before_answer(call)
        with self._changed:
            status, headers, result = self._decide(call)
            call.status, call.result = status, result
            self.calls.append(call)
            self._changed.notify_all()
        if self.after_answer is not None:
            self.after_answer(call)
        return status, headers, result

    def _decide(self, call: Call) -> Answer:
        failure = self._failures.next_for(call.method)
        if failure is not None:
            if failure.accepted:
                self.workspace.answer(call.method, call.params)
            return failure.answer()
        target = call.params.get("channel") or call.params.get("user")
        if target in self.channel_errors:
            return 200, {}, {"ok": False, "error": self.channel_errors[target]}
        if call.method == "chat.postMessage":
            wait = self.rate_limits.retry_after(call.channel, call.at)
            if wait is not None:
                return 429, {"Retry-After": str(wait)}, {"ok": False, "error": "ratelimited"}
        if call.is_response:
            return 200, {}, {"ok": True}
        return 200, {}, self.workspace.answer(call.method, call.params)

    def receive_upload(self, call: Call, data: bytes) -> tuple[int, str]:
        """The bytes of a file upload, POSTed to the URL ``files.getUploadURLExternal`` gave."""
        with self._changed:
            failure = self._failures.next_for(UPLOAD)
            if failure is not None:
                status, body = failure.answer()[0], "scripted failure"
            else:
                status, body = self.workspace.uploads.receive(
                    call.method.removeprefix(UPLOAD_PREFIX), data)
            call.status, call.result = status, {"body": body}
            self.calls.append(call)
            self._changed.notify_all()
        return status, body


def _handler(standin: SlackStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path, _, query = self.path.partition("?")
            method = method_of(path)
            call = Call(method, {}, dict(self.headers), time.monotonic(),
                        f"{standin.base_url}{path}")
            if method.startswith(UPLOAD_PREFIX):
                call.params = {"length": len(body)}
                status, text = standin.receive_upload(call, body)
                self._send(status, text.encode(), "text/plain; charset=utf-8", {})
                return
            call.params = params_of(self.headers.get("Content-Type") or "", body, query)
            status, headers, result = standin.answer(call)
            self._send(status, json.dumps(result).encode(), "application/json; charset=utf-8",
                       headers)

        do_GET = do_POST  # noqa: N815

        def _send(self, status: int, data: bytes, content_type: str,
                  headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:  # tests and the console keep their own screen
            pass

    return Handler
