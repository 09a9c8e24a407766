"""Benchmark of DBS Update Service status checks: 100,000 subscribed certificates against the
local DBS stand-in answering each check after 50 ms, at the default concurrency (4).

    .venv/bin/python -m benchmarks.status_checks_bench [--people 100000] [--delay 0.05]
                                                       [--concurrency 4]

Targets: the whole run within 1.2x of the least time the limits allow (people x delay /
concurrency: 1,250 s at full size), peak memory under 300 MB, and a second run the same day
sending nothing (no check, no message). The stand-in runs in a process of its own (its
memory and CPU are not the job's); Slack is the local stand-in; each run of the job is a
fresh process, so its peak memory (VmHWM) is its own. One in a thousand people has new
information and one in a thousand no match, so the alerts are part of the run. The
generated SQLite database is cached under /tmp (reruns skip generating it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path

from benchmarks.reminders_bench import CACHE, in_child, peak_memory_mb

DAY = date(2027, 3, 3)  # a Wednesday
KEY = "bench-status-checks.key"
TARGETS = {"ratio": 1.2, "memory_mb": 300.0}


def cached_database(people: int) -> tuple[Path, Path]:
    """The generated database and the stand-in's answers file (made once, then reused)."""
    path = CACHE / f"status-checks-{people}-{DAY}.db"
    answers = path.with_suffix(".answers")
    if path.exists() and answers.exists():
        return path, answers
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print(f"generating {people:,} subscribed people into {path} (once) …", flush=True)
    started = time.perf_counter()
    lines = generate(partial, people)
    answers.write_text("".join(lines), encoding="utf-8")
    partial.rename(path)
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return path, answers


def generate(path: Path, people: int) -> list[str]:
    """Providers, contracts (20 people each, 200 managers) and subscribed staff with consent,
    surname and date of birth; returns the stand-in's special answers."""
    import random

    from sqlalchemy import insert

    from models import Contract, Provider, Staff
    from models.crypto import CertificateCipher
    from models.db import make_engine
    from models.migrate import upgrade

    rng, now = random.Random(7), datetime.now(UTC)
    cipher, stamp = CertificateCipher(key()), {"created_at": now, "updated_at": now}
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    answers: list[str] = []
    with engine.begin() as connection:
        connection.execute(insert(Provider), [{"name": f"Bench Provider {n}", **stamp}
                                              for n in range(100)])
        contracts = max(1, people // 20)
        connection.execute(insert(Contract), [
            {"reference": f"BEN-{n}", "provider_id": 1 + n % 100, "start_date": date(2025, 1, 1),
             "contract_manager": f"U0BENCH{n % 200:03d}", "status": "active", **stamp}
            for n in range(contracts)])
        batch = []
        for n in range(people):
            number = f"00{n:010d}"
            born = date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
            batch.append({"contract_id": 1 + n % contracts, "staff_ref": f"S{n}",
                          "name": f"Bench Person {n}", "contact_level": "regulated",
                          "dbs_certificate_token": cipher.encrypt(number),
                          "dbs_certificate_last4": number[-4:], "surname": f"Person{n}",
                          "date_of_birth_token": cipher.encrypt(born.isoformat()),
                          "dbs_recheck_due": DAY + timedelta(days=rng.randrange(1, 1000)),
                          "update_service": True, "update_service_consent": date(2026, 6, 1),
                          **stamp})
            if n % 1000 == 500:
                answers.append(f"{number} {'NEW_INFO' if n % 2000 == 500 else 'NO_MATCH_FOUND'}\n")
            if len(batch) == 10_000 or n == people - 1:
                connection.execute(insert(Staff), batch)
                batch = []
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return answers


def key() -> str:
    """The benchmark's own encryption key (a file in the cache, made once)."""
    from models.crypto import CertificateCipher

    path = CACHE / KEY
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_text(CertificateCipher.new_key())
        path.chmod(0o600)
    return path.read_text().strip()


def _run(path: str, api_url: str, slack_url: str, concurrency: int, start_at: datetime,
         queue) -> None:
    """One real run of the job in this (child) process, its clock starting at ``start_at``
    on DAY: wall time, peak memory, summary."""
    from bot.slack_client import make_web_client
    from jobs.context import JobContext
    from jobs.dbs_status_checks import run_once
    from models.db import make_engine
    from models.settings import load_settings

    settings = load_settings(
        DATABASE_URL=f"sqlite:///{path}", SAFECOMM_ENCRYPTION_KEY=key(),
        SLACK_API_URL=slack_url, SLACK_BOT_TOKEN="xoxb-bench-invented",
        SAFECOMM_BSCP_CHANNEL="C0BSCP", SAFECOMM_DBS_API_URL=api_url,
        SAFECOMM_DBS_ORGANISATION="Bench Borough", SAFECOMM_DBS_CHECKER="Pat Checker",
        SAFECOMM_DBS_TERMS_AGREED="yes", SAFECOMM_DBS_CONCURRENCY=concurrency)
    engine, lines = make_engine(settings.database_url), list[str]()
    started = time.perf_counter()

    def clock() -> datetime:
        return start_at + timedelta(seconds=time.perf_counter() - started)

    summary = run_once(JobContext(engine=engine, settings=settings, today=DAY,
                                  client=make_web_client(settings), echo=lines.append,
                                  clock=clock))
    wall = time.perf_counter() - started
    engine.dispose()
    queue.put((wall, peak_memory_mb(), lines[-1], summary.line()))


def start_standin(delay: float, answers: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "safecomm.dbs_standin", "--delay",
                                str(delay), "--answers", str(answers)],
                               stdout=subprocess.PIPE, text=True)
    url = process.stdout.readline().strip() if process.stdout else ""
    return process, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--delay", type=float, default=0.05, help="the stand-in's answer time")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    from bot.standin import SlackStandIn

    source, answers = cached_database(args.people)
    work = CACHE / "status-checks-bench-work.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, work)
    standin, api_url = start_standin(args.delay, answers)
    slack = SlackStandIn().start()
    try:
        morning = datetime.combine(DAY, time_of_day(7, 30), UTC)
        first = in_child(_run, str(work), api_url, slack.api_url, args.concurrency, morning)
        posts = len(slack.posts())
        second = in_child(_run, str(work), api_url, slack.api_url, args.concurrency,
                          morning + timedelta(hours=6))
        posts_again = len(slack.posts()) - posts
    finally:
        slack.stop()
        standin.send_signal(2)
        served = standin.communicate(timeout=30)[0].strip()
    least = args.people * args.delay / args.concurrency
    ratio = first[0] / least if least else float("inf")
    print(f"people: {args.people:,}; the stand-in answers after {args.delay * 1000:.0f} ms; "
          f"concurrency {args.concurrency}")
    print(f"first run: {first[0]:.1f} s; least the limits allow: {least:.1f} s; ratio "
          f"{ratio:.3f}; peak memory {first[1]:.0f} MB")
    print(f"  {first[2]}\n  {first[3]}; Slack posts: {posts}")
    print(f"second run the same day: {second[0]:.1f} s, peak memory {second[1]:.0f} MB")
    print(f"  {second[2]}\n  {second[3]}; Slack posts: {posts_again}")
    print(f"stand-in: {served}")
    quiet = second[2].startswith("status checks: 0 made") and posts_again == 0
    checks = [(f"ratio <= {TARGETS['ratio']}", ratio <= TARGETS["ratio"]),
              (f"peak memory < {TARGETS['memory_mb']:.0f} MB",
               max(first[1], second[1]) < TARGETS["memory_mb"]),
              ("second run sends nothing", quiet)]
    print("targets: " + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in checks))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
