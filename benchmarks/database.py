"""A benchmark's database given by URL (``--database-url``): SQLite or PostgreSQL.

Rules:
- The benchmark's data is generated into the database once: the database is migrated, filled
  by :func:`benchmarks.datagen.load_into`, and a one-row marker table (``bench_dataset``) records
  what was generated (sizes, day, seed) and the key its certificate numbers are encrypted
  with. A rerun that finds the same marker skips generating; either way the database is
  brought up to the latest migration.
- A database holding anything else (providers, contracts or staff without the marker, or the
  marker of another data set) is never written to: the benchmark stops with one line.
- Generating is not timed. Afterwards the planner's statistics are refreshed (VACUUM ANALYZE on
  PostgreSQL, ANALYZE on SQLite), as a maintained production database would have them; after
  a benchmark's own bulk writes only PostgreSQL's (its autovacuum would), see
  :func:`settle_after_writes`.
- A benchmark that writes works on a copy (:func:`work_copy`): a file copy on SQLite,
  ``CREATE DATABASE … TEMPLATE`` on PostgreSQL (the URL's user needs CREATEDB, and nobody else
  may be connected to the source meanwhile). The copy is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, func, inspect, select
from sqlalchemy.engine import make_url

from models import Contract, Provider, Staff
from models.crypto import CertificateCipher
from models.db import make_engine
from models.migrate import upgrade

MARKER = Table("bench_dataset", MetaData(),
               Column("label", String(200), nullable=False),
               Column("encryption_key", String(200), nullable=False))


@dataclass(frozen=True)
class Dataset:
    """What a benchmark generates: sizes, the day the data is "as of", the random seed."""

    providers: int
    contracts: int
    staff: int
    day: date
    seed: int = 1

    @property
    def label(self) -> str:
        return (f"{self.providers} providers, {self.contracts} contracts, {self.staff} staff "
                f"as of {self.day}, seed {self.seed}")


def shown(url: str) -> str:
    """The URL as it may be printed (no password)."""
    return make_url(url).render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_generated(url: str, dataset: Dataset) -> str:
    """Generate ``dataset`` into the database at ``url`` unless already there; its key."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            found = _marker(connection)
            if found is not None and found[0] == dataset.label:
                return found[1]
            if found is not None:
                raise SystemExit(f"{shown(url)} holds benchmark data of another size "
                                 f"({found[0]}): give an empty database")
            if _holds_data(connection):
                raise SystemExit(f"{shown(url)} already holds providers, contracts or staff: "
                                 "give an empty database for the benchmark")
        return _generate(engine, url, dataset)
    finally:
        engine.dispose()


def _marker(connection: Connection) -> tuple[str, str] | None:
    if not inspect(connection).has_table(MARKER.name):
        return None
    row = connection.execute(select(MARKER.c.label, MARKER.c.encryption_key)).first()
    return None if row is None else (row.label, row.encryption_key)


def _holds_data(connection: Connection) -> bool:
    return any(connection.execute(select(func.count()).select_from(table)).scalar_one()
               for table in (Provider, Contract, Staff))


def _generate(engine: Engine, url: str, dataset: Dataset) -> str:
    from benchmarks.datagen import load_into

    print(f"generating {dataset.label} into {shown(url)} (once) …", flush=True)
    started = time.perf_counter()
    key = Fernet.generate_key().decode()
    load_into(engine, providers=dataset.providers, contracts=dataset.contracts,
              staff=dataset.staff, today=dataset.day, seed=dataset.seed,
              cipher=CertificateCipher(key))
    with engine.begin() as connection:
        MARKER.create(connection, checkfirst=True)
        connection.execute(MARKER.insert().values(label=dataset.label, encryption_key=key))
    refresh_statistics(engine)
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return key


def refresh_statistics(engine: Engine) -> None:
    """What routine maintenance leaves behind: fresh planner statistics (and, on PostgreSQL,
    a visibility map, so index-only scans need not visit the table)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("VACUUM ANALYZE")


def settle_after_writes(url: str) -> None:
    """What the database's own upkeep does by the next day after many writes: PostgreSQL's
    autovacuum (VACUUM ANALYZE). SQLite has no such upkeep, so nothing is done there."""
    if is_sqlite(url):
        return
    engine = make_engine(url)
    try:
        refresh_statistics(engine)
    finally:
        engine.dispose()


@contextmanager
def work_copy(url: str) -> Iterator[str]:
    """A copy of the database at ``url`` for this process alone; removed afterwards."""
    source = make_url(url)
    if source.get_backend_name() == "sqlite":
        path = Path(source.database or "")
        copy = path.with_name(f"{path.stem}-work-{os.getpid()}{path.suffix}")
        shutil.copyfile(path, copy)
        try:
            yield source.set(database=str(copy)).render_as_string(hide_password=False)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
        return
    name = f"{source.database}_work_{os.getpid()}"
    admin = make_engine(source.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            # FILE_COPY (PostgreSQL 15+) copies the files instead of logging every page
            version = connection.dialect.server_version_info or (0,)
            strategy = " STRATEGY FILE_COPY" if version >= (15,) else ""
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            connection.exec_driver_sql(
                f'CREATE DATABASE "{name}" TEMPLATE "{source.database}"{strategy}')
        yield source.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
