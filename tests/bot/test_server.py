"""`safecomm serve`: gunicorn serving Bolt, signature checks, the health check."""

from __future__ import annotations

import subprocess
import sys
import time
from urllib.parse import urlencode

from tests.bot.conftest import SIGNING_SECRET, running_server, server_env
from tests.bot.slackhttp import SlackSender, command_payload, wait_for
from tests.conftest import fresh_database


def _help_body(server, user):
    return urlencode(command_payload("help", user=user, command="/safeguarding",
                                     response_url=server.slack.response_url(user),
                                     trigger_id="T1"))


def test_it_answers_a_signed_request_and_replies_through_the_response_url(server, user):
    answer = server.sender.post(_help_body(server, user))

    assert answer.status == 200
    [reply] = wait_for(lambda: server.slack.calls_to(f"response:{user}"), what="the reply")
    assert reply.params["response_type"] == "ephemeral"


def test_it_refuses_a_bad_signature_with_401_and_does_nothing(server, user):
    body = _help_body(server, user)
    answer = server.sender.post(body, signature="v0=" + "0" * 64)

    assert answer.status == 401
    time.sleep(0.3)  # long enough for a reply that must not come
    assert server.slack.calls_to(f"response:{user}") == []


def test_it_refuses_a_request_signed_with_another_secret(server, user):
    body = _help_body(server, user)
    forged = SlackSender(server.url, "not-the-" + SIGNING_SECRET)

    assert server.sender.request("POST", "/slack/events", body, forged.headers(body)).status \
        == 401


def test_it_refuses_a_request_without_signature_headers(server, user):
    answer = server.sender.request("POST", "/slack/events", _help_body(server, user))

    assert answer.status == 401


def test_it_refuses_a_timestamp_more_than_five_minutes_old(server, user):
    stale = int(time.time()) - 5 * 60 - 30
    answer = server.sender.post(_help_body(server, user), timestamp=stale)

    assert answer.status == 401


def test_it_accepts_a_timestamp_four_minutes_old(server, user):
    recent = int(time.time()) - 4 * 60
    assert server.sender.post(_help_body(server, user), timestamp=recent).status == 200


def test_it_reports_healthy_while_the_database_answers(server):
    answer = server.sender.get("/healthz")

    assert (answer.status, answer.body) == (200, "ok\n")


def test_it_answers_404_elsewhere(server):
    assert server.sender.get("/").status == 404
    assert server.sender.get("/slack/events").status == 404


def test_it_reports_ready_while_the_database_is_at_the_latest_migration(server):
    answer = server.sender.get("/readyz")

    assert (answer.status, answer.body) == (200, "ready\n")


def test_it_refuses_to_serve_a_database_that_is_gone(tmp_path, slack):
    from cryptography.fernet import Fernet

    gone = f"sqlite:///{tmp_path / 'no-such-folder' / 'gone.db'}"
    env = server_env(gone, slack, Fernet.generate_key().decode())
    done = subprocess.run([sys.executable, "-m", "safecomm.cli", "serve", "--host",
                           "127.0.0.1"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)

    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: DATABASE_URL: the folder {tmp_path / 'no-such-folder'} does not exist"]


def test_it_is_alive_but_not_ready_once_the_database_falls_behind(tmp_path, template_database):
    with fresh_database(tmp_path, template_database) as url, \
            running_server(url, tmp_path) as running:
        with running.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")

        ready, alive = running.sender.get("/readyz"), running.sender.get("/healthz")

    assert ready.status == 503
    assert "run `safecomm db upgrade`" in ready.body
    assert alive.status == 200


def test_it_runs_under_gunicorn_not_a_development_server(server):
    log = server.log_text()

    assert "Starting gunicorn" in log
    assert "Using worker: gthread" in log
