"""The console's plumbing: the app really checks each request's signature, never sees a real
token, and its outgoing calls are recorded by the local stand-in; and the renderer's
extensions for what the bot sends."""

from __future__ import annotations

import threading

from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from bot.app import fixed_day
from bot.console import payloads
from bot.console.local_app import INVENTED_TOKEN, ListenerThreads, LocalApp, local_settings
from bot.render import mrkdwn
from bot.standin import SlackStandIn
from models.settings import load_settings
from tests.console.conftest import TODAY


def settings_for(db, **extra):
    return load_settings(database_url=db.url, encryption_key=db.key, **extra)


def test_it_uses_an_invented_token_and_the_configured_or_a_throwaway_secret(demo_db):
    slack = SlackStandIn()
    try:
        given = local_settings(settings_for(demo_db, slack_bot_token="xoxb-real-looking",
                                            slack_signing_secret="configured"), slack)
        made = local_settings(settings_for(demo_db), slack)
    finally:
        slack.stop()
    assert given.slack_bot_token.get_secret_value() == INVENTED_TOKEN
    assert given.slack_signing_secret.get_secret_value() == "configured"
    assert len(made.slack_signing_secret.get_secret_value()) == 64
    assert given.slack_api_url == made.slack_api_url == slack.api_url


def test_it_goes_through_the_apps_signature_check(demo_db):
    app = LocalApp(settings_for(demo_db, slack_signing_secret=SecretStr("the-secret")),
                   clock=fixed_day(TODAY))
    try:
        command = payloads.slash_command("help", user="U0DEMOADMIN", command="/safeguarding",
                                         response_url=app.slack.response_url())
        mark = app.slack.mark()
        assert app.send_form(command).status == 200
        [reply] = [c for c in app.calls_since(mark) if c.is_response]
        assert "what I can do" in str(reply.params["blocks"])
        app.verifier = SignatureVerifier("not-the-secret")
        mark = app.slack.mark()
        assert app.send_form(command).status == 401
        assert app.calls_since(mark) == []
    finally:
        app.close()


def test_it_renders_marks_around_code_and_the_bots_emoji():
    assert mrkdwn("*`/safeguarding dbs NAME`* — _e.g._ `dbs BSC-1`") == \
        "`/safeguarding dbs NAME` — e.g. `dbs BSC-1`"
    assert mrkdwn(":mega: Published *Tool*") == "(!) Published Tool"
    assert mrkdwn("*bold* `*kept*` ~`gone`~") == "bold `*kept*` `gone`"


def test_it_waits_for_every_listener_thread_however_long_it_takes():
    threads, first, second = ListenerThreads(max_workers=2), threading.Event(), threading.Event()
    done: list[str] = []

    def later(name: str, gate: threading.Event, then=None) -> None:
        gate.wait(5)
        if then is not None:  # a listener that starts another (as a lazy listener is)
            threads.submit(*then)
        done.append(name)

    try:
        threads.submit(later, "first", first, (later, "second", second))
        assert threads.wait_idle(0.05) is False
        first.set()
        assert threads.wait_idle(0.3) is False  # the second, started by the first, still runs
        assert done == ["first"]
        second.set()
        assert threads.wait_idle(5) is True
        assert done == ["first", "second"]
    finally:
        threads.shutdown()
