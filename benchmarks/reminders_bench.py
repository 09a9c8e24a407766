"""Benchmark of the DBS reminder run at scale: 1,000,000 staff on 10,000 contracts.

    .venv/bin/python -m benchmarks.reminders_bench [--staff 1000000] [--contracts 10000]
        [--database-url URL]

Measures (wall time, and the CPU time the process used, which a busy machine
distorts less), both in dry run (messages built and rendered, not printed):
  (a) the first run over the whole backlog (a full sweep; nothing in the ledger yet);
  (b) the steady-state daily run: the backlog marked as sent, the next working day
      (an incremental run: what changed since, plus new staff);
and the same query as (b)'s, bare (SQLAlchemy Core, rows fetched, nothing else), to give the
ratio of (b) to it. Each run is a fresh process, so its peak memory (max RSS) is its own.
The generated SQLite database is cached under /tmp (reruns skip generating it); each
benchmark works on a copy of its own.

With ``--database-url URL`` (SQLite or PostgreSQL, e.g.
``postgresql+psycopg://user@host/safecomm_bench``) the data is generated into that database
instead, once (it must be empty the first time; a marker table remembers what was generated,
see benchmarks/database.py), and the runs work on a copy of it (on PostgreSQL a database
created from it as a template: the user needs CREATEDB). The bare query is the same SQL on
that database. Generating is never part of the measurements.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

CACHE = Path("/tmp/safecomm-bench")
DAY = date(2027, 3, 3)  # a Wednesday; the data is generated "as of" this day
NEXT_DAY = DAY + timedelta(days=1)
DATA_VERSION = "people-v1"  # the generated data's shape (benchmarks.datagen): a new one regenerates
TARGETS = {"a": 30.0, "b": 1.0, "memory_mb": 500.0, "ratio": 5.0}


def cached_database(staff: int, contracts: int, providers: int) -> Path:
    """The generated database (made once, then reused)."""
    from cryptography.fernet import Fernet

    from benchmarks.datagen import load_into
    from models.crypto import CertificateCipher
    from models.db import make_engine
    from models.migrate import upgrade

    path = CACHE / f"reminders-{DATA_VERSION}-{staff}-{contracts}-{providers}-{DAY}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")  # two generating never collide
    partial.unlink(missing_ok=True)
    print(f"generating {staff:,} staff on {contracts:,} contracts into {path} (once) …")
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{partial}")
    upgrade(engine)
    load_into(engine, providers=providers, contracts=contracts, staff=staff, today=DAY,
              cipher=CertificateCipher(Fernet.generate_key().decode()))
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    partial.rename(path)
    print(f"  generated in {time.perf_counter() - started:.0f} s")
    return path


def _migrate(url: str) -> None:
    from models.db import make_engine
    from models.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def _settings(url: str):
    from models.settings import load_settings

    return load_settings(DATABASE_URL=url, SAFECOMM_BSCP_CHANNEL="C0BSCP")


def peak_memory_mb() -> float:
    """This process's peak resident memory: VmHWM on Linux (ru_maxrss would include the
    parent's, inherited through fork and exec), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(url: str, day: date, queue) -> None:
    """One dry run in this (child) process: wall time, peak RSS, what it would post."""
    from jobs.context import JobContext
    from jobs.dbs_reminders import run_once
    from models.db import make_engine

    engine = make_engine(url)
    messages = [0]

    def discard(line: str) -> None:
        messages[0] += line.startswith("────")

    started, cpu_started = time.perf_counter(), time.process_time()
    summary = run_once(JobContext(engine=engine, settings=_settings(url), today=day,
                                  dry_run=True, echo=discard))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    engine.dispose()
    queue.put((wall, peak_memory_mb(), messages[0], summary.posted, summary.already_sent, cpu))


def in_child(target, *args):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def mark_backlog_sent(url: str) -> int:
    """Write the ledger as a real first run would have left it (every key sent, run recorded)."""
    from sqlmodel import Session

    from jobs import dbs_candidates
    from jobs.context import JobContext
    from jobs.dbs_reminders import find_reminders, plan
    from jobs.recipients import Resolver
    from models import ledger
    from models.db import make_engine

    engine, settings, now = make_engine(url), _settings(url), datetime.now(UTC)
    ctx = JobContext(engine=engine, settings=settings, today=DAY, dry_run=True,
                     echo=lambda _line: None)
    schedule = settings.dbs_schedule
    with Session(engine) as session:
        selection = dbs_candidates.choose_selection(session, today=DAY, schedule=schedule,
                                                    now=now)
        reminders = find_reminders(session, selection, schedule)
        resolver = Resolver(ctx)
        keys = [key for out in plan(ctx, reminders, resolver) for key in out.keyed()]
        ledger.record_sent(session, keys, now=now)
        ledger.record_run(session, job=dbs_candidates.JOB, day=DAY, mode=selection.mode,
                          watermark=selection.watermark, now=now)
        session.commit()
    engine.dispose()
    return len(keys)


def bare_query(url: str, day: date) -> tuple[float, int, float]:
    """The steady-state run's own query, bare: executed and fetched, nothing else."""
    from sqlmodel import Session

    from jobs import dbs_candidates
    from models.db import make_engine

    engine = make_engine(url)
    with Session(engine) as session:
        selection = dbs_candidates.choose_selection(
            session, today=day, schedule=_settings(url).dbs_schedule, now=datetime.now(UTC))
        statement = dbs_candidates.due_staff_statement(selection)
    with engine.connect() as connection:
        started, cpu_started = time.perf_counter(), time.process_time()
        rows = connection.execute(statement).fetchall()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    engine.dispose()
    return wall, len(rows), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=1_000_000)
    parser.add_argument("--contracts", type=int, default=10_000)
    parser.add_argument("--providers", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of (b) and the bare query")
    parser.add_argument("--database-url", help="SQLite or PostgreSQL URL of the database to "
                        "generate into once and run on (default: a cached SQLite file)")
    args = parser.parse_args()
    from benchmarks.database import Dataset, ensure_generated, server_cache, shown, work_copy

    if args.database_url:
        source = args.database_url
        ensure_generated(source, Dataset(args.providers, args.contracts, args.staff, DAY))
    else:
        source = f"sqlite:///{cached_database(args.staff, args.contracts, args.providers)}"
    print(f"database: {shown(source)}")
    if cache := server_cache(source):
        print(f"    {cache}")
    with work_copy(source) as work:  # concurrent runs never share
        _migrate(work)  # a database cached before a later migration gets it now
        measure(work, args.repeat)
    print("load average (1, 5, 15 min) at the end: "
          + ", ".join(f"{load:.2f}" for load in os.getloadavg()))


def measure(work: str, repeat: int) -> None:
    """(a), then the backlog marked as sent, then (b) and its bare query ``repeat`` times;
    with a local PostgreSQL server, the CPU time its processes used for each as well."""
    from benchmarks.cpu import cpu_during, database_server_pid, probe_seconds
    from benchmarks.database import settle_after_writes

    server = database_server_pid(work)
    print(f"machine speed now: 20 million Python steps in {probe_seconds():.2f} s of CPU "
          "(the higher, the slower the machine runs at the moment)")
    a, a_db = cpu_during(server, lambda: in_child(_run, work, DAY))
    print(f"(a) first run over the backlog, {DAY}: {a[0]:.2f} s ({a[5]:.2f} s CPU"
          f"{_database_cpu(a_db)}), peak memory {a[1]:.0f} MB; "
          f"would post {a[3]:,} messages ({a[2]:,} built and rendered)")
    started = time.perf_counter()
    marked = mark_backlog_sent(work)
    settle_after_writes(work)  # a day later, PostgreSQL's autovacuum has seen the new rows
    print(f"    backlog marked as sent: {marked:,} ledger rows "
          f"({time.perf_counter() - started:.1f} s, not measured)")

    measured = [cpu_during(server, lambda: in_child(_run, work, NEXT_DAY))
                for _ in range(repeat)]
    runs = [run for run, _ in measured]
    bare_measured = [cpu_during(server, lambda: bare_query(work, NEXT_DAY))
                     for _ in range(repeat)]
    bare = [query for query, _ in bare_measured]
    b_db, bare_db = _median_cpu(measured), _median_cpu(bare_measured)
    b, b_memory = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    bare_wall, rows = statistics.median(w for w, _, _ in bare), bare[0][1]
    b_cpu, bare_cpu = statistics.median(r[5] for r in runs), statistics.median(c for *_, c in bare)
    print(f"(b) steady-state daily run, {NEXT_DAY}: {b:.3f} s ({b_cpu:.3f} s CPU"
          f"{_database_cpu(b_db)}; median of {repeat}), "
          f"peak memory {b_memory:.0f} MB; would post {runs[0][3]:,}, already sent "
          f"{runs[0][4]:,}")
    cpu_ratio = (b_cpu + (b_db or 0.0)) / (bare_cpu + (bare_db or 0.0))
    print(f"    the same query, bare: {bare_wall:.3f} s ({bare_cpu:.3f} s CPU"
          f"{_database_cpu(bare_db)}) for {rows:,} "
          f"rows; ratio (b) / bare = {b / bare_wall:.2f}x ({cpu_ratio:.2f}x in CPU"
          f"{', the database server included' if b_db is not None else ''})")
    checks = [("(a) < 30 s", a[0] < TARGETS["a"]), ("(b) < 1 s", b < TARGETS["b"]),
              ("peak memory < 500 MB", max(a[1], b_memory) < TARGETS["memory_mb"]),
              ("ratio <= 5x", b / bare_wall <= TARGETS["ratio"])]
    print("targets: " + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in checks))
    print(f"machine speed at the end: 20 million Python steps in {probe_seconds():.2f} s of CPU")


def _database_cpu(seconds: float | None) -> str:
    return "" if seconds is None else f", database server {seconds:.3f} s CPU"


def _median_cpu(measured: Sequence[tuple[object, float | None]]) -> float | None:
    seconds = [cpu for _, cpu in measured if cpu is not None]
    return statistics.median(seconds) if seconds else None


if __name__ == "__main__":
    main()
