"""The real Slack app, served on 127.0.0.1 for ``safecomm chat``, and the requests Slack would
send it.

- The app is bot.server's WSGI application (the same Bolt app, listeners and ``/healthz`` as
  ``safecomm serve``), served by wsgiref on a free loopback port in a thread — gunicorn's
  processes are not needed for one person typing.
- Its outgoing Web API calls go to a :class:`~bot.standin.SlackStandIn` with an
  invented bot token; nothing reaches Slack.
- Every request is signed with the signing secret (``SLACK_SIGNING_SECRET``, else a throwaway
  one made for the session) exactly as Slack signs, so it passes Bolt's verification.
- The app's listeners run on threads this module counts (:class:`ListenerThreads`): after a
  request, :meth:`LocalApp.calls_since` waits until every listener it started (lazy ones
  too) has finished, then reads what the app sent Slack — no waiting for a quiet spell.
"""

from __future__ import annotations

import http.client
import json
import secrets
import socketserver
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from bot.app import Clock
from bot.server import EVENTS_PATH, build_wsgi_app
from bot.standin import SlackStandIn
from bot.standin.calls import Call
from bot.standin.serving import ServingThread
from models.settings import Settings

INVENTED_TOKEN = "xoxb-local-console-invented"


@dataclass
class Answer:
    status: int
    body: str

    def json(self) -> dict | None:
        try:
            return json.loads(self.body) if self.body.strip() else None
        except ValueError:
            return None


class ListenerThreads(ThreadPoolExecutor):
    """The Bolt app's listener executor, counting the listeners not yet finished."""

    def __init__(self, max_workers: int = 5):  # as many as Bolt's own default
        super().__init__(max_workers=max_workers, thread_name_prefix="local-app-listener")
        self._running = 0
        self._changed = threading.Condition()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._changed:
            self._running += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._finished()
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future | None = None) -> None:
        with self._changed:
            self._running -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Until no listener runs (False: still one after ``timeout`` seconds)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._running == 0, timeout)


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # no access log on the console's screen
        pass


def local_settings(settings: Settings, slack: SlackStandIn) -> Settings:
    """``settings`` pointed at the local stand-in, with an invented token and a signing
    secret (the configured one, else a throwaway one)."""
    secret = settings.slack_signing_secret
    if secret is None or not secret.get_secret_value():
        secret = SecretStr(secrets.token_hex(32))
    return settings.model_copy(update={"slack_api_url": slack.api_url,
                                       "slack_bot_token": SecretStr(INVENTED_TOKEN),
                                       "slack_signing_secret": secret})


class LocalApp:
    """The app on 127.0.0.1 and its Slack stand-in; :meth:`close` stops both."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None):
        self.slack = SlackStandIn().start()
        try:
            self.settings = local_settings(settings, self.slack)
            self.listeners = ListenerThreads()
            self.wsgi = build_wsgi_app(self.settings, clock=clock,
                                       listener_executor=self.listeners)
            self.server = make_server("127.0.0.1", 0, self.wsgi,
                                      server_class=_ThreadingWSGIServer,
                                      handler_class=_QuietHandler)
        except BaseException:
            self.slack.stop()
            raise
        self._serving = ServingThread(self.server, name="local-app")
        self._serving.start()
        self.verifier = SignatureVerifier(self.settings.secret("slack_signing_secret"))

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def post(self, body: str, content_type: str) -> Answer:
        """POST ``body`` to /slack/events, signed as Slack signs (v0, timestamp now)."""
        stamp = str(int(time.time()))
        signature = self.verifier.generate_signature(timestamp=stamp, body=body) or ""
        headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": signature}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", EVENTS_PATH, body=body.encode(), headers=headers)
            response = connection.getresponse()
            return Answer(response.status, response.read().decode())
        finally:
            connection.close()

    def send_form(self, payload: dict) -> Answer:
        """A slash command (form fields)."""
        return self.post(urlencode(payload), "application/x-www-form-urlencoded")

    def send_interaction(self, payload: dict) -> Answer:
        """A button, a form field's action or a form submission (``payload=<json>``)."""
        return self.post(urlencode({"payload": json.dumps(payload)}),
                         "application/x-www-form-urlencoded")

    def send_event(self, envelope: dict) -> Answer:
        return self.post(json.dumps(envelope), "application/json")

    def calls_since(self, mark: int, *, timeout: float = 30.0) -> list[Call]:
        """The Web API calls the app made since ``mark`` (SlackStandIn.mark), once every
        listener it was running has finished (at most ``timeout`` seconds)."""
        self.listeners.wait_idle(timeout)
        return self.slack.collect(mark, expect=False, quiet=0)

    def close(self) -> None:
        self.listeners.shutdown(wait=False)
        self._serving.stop()
        self.wsgi.runtime.close()
        self.slack.stop()
