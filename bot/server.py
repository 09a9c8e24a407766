"""Serving the Slack app: over HTTP under gunicorn (a production WSGI server), or over Socket
Mode.

HTTP routes:
- ``POST /slack/events``: commands, interactivity and events, through Bolt's WSGI adapter,
  after bot.request_guard: unverifiable (a bad or missing signature, a missing, non-numeric
  or stale timestamp) → 401, signed but malformed → 400, one log line, nothing runs.
- ``GET /healthz``: 200 while the process is alive (liveness).
- ``GET /readyz``: 200 when the database answers and is at the latest migration, else 503
  with the reason (readiness).
- anything else: 404.
Each gunicorn worker builds its own runtime (engine) and app after the fork, so no database
connection is shared between processes. Workers are threaded (gthread); Bolt runs the work
after ``ack()`` on its own threads in the same worker.
"""

from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger as GunicornLogger
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import Clock, create_app
from bot.request_guard import check_request
from models.readiness import DatabaseNotReady, check_migrated, parse_database_url
from models.runtime import Runtime
from models.settings import Settings

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
MAX_BODY_BYTES = 1_000_000
logger = logging.getLogger(__name__)


class SafecommWsgi:
    """The WSGI application: health check, then Bolt for everything else."""

    def __init__(self, runtime: Runtime, slack: Callable):
        self.runtime = runtime
        self.slack = slack

    def __call__(self, environ, start_response):
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path in (HEALTH_PATH, READY_PATH) and method not in ("GET", "HEAD"):
            return _answer(start_response, "405 Method Not Allowed", b"GET only\n")
        if path == HEALTH_PATH:
            return _answer(start_response, "200 OK", b"ok\n")
        if path == READY_PATH:
            return self.readiness(start_response)
        if path == EVENTS_PATH and method == "POST":
            return self.guarded(environ, start_response)
        return self.slack(environ, start_response)

    def readiness(self, start_response):
        try:
            check_migrated(self.runtime.engine,
                           parse_database_url(self.runtime.settings.database_url))
        except DatabaseNotReady as error:
            return _answer(start_response, "503 Service Unavailable", f"{error}\n".encode())
        return _answer(start_response, "200 OK", b"ready\n")

    def guarded(self, environ, start_response):
        """Refuse what bot.request_guard refuses; hand the rest (body re-wound) to Bolt."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            return _answer(start_response, "400 Bad Request", b"bad length\n")
        body = environ["wsgi.input"].read(length)
        headers = {key[5:].replace("_", "-").lower(): value
                   for key, value in environ.items() if key.startswith("HTTP_")}
        secret = self.runtime.settings.slack_signing_secret
        refusal = check_request(
            body=body, headers=headers, content_type=environ.get("CONTENT_TYPE") or "",
            signing_secret=secret.get_secret_value() if secret else "", now=time.time())
        if refusal is not None:
            logger.warning("refused a request to %s: %s %s", EVENTS_PATH, refusal.status,
                           refusal.reason)
            status = "401 Unauthorized" if refusal.status == 401 else "400 Bad Request"
            return _answer(start_response, status, f"{refusal.reason}\n".encode())
        environ["wsgi.input"] = io.BytesIO(body)
        return self.slack(environ, start_response)


def _answer(start_response, status: str, body: bytes):
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


def build_wsgi_app(settings: Settings, *, clock: Clock | None = None,
                   listener_executor: Executor | None = None) -> SafecommWsgi:
    runtime = Runtime(settings=settings)
    bolt = create_app(runtime, clock=clock, listener_executor=listener_executor)
    return SafecommWsgi(runtime, SlackRequestHandler(bolt, path=EVENTS_PATH))


class GunicornServer(BaseApplication):
    """gunicorn run from code: ``options`` are gunicorn settings; the app is built by ``load``
    in each worker."""

    def __init__(self, load: Callable[[], Callable], options: dict):
        self._load, self._options = load, options
        super().__init__()

    def load_config(self):
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self._load()


class SharedFormatLogger(GunicornLogger):
    """gunicorn's error and access logs written by the app's one handler (models.logs: one
    format, personal data filtered) instead of gunicorn's own."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in list(log.handlers):
                log.removeHandler(handler)
            log.propagate = True


def gunicorn_options(settings: Settings, *, host: str, workers: int | None,
                     threads: int) -> dict:
    """Production defaults: ``WEB_CONCURRENCY`` (else 2) threaded workers on ``host:PORT``."""
    return {"bind": f"{host}:{settings.port}",
            "workers": workers or int(os.environ.get("WEB_CONCURRENCY") or 2),
            "worker_class": "gthread", "threads": threads, "timeout": 30,
            "graceful_timeout": 20, "keepalive": 5, "accesslog": "-", "errorlog": "-",
            "logger_class": SharedFormatLogger,
            "proc_name": "safecomm-web",
            # no runtime-control socket (one fixed path per user: servers would collide)
            "control_socket_disable": True}


def serve(settings: Settings, *, host: str = "0.0.0.0", workers: int | None = None,
          threads: int = 4, clock: Clock | None = None) -> None:
    """Run until stopped (SIGTERM or SIGINT: gunicorn finishes the requests in hand)."""
    options = gunicorn_options(settings, host=host, workers=workers, threads=threads)
    GunicornServer(lambda: build_wsgi_app(settings, clock=clock), options).run()


def socket_mode_handler(runtime: Runtime, *, clock: Clock | None = None):
    """The same app over Socket Mode (needs ``SLACK_APP_TOKEN``, ``xapp-…``); call
    ``.start()`` to connect and block."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    app_token = runtime.settings.secret("slack_app_token")
    bolt = create_app(runtime, clock=clock, socket_mode=True)
    return SocketModeHandler(bolt, app_token=app_token)
