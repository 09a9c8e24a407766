"""How fast does ``safecomm serve`` answer ``status`` with 1,000,000 staff in the database?

    .venv/bin/python -m benchmarks.status_bench [--requests 500] [--database-url URL]

Builds (once, cached under /tmp, shared with the other benchmarks that use the same
parameters) a SQLite database of 1,000 providers, 10,000 contracts and 1,000,000 staff;
starts ``safecomm serve`` (gunicorn, production defaults) against it and a local Slack
stand-in; sends Slack-signed ``status <contract reference>``, ``status <provider name>`` and
``help`` commands over HTTP, interleaved, one at a time; and prints p50/p99 latency of each:
- ack: until the server answers the HTTP request (what Slack's 3-second limit is about);
- reply: until the reply reaches the command's ``response_url`` (what the person waits for).
Targets: status's ack p99 under 100 ms, and within 2× of help's.

With ``--database-url URL`` (SQLite or PostgreSQL, e.g.
``postgresql+psycopg://user@host/safecomm_bench``) the same data is generated into that
database instead, once (it must be empty the first time; a marker table remembers what was
generated and the key of its certificate numbers, see benchmarks/database.py), and the server
runs on it. Generating is never part of the measurements.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import text

from benchmarks.cpu import CpuMeter, database_server_pid
from models.crypto import CertificateCipher
from models.db import make_engine
from models.migrate import upgrade

BENCH_DB = Path("/tmp/safecomm-bench-1m.db")
SCALE = {"providers": 1000, "contracts": 10_000, "staff": 1_000_000}
TODAY = date(2026, 11, 25)
SEED = 1


@contextmanager
def locked(path: Path):
    """An exclusive lock beside ``path``, so two benchmarks never build the file at once."""
    with open(f"{path}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_complete(path: Path) -> bool:
    if not path.exists():
        return False
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            counts = [connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                      for table in ("providers", "contracts", "staff")]
        return counts == [SCALE["providers"], SCALE["contracts"], SCALE["staff"]]
    except Exception:  # noqa: BLE001 - anything unreadable is rebuilt
        return False
    finally:
        engine.dispose()


def ensure_database(path: Path = BENCH_DB) -> Path:
    """The cached database, built into a temporary file and renamed when complete; brought
    up to the current migrations when it was built by an older checkout."""
    from benchmarks.datagen import load_into

    with locked(path):
        if not is_complete(path) or not bench_key_file(path).exists():
            partial = Path(f"{path}.partial")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{partial}{suffix}").unlink(missing_ok=True)
            print(f"building {path} ({SCALE['staff']:,} staff; once)…", flush=True)
            started = time.perf_counter()
            engine = make_engine(f"sqlite:///{partial}")
            upgrade(engine)
            key = Fernet.generate_key().decode()
            load_into(engine, **SCALE, today=TODAY, seed=SEED, cipher=CertificateCipher(key))
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            os.replace(partial, path)
            bench_key_file(path).write_text(key)  # serve checks it reads what is stored
            print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
    return path


def bench_key_file(path: Path) -> Path:
    """The key the cached database's certificate numbers are encrypted with, beside it."""
    return Path(f"{path}.key")


def sample_names(url: str, count: int) -> tuple[list[str], list[str]]:
    engine = make_engine(url)
    with engine.connect() as connection:
        references = [r for (r,) in connection.execute(text("SELECT reference FROM contracts"))]
        providers = [n for (n,) in connection.execute(text("SELECT name FROM providers"))]
    engine.dispose()
    rng = random.Random(SEED)
    return rng.choices(references, k=count), rng.choices(providers, k=count)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def prepare(database_url: str | None) -> tuple[str, str]:
    """The database's URL, generated if need be, and its encryption key."""
    from benchmarks.database import Dataset, ensure_generated, server_cache, shown

    if database_url:
        key = ensure_generated(database_url, Dataset(**SCALE, day=TODAY, seed=SEED))
    else:
        path = ensure_database()
        database_url, key = f"sqlite:///{path}", bench_key_file(path).read_text().strip()
    print(f"database: {shown(database_url)}", flush=True)
    if cache := server_cache(database_url):
        print(f"    {cache}", flush=True)
    return database_url, key


def run(requests: int, workers: int, threads: int,
        database_url: str | None = None) -> dict[str, dict[str, list[float]]]:
    """Start the server, send the commands (a warm-up first), and collect the timings."""
    from bot.standin import SlackStandIn
    from tests.bot.conftest import SIGNING_SECRET, server_env, start_server, stop_server
    from tests.bot.slackhttp import SlackSender, wait_for

    database, key = prepare(database_url)
    references, providers = sample_names(database, requests)
    jobs = [job for i in range(requests) for job in (
        ("help", "help"), ("status contract", f"status {references[i]}"),
        ("status provider", f"status {providers[i]}"))]
    slack = SlackStandIn().start()
    folder = Path(tempfile.mkdtemp(prefix="safecomm-status-bench-"))
    env = server_env(database, slack, key)
    process, url, _log = start_server(env, folder, workers=workers, threads=threads,
                                      today=TODAY)
    sender = SlackSender(url, SIGNING_SECRET)
    cpu = CpuMeter({"safecomm serve": process.pid,
                    "database server": database_server_pid(database)})
    try:
        wait_for(lambda: sender.get("/healthz").status == 200, timeout=30, what="healthz")
        for n, (_kind, command) in enumerate(jobs[:60]):  # warm-up: not counted
            _send(sender, slack, f"warm{n}", command)
        cpu.start()
        sent = [(f"r{n}", kind, *_send(sender, slack, f"r{n}", command))
                for n, (kind, command) in enumerate(jobs)]
        timings: dict[str, dict[str, list[float]]] = {
            kind: {"ack": [], "reply": []} for kind, _ in jobs[:3]}
        for name, kind, started, ack in sent:
            [reply] = wait_for(lambda name=name: slack.calls_to(f"response:{name}"),
                               timeout=60, what=f"reply {name}")
            timings[kind]["ack"].append(ack)
            timings[kind]["reply"].append(reply.at - started)
        cpu.stop(len(jobs))
    finally:
        sender.close()
        stop_server(process)
        slack.stop()
    return timings


def _send(sender, slack, name: str, command_text: str) -> tuple[float, float]:
    """Send one signed command; (when it was sent, seconds until the HTTP answer)."""
    started = time.monotonic()
    answer = sender.command(command_text, user="U0BENCH", response_url=slack.response_url(name))
    if answer.status != 200:
        raise SystemExit(f"{command_text!r}: HTTP {answer.status}")
    return started, answer.seconds


def report(timings: dict[str, dict[str, list[float]]]) -> bool:
    print(f"\n{'request':<17}{'n':>6}{'ack p50':>10}{'ack p99':>10}"
          f"{'reply p50':>12}{'reply p99':>12}   (milliseconds)")
    for kind, values in timings.items():
        ack, reply = values["ack"], values["reply"]
        print(f"{kind:<17}{len(ack):>6}{1000 * statistics.median(ack):>10.1f}"
              f"{1000 * percentile(ack, 0.99):>10.1f}{1000 * statistics.median(reply):>12.1f}"
              f"{1000 * percentile(reply, 0.99):>12.1f}")
    help_p99 = percentile(timings["help"]["ack"], 0.99)
    ok = True
    for kind in ("status contract", "status provider"):
        p99 = percentile(timings[kind]["ack"], 0.99)
        under, within = p99 < 0.100, p99 <= 2 * help_p99
        ok = ok and under and within
        print(f"{kind}: ack p99 {1000 * p99:.1f} ms — under 100 ms: "
              f"{'yes' if under else 'NO'}; {p99 / help_p99:.2f}× help's p99 "
              f"(target ≤ 2×): {'yes' if within else 'NO'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="per kind of request")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", help="SQLite or PostgreSQL URL of the database to "
                        "generate into once and serve from (default: a cached SQLite file)")
    args = parser.parse_args()
    ok = report(run(args.requests, args.workers, args.threads, args.database_url))
    print("load average (1, 5, 15 min) at the end: "
          + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
