"""Fixtures for import and export tests: the real command line against a fresh database,
files written in the test's folder, and a snapshot of every table."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import chdir
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, select
from sqlmodel import SQLModel
from typer.testing import CliRunner

from models.crypto import CertificateCipher
from safecomm.cli import app
from tests.conftest import filled_template, fresh_database

PROVIDERS = [
    {"name": "Oak Care", "slack_channel": "C0OAK0001", "safeguarding_lead": "U0LEAD0001",
     "risk": "high", "self_assessment_completed": "2026-01-31",
     "safeguarding_statement_received": "2026-02-03"},
    {"name": "Elm Youth Trust", "slack_channel": "#elm-youth", "safeguarding_lead":
     "lead@elm.example.org", "risk": "", "self_assessment_completed": "",
     "safeguarding_statement_received": ""},
]
CONTRACTS = [
    {"reference": "OAK-001", "provider": "Oak Care", "service": "Short breaks",
     "start_date": "2026-02-01", "end_date": "2029-01-31", "contract_manager": "U0CM0001",
     "slack_channel": "", "monitoring_every_months": "3", "clause_elements": "all",
     "safeguarding_metrics": "yes"},
    {"reference": "ELM-001", "provider": "Elm Youth Trust", "service": "Mentoring",
     "start_date": "01/03/2026", "end_date": "", "contract_manager": "cm@council.example.org",
     "slack_channel": "C0ELM0001", "monitoring_every_months": "", "clause_elements":
     "legislation;training;cascade", "safeguarding_metrics": "no"},
]
STAFF = [
    {"contract": "OAK-001", "name": "Amara Ashby", "role": "Support worker",
     "contact_level": "regulated", "dbs_certificate": "0012 3456 7890",
     "dbs_level": "enhanced_barred", "dbs_issue_date": "2025-04-03", "dbs_recheck_due": "",
     "update_service": "yes", "staff_ref": "P001"},
    {"contract": "OAK-001", "name": "Ben Bramley", "role": "Driver", "contact_level": "none",
     "dbs_certificate": "", "dbs_level": "", "dbs_issue_date": "", "dbs_recheck_due": "",
     "update_service": "no", "staff_ref": "P002"},
    {"contract": "ELM-001", "name": "Chloe Colne", "role": "Mentor",
     "contact_level": "regular", "dbs_certificate": "0098-7654-3210", "dbs_level": "enhanced",
     "dbs_issue_date": "3/4/25", "dbs_recheck_due": "2027-12-31", "update_service": "no",
     "staff_ref": ""},
]


@pytest.fixture(scope="session")
def loaded_template(template_database, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The standard providers, contracts and staff, imported once per session by the real
    command line (as :func:`cli` runs it): (template, its key)."""
    key = Fernet.generate_key().decode()
    folder = tmp_path_factory.mktemp("loaded-template")

    def load(engine: Engine) -> None:
        env = {"DATABASE_URL": engine.url.render_as_string(hide_password=False),
               "SAFECOMM_ENCRYPTION_KEY": key, "USER": "alice", "LOGNAME": "alice"}
        with chdir(folder):  # no stray .env is read
            for kind, rows in (("providers", PROVIDERS), ("contracts", CONTRACTS),
                               ("staff", STAFF)):
                path = write_rows(folder / f"{kind}.csv", rows)
                result = CliRunner().invoke(app, ["import", kind, str(path)], env=env)
                assert result.exit_code == 0, result.output

    with filled_template(folder, load, template=template_database) as template:
        yield template, key


@pytest.fixture
def database_url(request, template_database, tmp_path) -> Iterator[str]:
    """A fresh database of this test's own: a copy of the loaded template for the tests
    that ask for :func:`loaded`, else of the empty migrated one."""
    template = template_database
    if "loaded" in request.fixturenames:
        template, _key = request.getfixturevalue("loaded_template")
    with fresh_database(tmp_path, template) as url:
        yield url


@pytest.fixture
def key(request) -> str:
    """The encryption key: the loaded template's for the tests that ask for :func:`loaded`,
    else a new one."""
    if "loaded" in request.fixturenames:
        return request.getfixturevalue("loaded_template")[1]
    return Fernet.generate_key().decode()


@pytest.fixture
def cipher(key) -> CertificateCipher:
    return CertificateCipher(key)


@pytest.fixture
def cli(database_url, key, monkeypatch, tmp_path) -> Callable:
    """``cli("import", "staff", path)``: the real command line on this test's database."""
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", key)
    monkeypatch.setenv("USER", "alice")
    monkeypatch.setenv("LOGNAME", "alice")
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, [str(arg) for arg in args])

    return run


@pytest.fixture
def write_csv(tmp_path) -> Callable[..., Path]:
    """``write_csv("staff.csv", rows, delimiter=";", bom=True)``: a file of dict rows."""

    def write(name: str, rows: list[dict], *, delimiter: str = ",", bom: bool = False,
              header: list[str] | None = None) -> Path:
        return write_rows(tmp_path / name, rows, delimiter=delimiter, bom=bom, header=header)

    return write


def write_rows(path: Path, rows: list[dict], *, delimiter: str = ",", bom: bool = False,
               header: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header or list(rows[0]),
                                delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def loaded(cli) -> Callable:
    """The standard providers, contracts and staff, imported (this test's database is a copy
    of :func:`loaded_template`); returns the cli for more."""
    return cli


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    with engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for table in SQLModel.metadata.sorted_tables}
