"""Serving the Slack app: over HTTP under gunicorn (a production WSGI server), or over Socket
Mode.

HTTP routes:
- ``POST /slack/events``: commands, interactivity and events, through Bolt's WSGI adapter.
  Bolt verifies Slack's signature first: a bad or missing signature, or a timestamp more than
  5 minutes old, is answered 401 and nothing runs.
- ``GET /healthz``: 200 when the database answers a trivial query, else 503.
- anything else: 404.
Each gunicorn worker builds its own runtime (engine) and app after the fork, so no database
connection is shared between processes. Workers are threaded (gthread); Bolt runs the work
after ``ack()`` on its own threads in the same worker.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from gunicorn.app.base import BaseApplication
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import Clock, create_app
from models.db import database_answers
from models.runtime import Runtime
from models.settings import Settings

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class SafecommWsgi:
    """The WSGI application: health check, then Bolt for everything else."""

    def __init__(self, runtime: Runtime, slack: Callable):
        self.runtime = runtime
        self.slack = slack

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return self.health(environ, start_response)
        return self.slack(environ, start_response)

    def health(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _answer(start_response, "405 Method Not Allowed", b"GET only\n")
        if database_answers(self.runtime.engine):
            return _answer(start_response, "200 OK", b"ok\n")
        return _answer(start_response, "503 Service Unavailable", b"database unavailable\n")


def _answer(start_response, status: str, body: bytes):
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


def build_wsgi_app(settings: Settings, *, clock: Clock | None = None) -> SafecommWsgi:
    runtime = Runtime(settings=settings)
    bolt = create_app(runtime, clock=clock)
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
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        return self._load()


def gunicorn_options(settings: Settings, *, host: str, workers: int | None,
                     threads: int) -> dict:
    """Production defaults: ``WEB_CONCURRENCY`` (else 2) threaded workers on ``host:PORT``."""
    return {"bind": f"{host}:{settings.port}",
            "workers": workers or int(os.environ.get("WEB_CONCURRENCY") or 2),
            "worker_class": "gthread", "threads": threads, "timeout": 30,
            "graceful_timeout": 20, "keepalive": 5, "accesslog": "-", "errorlog": "-",
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
