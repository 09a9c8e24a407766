"""The running app for these tests: ``safecomm serve`` (gunicorn) in a subprocess on
127.0.0.1, against a database of this module's own and the Slack stand-in, as of
:data:`TODAY`. Starting gunicorn takes about a second, so one server serves the session (a module
that needs other settings starts its own); each test builds its own rows (unique names) and its
own Slack user, and checks only those.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlmodel import Session

from bot.standin import SlackStandIn
from models.crypto import CertificateCipher
from models.db import make_engine
from tests.bot.slackhttp import SlackSender, wait_for
from tests.conftest import fresh_database

TODAY = date(2026, 11, 25)
SIGNING_SECRET = "invented-signing-secret"
REPO = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@dataclass
class RunningServer:
    url: str
    sender: SlackSender
    slack: SlackStandIn
    engine: object
    cipher: CertificateCipher
    log: Path
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def server_env(database_url: str, slack: SlackStandIn, key: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "SAFECOMM_", "DATABASE_URL", "WEB_CONCURRENCY"))}
    env.update(DATABASE_URL=database_url, SLACK_API_URL=slack.api_url,
               SLACK_BOT_TOKEN="xoxb-test-invented", SLACK_SIGNING_SECRET=SIGNING_SECRET,
               SAFECOMM_BSCP_CHANNEL="C0BSCP", SAFECOMM_ENCRYPTION_KEY=key, PORT="0",
               PYTHONPATH=str(REPO), **extra)
    return env


def start_server(env: dict, folder: Path, *, workers: int = 1, threads: int = 8,
                 today: date = TODAY, timeout: float = 30.0) -> tuple:
    """``safecomm serve`` on 127.0.0.1 and a free port; returns (process, url, log path)."""
    log = folder / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "safecomm.cli", "serve", "--host", "127.0.0.1",
             "--workers", str(workers), "--threads", str(threads), "--today", today.isoformat()],
            cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = LISTENING.search(log.read_text(errors="replace"))
        if found:
            return process, f"http://127.0.0.1:{found.group(1)}", log
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"safecomm serve did not start:\n{log.read_text()}")


def stop_server(process: subprocess.Popen) -> None:
    """Gunicorn's graceful stop (SIGTERM), as a platform stops it: as quick here (the tests'
    connections are closed first), and free of the quick shutdown's race (SIGINT reaching a
    gthread worker while it hands a connection to its thread pool hangs the worker until
    killed: the signal handler waits on the pool's lock that the interrupted code holds)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def module_database_url(template_database, tmp_path_factory):
    """A migrated database for this module (SQLite file, or a PostgreSQL copy)."""
    with fresh_database(tmp_path_factory.mktemp("botdb"), template_database) as url:
        yield url


@contextmanager
def running_server(database_url: str, folder: Path, **extra_env) -> Iterator[RunningServer]:
    """``safecomm serve`` on ``database_url`` with its own Slack stand-in and key, healthy."""
    slack = SlackStandIn().start()
    key = Fernet.generate_key().decode()
    process, url, log = start_server(server_env(database_url, slack, key, **extra_env), folder)
    engine = make_engine(database_url)
    sender = SlackSender(url, SIGNING_SECRET)
    running = RunningServer(url, sender, slack, engine, CertificateCipher(key), log, process)
    try:
        wait_for(lambda: sender.get("/healthz").status == 200, timeout=20, what="healthz")
        yield running
    finally:
        sender.close()
        stop_server(process)
        engine.dispose()
        slack.stop()


@pytest.fixture(scope="session")
def server(template_database, tmp_path_factory):
    """One running app for the whole session (per xdist worker): tests keep to rows, users
    and channels of their own, so they cannot see each other's."""
    folder = tmp_path_factory.mktemp("serve")
    with fresh_database(folder, template_database) as url, running_server(url, folder) as running:
        yield running


@pytest.fixture
def db(server):
    """A session on the server's database; tests commit what the server must see."""
    with Session(server.engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def user() -> str:
    """A Slack user ID of this test's own."""
    return f"U0T{uuid.uuid4().hex[:8].upper()}"
