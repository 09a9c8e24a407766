"""Benchmark of the weekly summary with its trend chart, and of an evidence pack, at scale.

    .venv/bin/python -m benchmarks.evidence_bench

(a) the weekly summary run for real (overview posted, chart drawn and uploaded through the
    ledger to a local Slack stand-in) over 1,000 providers and 10,000 contracts (100,000
    staff) with eleven earlier weekly snapshots: target under 5 s;
(b) the evidence pack (.xlsx bytes) of one provider with 100 contracts and 10,000 staff
    (with meetings, checks and two audit entries per person), in a database of ten such
    providers: target under 10 s and under 300 MB peak memory (the process's max RSS).
Each is measured in a fresh process (cold imports, its own peak memory: VmHWM). The generated
SQLite databases are cached under /tmp (reruns skip generating them, and migrate them if the
schema has moved on); (a) runs on a copy.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import shutil
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.reminders_bench import peak_memory_mb

CACHE = Path("/tmp/safecomm-bench")
DAY = date(2027, 3, 3)  # a Wednesday
TARGETS = {"summary_s": 5.0, "evidence_s": 10.0, "evidence_mb": 300.0}


def _generated(name: str, build) -> Path:
    """The cached database ``name``, made by ``build(engine)`` once (a cached one is brought
    up to the current schema first)."""
    from cryptography.fernet import Fernet

    from models.crypto import CertificateCipher
    from models.db import make_engine
    from models.migrate import upgrade

    path = CACHE / name
    if path.exists():
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print(f"generating {path} (once) …", flush=True)
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{partial}")
    upgrade(engine)
    build(engine, CertificateCipher(Fernet.generate_key().decode()))
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    partial.rename(path)
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def summary_database() -> Path:
    def build(engine, cipher) -> None:
        from sqlmodel import Session

        from benchmarks.datagen import load_into
        from jobs.summary import current_colours, store_snapshot

        load_into(engine, providers=1000, contracts=10_000, staff=100_000, today=DAY,
                  cipher=cipher)
        with Session(engine) as session:
            colours, _ = current_colours(session, today=DAY)
        for weeks_back in range(1, 12):
            store_snapshot(engine, today=DAY - timedelta(weeks=weeks_back), colours=colours)

    return _generated(f"summary-1000-10000-{DAY}.db", build)


def evidence_database() -> Path:
    def build(engine, cipher) -> None:
        from benchmarks.datagen import load_into

        load_into(engine, providers=10, contracts=1000, staff=100_000, today=DAY, cipher=cipher)
        _add_activity(engine)

    return _generated(f"evidence-10-1000-100000-{DAY}.db", build)


def _add_activity(engine) -> None:
    """Four meetings and two thematic checks per contract, two audit entries per person."""
    from sqlalchemy import insert

    from models import AuditEntry, MonitoringMeeting, ThematicCheck

    now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    with engine.begin() as connection:
        contracts = [r for (r,) in connection.exec_driver_sql("SELECT id FROM contracts")]
        connection.execute(insert(MonitoringMeeting), [
            {"contract_id": c, "held_on": DAY - timedelta(days=90 * n + 20),
             "safeguarding_discussed": n != 3, "metrics": "Referrals, allegations",
             "notes": "Invented notes", "actions": "", "recorded_by": "bench",
             "created_at": now} for c in contracts for n in range(4)])
        connection.execute(insert(ThematicCheck), [
            {"contract_id": c, "theme": "Safer recruitment", "due_on": DAY - timedelta(days=n),
             "done_on": DAY - timedelta(days=n) if n else None, "outcome": "green" if n else None,
             "findings": "Invented findings", "recorded_by": "bench", "created_at": now}
            for c in contracts for n in (0, 120)])
        staff = connection.exec_driver_sql("SELECT id, name FROM staff").all()
        connection.execute(insert(AuditEntry), [
            {"at": now, "actor": "cli:bench", "action": action, "entity": "staff",
             "entity_id": str(sid), "changes": {"name": [None, name]}, "note": ""}
            for sid, name in staff for action in ("create", "update")])


def _summary_child(path: str, queue) -> None:
    from PIL import Image

    from bot.slack_client import make_web_client
    from bot.standin import SlackStandIn
    from jobs.context import JobContext
    from jobs.summary import run_once
    from models.db import make_engine
    from models.settings import load_settings

    slack = SlackStandIn().start()
    settings = load_settings(DATABASE_URL=f"sqlite:///{path}", SLACK_API_URL=slack.api_url,
                             SLACK_BOT_TOKEN="xoxb-bench-invented",
                             SAFECOMM_BSCP_CHANNEL="C0BSCP")
    engine = make_engine(settings.database_url)
    started, cpu = time.perf_counter(), time.process_time()
    summary = run_once(JobContext(engine=engine, settings=settings, today=DAY,
                                  client=make_web_client(settings), echo=lambda _line: None))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    [upload] = slack.uploads()
    content = upload.data or b""
    with Image.open(io.BytesIO(content)) as picture:
        size = picture.size
    slack.stop()
    queue.put({"seconds": seconds, "cpu": cpu, "posted": summary.posted, "png": size,
               "png_kb": len(content) / 1024, "mb": peak_memory_mb()})


def _evidence_child(path: str, queue) -> None:
    from zoneinfo import ZoneInfo

    from sqlalchemy import func, select
    from sqlmodel import Session, col

    from bot.evidence_upload import evidence_workbook
    from models import Contract, Provider
    from models.db import make_engine

    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        provider = session.scalars(select(Provider).order_by(col(Provider.id)).limit(1)).one()
        contracts = session.scalar(select(func.count()).select_from(Contract).where(
            col(Contract.provider_id) == provider.id))
        started, cpu = time.perf_counter(), time.process_time()
        content = evidence_workbook(session, provider=provider, today=DAY,
                                    zone=ZoneInfo("Europe/London"))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    queue.put({"seconds": seconds, "cpu": cpu, "contracts": contracts,
               "xlsx_mb": len(content) / 2**20, "mb": peak_memory_mb()})


def _in_fresh_process(target, path: Path) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(str(path), queue))
    process.start()
    found = queue.get(timeout=600)
    process.join()
    return found


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    summary_db, evidence_db = summary_database(), evidence_database()
    with tempfile.TemporaryDirectory(prefix="safecomm-evidence-bench-") as folder:
        copy = Path(folder) / "summary.db"
        shutil.copyfile(summary_db, copy)
        summary = _in_fresh_process(_summary_child, copy)
    evidence = _in_fresh_process(_evidence_child, evidence_db)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; times are wall "
          "clock (and this process's CPU time)")
    print(f"(a) weekly summary + chart, 1,000 providers / 10,000 contracts: "
          f"{summary['seconds']:.2f} s (CPU {summary['cpu']:.2f} s; target < "
          f"{TARGETS['summary_s']:.0f} s); posted "
          f"{summary['posted']}, PNG {summary['png'][0]}×{summary['png'][1]} "
          f"{summary['png_kb']:.0f} KB; peak {summary['mb']:.0f} MB")
    print(f"(b) evidence pack, {evidence['contracts']} contracts / 10,000 staff: "
          f"{evidence['seconds']:.2f} s (CPU {evidence['cpu']:.2f} s; target < "
          f"{TARGETS['evidence_s']:.0f} s), peak "
          f"{evidence['mb']:.0f} MB (target < {TARGETS['evidence_mb']:.0f} MB); workbook "
          f"{evidence['xlsx_mb']:.1f} MB")
    ok = (summary["seconds"] < TARGETS["summary_s"] and evidence["seconds"] <
          TARGETS["evidence_s"] and evidence["mb"] < TARGETS["evidence_mb"])
    print("all targets met" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
