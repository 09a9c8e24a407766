"""Is the database ready for work? One line saying what is wrong, never a traceback.

Rules (checked in this order, before a command touches any table):
- ``DATABASE_URL`` must be a database URL SQLAlchemy knows (the value is never repeated:
  it may hold a password).
- SQLite: the file's folder must exist, the file must exist (no command but
  ``safecomm db upgrade`` creates a database by accident) and be writable, as must its
  folder (SQLite writes its journal beside the file).
- The database must answer (an unreachable server is named by host and port).
- It must be at the latest migration; otherwise the fix is ``safecomm db upgrade``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from models.db import make_engine

UPGRADE = "run `safecomm db upgrade`"
# The newest of models/migrations, known without importing alembic on every start (a test
# holds it to alembic's head).
HEAD_REVISION = "0008"


class DatabaseNotReady(RuntimeError):
    """The database cannot be used as it is; the message is one line with the fix."""


def parse_database_url(text: str) -> URL:
    """The URL of ``DATABASE_URL``, or DatabaseNotReady (without repeating its value)."""
    try:
        url = make_url(text)
        url.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError):
        raise DatabaseNotReady(
            "DATABASE_URL is not a database URL (like sqlite:///safecomm.db or "
            "postgresql+psycopg://user@host/name)") from None
    return url


def open_ready_engine(text: str) -> Engine:
    """An engine on ``DATABASE_URL`` after checking every rule of this module."""
    url = parse_database_url(text)
    if url.get_backend_name() == "sqlite":
        check_sqlite_file(url)
    engine = make_engine(text)
    try:
        check_migrated(engine, url)
    except BaseException:
        engine.dispose()
        raise
    return engine


def open_engine_to_upgrade(text: str) -> Engine:
    """An engine for ``safecomm db upgrade``, which alone may create the database: the URL
    and (SQLite) the folder are checked."""
    url = parse_database_url(text)
    if url.get_backend_name() == "sqlite":
        check_sqlite_file(url, may_create=True)
    return make_engine(text)


def check_sqlite_file(url: URL, *, may_create: bool = False) -> None:
    name = url.database or ""
    if name in ("", ":memory:") or name.startswith("file:"):
        return
    path = Path(name)
    if not path.parent.is_dir():
        raise DatabaseNotReady(f"DATABASE_URL: the folder {path.parent} does not exist")
    if may_create and not path.exists():
        return
    if not path.exists():
        raise DatabaseNotReady(f"the database {path} does not exist: {UPGRADE} to create it")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise DatabaseNotReady(f"the database {path} is read-only (or its folder is): "
                               "give this user write access")


def check_migrated(engine: Engine, url: URL) -> None:
    try:
        current = stored_revision(engine)
    except SQLAlchemyError as error:
        raise DatabaseNotReady(f"cannot reach the database {where(url)}: "
                               f"{first_line(error)}") from None
    if current != HEAD_REVISION:
        at = f"at revision {current}" if current else "empty"
        raise DatabaseNotReady(f"the database is {at}, this version needs revision "
                               f"{HEAD_REVISION}: {UPGRADE}")


def stored_revision(engine: Engine) -> str | None:
    """The migration the database is at (read directly: this runs on every start and every
    readiness probe, and alembic's own context logs a line each time)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def where(url: URL) -> str:
    """Where a database is, without its password: a SQLite file, or host:port/name."""
    if url.get_backend_name() == "sqlite":
        return url.database or "(in memory)"
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def first_line(error: BaseException) -> str:
    """The driver's own words, first line only (SQLAlchemy appends a background link)."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
