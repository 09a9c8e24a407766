"""`safecomm socket` (the same app over Socket Mode) and `safecomm manifest`."""

from __future__ import annotations

import json

from slack_sdk.socket_mode.request import SocketModeRequest
from typer.testing import CliRunner

from bot.server import socket_mode_handler
from models.runtime import Runtime
from safecomm.cli import app as cli
from tests.bot.conftest import TODAY
from tests.bot.slackhttp import command_payload, wait_for


def test_socket_mode_runs_the_same_app_and_acknowledges_the_envelope(settings, slack):
    from bot.app import fixed_day

    settings.slack_app_token = type(settings.slack_bot_token)("xapp-invented")
    runtime = Runtime(settings=settings)
    handler = socket_mode_handler(runtime, clock=fixed_day(TODAY))
    sent = []
    handler.client.send_socket_mode_response = sent.append
    payload = command_payload("help", user="U0SOCKET", command="/safeguarding",
                              response_url=slack.response_url("socket"), trigger_id="T-s")
    try:
        handler.handle(handler.client, SocketModeRequest(type="slash_commands",
                                                         envelope_id="env-1", payload=payload))
        [reply] = wait_for(lambda: slack.calls_to("response:socket"), what="the reply")
    finally:
        handler.client.close()
        runtime.close()

    assert [response.envelope_id for response in sent] == ["env-1"]
    assert "status NAME" in json.dumps(reply.params)


def test_socket_needs_the_app_token(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_APP_TOKEN",):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-invented")
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", "x")

    result = CliRunner().invoke(cli, ["socket"])

    assert result.exit_code == 1
    assert result.stderr.strip() == "error: SLACK_APP_TOKEN is not set (environment or .env)"


def test_serve_needs_the_signing_secret(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-invented")

    result = CliRunner().invoke(cli, ["serve"])

    assert result.exit_code == 1
    assert result.stderr.strip() == "error: SLACK_SIGNING_SECRET is not set (environment or .env)"


def manifest(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["manifest", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_manifest_points_every_request_url_at_slack_events(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SAFECOMM_COMMAND", raising=False)

    found = manifest("--url", "https://safecomm.example.org/")

    url = "https://safecomm.example.org/slack/events"
    [slash] = found["features"]["slash_commands"]
    assert (slash["command"], slash["url"]) == ("/safeguarding", url)
    assert found["settings"]["interactivity"] == {"is_enabled": True, "request_url": url}
    assert found["settings"]["event_subscriptions"] == {"bot_events": ["app_home_opened"],
                                                        "request_url": url}
    assert found["settings"]["socket_mode_enabled"] is False
    assert found["features"]["app_home"]["home_tab_enabled"] is True
    scopes = set(found["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "chat:write.public", "users:read", "users:read.email",
            "files:write", "im:write", "im:history", "channels:history",
            "groups:history"} <= scopes
    assert len(found["display_information"]["name"]) <= 35


def test_the_socket_mode_manifest_has_no_request_urls(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAFECOMM_COMMAND", "/safe")

    found = manifest("--socket")

    assert found["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in json.dumps(found) and '"url"' not in json.dumps(found)
    assert found["features"]["slash_commands"][0]["command"] == "/safe"
    assert found["settings"]["interactivity"] == {"is_enabled": True}


def test_the_manifest_needs_a_url_or_socket(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    for args in ([], ["--url", "safecomm.example.org"]):
        result = CliRunner().invoke(cli, ["manifest", *args])
        assert result.exit_code == 2
        assert "--url" in result.output
