"""``safecomm chat`` under test: a fresh migrated database (SQLite, or PostgreSQL with
TEST_DATABASE_URL) holding the demo's invented partnership as of :data:`TODAY`, and the
command run in-process with lines fed to its standard input."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from cryptography.fernet import Fernet
from sqlmodel import Session
from typer.testing import CliRunner

from models.crypto import CertificateCipher
from models.db import make_engine, session_scope
from safecomm.cli import app
from safecomm.demo_data import seed_demo
from tests.conftest import filled_template, fresh_database

TODAY = date(2026, 11, 25)  # a Wednesday
UNSET = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL",
         "SAFECOMM_BSCP_CHANNEL", "SAFECOMM_COMMAND", "SAFECOMM_TIMEZONE")


@dataclass
class DemoDatabase:
    url: str
    key: str
    engine: object

    def env(self, **extra) -> dict:
        return {"DATABASE_URL": self.url, "SAFECOMM_ENCRYPTION_KEY": self.key,
                **dict.fromkeys(UNSET), **extra}

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


@pytest.fixture(scope="session")
def demo_template(template_database, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The demo's partnership, seeded once per session: (template, its key)."""
    key = Fernet.generate_key().decode()

    def seed(engine) -> None:
        with session_scope(engine) as session:
            seed_demo(session, today=TODAY, cipher=CertificateCipher(key))

    folder = tmp_path_factory.mktemp("demo-template")
    with filled_template(folder, seed, template=template_database) as template:
        yield template, key


@pytest.fixture
def demo_db(demo_template, monkeypatch, tmp_path):
    """A database of this test's own holding the demo's partnership (a copy of the seeded
    template)."""
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    template, key = demo_template
    with fresh_database(tmp_path, template) as url:
        engine = make_engine(url)
        yield DemoDatabase(url, key, engine)
        engine.dispose()


def chat(db: DemoDatabase, *lines: str, args: tuple = (), **env):
    """Run ``safecomm chat --today TODAY`` with ``lines`` typed, then end of input."""
    return CliRunner().invoke(app, ["chat", "--today", TODAY.isoformat(), *args],
                              input="".join(f"{line}\n" for line in lines), env=db.env(**env))


def assert_readable(output: str) -> None:
    """Everything shown was rendered: no emoji codes, no unknown blocks, no mrkdwn marks,
    and no certificate number in full."""
    assert "Traceback" not in output
    assert not re.search(r":[a-z_]+:", output), output
    assert not re.search(r"\[[a-z_]+\]", output), output
    assert "<@" not in output and "*`" not in output
    assert not re.search(r"\b00\d{10}\b", output)
