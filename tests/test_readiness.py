"""A database that cannot be used gives one line naming the problem and its fix, exit 1;
no command but `safecomm db upgrade` creates a database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.privacy.helpers import run_main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def safecomm(monkeypatch, capsys, restore_logging):
    """``safecomm(folder, database_url, *args)``: the command line in this process (as the
    installed command runs it: safecomm.cli.main), in ``folder``, with no setting but the
    database and a key; returns (exit status, standard output, standard error)."""

    def run(folder: Path, database_url: str, *args: str) -> tuple[int, str, str]:
        for name in os.environ:
            if name.startswith(("SAFECOMM_", "SLACK_", "DATABASE_URL")):
                monkeypatch.delenv(name)
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", Fernet.generate_key().decode())
        monkeypatch.chdir(folder)
        return run_main(monkeypatch, capsys, *args)

    return run


def one_line(done: tuple[int, str, str]) -> str:
    code, out, err = done
    assert code == 1, out + err
    [line] = err.strip().splitlines()
    return line


RUN = ("run", "dbs-reminders", "--dry-run", "--today", "2027-03-01")


def test_it_names_a_database_url_that_is_not_one_without_repeating_it(tmp_path):
    """Through ``python -m safecomm.cli`` in a process of its own: nothing but the line."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DATABASE_URL": "garbage-secret",
           "SAFECOMM_ENCRYPTION_KEY": Fernet.generate_key().decode()}
    done = subprocess.run([sys.executable, "-m", "safecomm.cli", *RUN], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    line = one_line((done.returncode, done.stdout, done.stderr))

    assert line.startswith("error: DATABASE_URL is not a database URL")
    assert "garbage-secret" not in line


def test_it_names_the_missing_folder_of_a_sqlite_file(tmp_path, safecomm):
    line = one_line(safecomm(tmp_path, f"sqlite:///{tmp_path}/nowhere/x.db", *RUN))

    assert line == f"error: DATABASE_URL: the folder {tmp_path}/nowhere does not exist"


@pytest.mark.parametrize("args", [RUN, ("export", "status"), ("import", "providers", "p.csv")])
def test_it_creates_no_database_by_accident(tmp_path, args, safecomm):
    (tmp_path / "p.csv").write_text("name\nAcorn Invented\n")
    line = one_line(safecomm(tmp_path, f"sqlite:///{tmp_path}/new.db", *args))

    assert "run `safecomm db upgrade`" in line
    assert not (tmp_path / "new.db").exists()


def test_it_asks_for_an_upgrade_when_the_database_was_never_migrated(tmp_path, safecomm):
    import sqlite3

    sqlite3.connect(tmp_path / "old.db").execute("CREATE TABLE unrelated (a)").connection.close()
    line = one_line(safecomm(tmp_path, f"sqlite:///{tmp_path}/old.db", *RUN))

    assert line.endswith("run `safecomm db upgrade`")
    assert "the database is empty" in line


def test_it_names_an_unreachable_server_by_host_and_port_without_the_password(tmp_path, safecomm):
    url = "postgresql+psycopg://someone:pw-invented@127.0.0.1:9/nothing"
    line = one_line(safecomm(tmp_path, url, *RUN))

    assert line.startswith("error: cannot reach the database 127.0.0.1:9/nothing: ")
    assert "pw-invented" not in line


def test_db_upgrade_creates_the_database_and_the_command_then_runs(tmp_path, safecomm):
    url = f"sqlite:///{tmp_path}/made.db"
    upgraded = safecomm(tmp_path, url, "db", "upgrade")
    ran = safecomm(tmp_path, url, *RUN)

    assert upgraded[0] == 0, upgraded[2]
    assert ran[0] == 0, ran[2]


def test_db_upgrade_names_a_missing_folder(tmp_path, safecomm):
    line = one_line(safecomm(tmp_path, f"sqlite:///{tmp_path}/nowhere/x.db", "db", "upgrade"))

    assert "the folder" in line and "does not exist" in line
