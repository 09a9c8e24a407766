"""Fixtures: a fresh, migrated database per test.

SQLite by default (a file in the test's tmp folder). With ``TEST_DATABASE_URL`` set to a
PostgreSQL server, each test gets its own database, copied from a template that the real
migrations built once per session.

The database, the stand-ins and the migrations are imported by the fixtures that use them:
the xdist controller loads this file too, and needs none of them (its workers start sooner).
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from models.logs import CAPS

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from bot.standin import SlackStandIn
    from safecomm.dbs_standin import DbsStandIn

SERVER_URL = os.environ.get("TEST_DATABASE_URL")

# Property tests: a bounded number of examples, the same ones on every run (so a run of
# `make test` or `make mutation` is repeatable), no time limit per example on a busy machine,
# and no example database written into the work tree. HYPOTHESIS_PROFILE=thorough for more.
hypothesis_settings.register_profile(
    "safecomm", max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile(
    "thorough", max_examples=2000, deadline=None, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "safecomm"))


def _admin_engine() -> Engine:
    from models.db import make_engine

    return make_engine(SERVER_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Iterator[str]:
    """The URL of a database migrated to head, to copy for each test."""
    from sqlalchemy import make_url, text

    from models.db import make_engine
    from models.migrate import upgrade

    if SERVER_URL is None:
        path = tmp_path_factory.mktemp("template") / "template.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        yield str(path)
        return
    name = f"safecomm_template_{uuid.uuid4().hex[:8]}"
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(SERVER_URL).set(database=name).render_as_string(False))
    upgrade(engine)
    engine.dispose()
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def fresh_database(folder: Path, template: str | None = None) -> Iterator[str]:
    """The URL of a database of its own: a copy of ``template`` (a template_database), or
    empty; a PostgreSQL one is dropped afterwards."""
    from sqlalchemy import make_url, text

    if SERVER_URL is None:
        path = folder / f"db-{uuid.uuid4().hex[:8]}.db"
        if template is not None:
            shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    name = f"safecomm_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template is not None else ""
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield make_url(SERVER_URL).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def filled_template(folder: Path, fill: Callable[[Engine], None], *,
                    template: str) -> Iterator[str]:
    """A template of its own for :func:`fresh_database`: a copy of ``template`` (a
    template_database) that ``fill(engine)`` wrote rows into, for the tests that all start
    from the same rows (each gets its own copy; the rows are written once per session)."""
    from sqlalchemy import make_url

    from models.db import make_engine

    with fresh_database(folder, template) as url:
        engine = make_engine(url)
        try:
            fill(engine)
            if SERVER_URL is None:  # every row in the file itself, for a plain copy
                with engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
        yield str(make_url(url).database)  # the SQLite file's path, or the database's name


@pytest.fixture
def database_url(template_database, tmp_path) -> Iterator[str]:
    """A fresh database of its own for this test, already migrated."""
    with fresh_database(tmp_path, template_database) as url:
        yield url


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:
    """A fresh database with no tables at all (for migration tests)."""
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    from models.db import make_engine

    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as session:
        yield session


def pytest_collection_finish(session) -> None:
    """The garbage collector, tuned for a test run: everything imported and collected so far
    lives for the whole run, so it is moved out of the collector's sight (``gc.freeze``;
    each full collection would otherwise walk those hundreds of thousands of objects), and
    the youngest generation is collected every 10,000 allocations instead of 700, so there
    are fewer, larger collections (about 2 s less CPU per worker; nothing the tests check
    depends on when garbage is collected)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _end_worker_without_teardown() -> None:
    """An xdist worker's last act, once its results are sent and the atexit work registered
    after this file was loaded is done: the process ends without the interpreter's teardown,
    which would free its hundreds of thousands of objects one by one (over a second of CPU
    per worker, while the controller waits for it to exit). Logs are flushed and closed
    first, as the teardown would."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if os.environ.get("PYTEST_XDIST_WORKER"):  # a worker of `make test` (never a test run alone)
    atexit.register(_end_worker_without_teardown)


def pytest_report_header(config) -> str:
    backend = "PostgreSQL (TEST_DATABASE_URL)" if SERVER_URL else "SQLite"
    return f"safecomm test database: {backend}"



@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    """A local Slack Web API stand-in on 127.0.0.1, recording every call."""
    from bot.standin import SlackStandIn

    standin = SlackStandIn().start()
    yield standin
    standin.stop()


@pytest.fixture
def dbs() -> Iterator[DbsStandIn]:
    """A local stand-in for the DBS Update Service status-check API on 127.0.0.1."""
    from safecomm.dbs_standin import DbsStandIn

    with DbsStandIn() as standin:
        yield standin


@pytest.fixture
def settings(database_url, slack, monkeypatch, tmp_path):
    """Settings for a test: its own database, the Slack stand-in, invented secrets."""
    from cryptography.fernet import Fernet

    from models.settings import load_settings

    monkeypatch.chdir(tmp_path)  # no stray .env is read
    return load_settings(
        DATABASE_URL=database_url, SLACK_API_URL=slack.api_url,
        SLACK_BOT_TOKEN="xoxb-test-invented", SLACK_SIGNING_SECRET="invented-signing-secret",
        SAFECOMM_BSCP_CHANNEL="C0BSCP", SAFECOMM_ENCRYPTION_KEY=Fernet.generate_key().decode())


@pytest.fixture
def restore_logging():
    """Put the root logger and the capped libraries' loggers back as they were."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    capped = {name: logging.getLogger(name).level for name in CAPS}
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)
    for name, old in capped.items():
        logging.getLogger(name).setLevel(old)


# Fixtures that start a process for many tests (once per worker), and the xdist group that
# keeps their tests on one worker.
SHARED_PROCESSES = {"server": "running-app",  # `safecomm serve` (tests/bot/conftest.py)
                    "demo_run": "demo"}  # one real `safecomm demo` (tests/test_demo.py)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    """The tests of the running app share one server per worker, and the demo's tests one run
    of the demo: keep each set on one worker (``--dist loadgroup``), so that process runs
    once, not on each worker.

    xdist groups a test by a ``@group`` suffix on the ID its worker reports. xdist 3.8 writes
    that suffix where pytest 8 kept the ID (``_nodeid``); pytest 9 keeps it in ``_id`` (a
    structured ID), where xdist's suffix never lands, so every group would be spread over
    all workers. The suffix is written here, after xdist's own hook, wherever pytest keeps
    the ID."""
    if not getattr(config.option, "loadgroup", False):  # not an xdist worker under loadgroup
        return
    for item in items:
        group = _shared_process_group(item)
        if group is None or item.nodeid.endswith(f"@{group}"):
            continue
        item.add_marker(pytest.mark.xdist_group(group))
        suffixed = f"{item.nodeid}@{group}"
        if hasattr(item, "_nodeid"):  # pytest 8
            item._nodeid = suffixed
        else:  # pytest 9
            item._id = type(item.id).parse(suffixed)
        assert item.nodeid == suffixed, "xdist groups: pytest keeps a test's ID elsewhere"


def _shared_process_group(item) -> str | None:
    """The group of the first shared process ``item`` uses, named for the folder whose
    conftest defines that fixture: tests/bot's server and tests/privacy's (at DEBUG) are two
    servers, so two groups, which may run on two workers."""
    fixtures = getattr(item, "fixturenames", ())
    for fixture, group in SHARED_PROCESSES.items():
        if fixture in fixtures:
            info = getattr(item, "_fixtureinfo", None)
            definitions = info.name2fixturedefs.get(fixture, ()) if info else ()
            return f"{group}:{definitions[-1].baseid}" if definitions else group
    return None


@pytest.fixture(autouse=True, scope="session")
def trend_chart_drawn_once_per_input(tmp_path_factory) -> Iterator[None]:
    """The summary's trend chart takes most of a second to draw, and many tests run the
    summary on the same weeks (one contract, the same day). The drawing is a pure function
    of the weeks (the same weeks make the same PNG bytes), so the summary's drawings are kept
    for this run, in a folder the xdist workers share, and one with the same weeks is reused
    whichever worker drew it. The tests of the drawing itself call
    bot.builders.trend_chart.render_trend_chart, which is left as it is."""
    import hashlib

    import jobs.trend

    draw = jobs.trend.render_trend_chart
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # .../pytest-N/popen-gwK: this run's, shared
        run_folder = run_folder.parent
    drawn = run_folder / "trend-charts"
    drawn.mkdir(exist_ok=True)

    def once(weeks):
        key = repr([tuple(week) for week in weeks])  # dates, ints and words: exact
        path = drawn / f"{hashlib.sha256(key.encode()).hexdigest()}.png"
        if not path.exists():
            partial = path.with_suffix(f".{uuid.uuid4().hex}")
            partial.write_bytes(draw(weeks))
            partial.replace(path)  # whole, or not there: another worker may read it now
        return path.read_bytes()

    jobs.trend.render_trend_chart = once
    yield
    jobs.trend.render_trend_chart = draw


@pytest.fixture(autouse=True, scope="session")
def command_line_built_once() -> Iterator[None]:
    """Typer's CliRunner rebuilds the whole click command tree at every invoke (about 8 ms);
    the tree never changes, so each app's is built once per session."""
    import typer.testing

    build = getattr(typer.testing, "_get_command", None)
    if build is None:  # another typer: nothing to speed up
        yield
        return
    built: dict[int, object] = {}

    def once(app):
        if id(app) not in built:
            built[id(app)] = build(app)
        return built[id(app)]

    typer.testing._get_command = once
    yield
    typer.testing._get_command = build
