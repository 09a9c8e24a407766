"""Time `safecomm import` at scale: 200,000 staff over 2,000 contracts, on SQLite.

    .venv/bin/python -m benchmarks.import_bench [--staff 200000] [--contracts 2000]
        [--providers 200] [--database sqlite:///…] [--out DIR]

Writes invented SPEC import files (benchmarks.datagen.write_csv), migrates a fresh database,
then runs the real command line — `safecomm import providers|contracts|staff FILE` — once
each, the staff file a second time (the no-op re-import), and `export dbs` and
`export status`. Each command is its own process, so its wall time and peak memory (the
child's ru_maxrss, from os.wait4) are what a user would see; its CPU time counts its worker
processes too. Targets: staff
import under 15 s and under 500 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from cryptography.fernet import Fernet

from benchmarks.datagen import write_csv
from models.db import make_engine
from models.migrate import upgrade

TARGET_SECONDS, TARGET_MB = 15.0, 500.0
TODAY = date(2026, 11, 25)


def run_safecomm(args: list[str], env: dict) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak MB, last line of output) of one `safecomm …` process
    (its CPU time includes its worker processes')."""
    command = [sys.executable, "-c", "from safecomm.cli import main; main()", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"{' '.join(args)} failed:\n{err.read().decode()}")
        lines = out.read().decode().strip().splitlines()
        cpu = usage.ru_utime + usage.ru_stime
        return seconds, cpu, usage.ru_maxrss / 1024, (lines or [""])[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=200)
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--staff", type=int, default=200_000)
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database (default: a "
                        "temporary SQLite file)")
    parser.add_argument("--out", type=Path, help="where to write the CSV files (kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="safecomm-import-bench-") as work:
        run(args, Path(work))


def run(args: argparse.Namespace, work: Path) -> None:
    out = args.out or work
    url = args.database or f"sqlite:///{work / 'bench.db'}"
    started = time.perf_counter()
    paths = write_csv(out, providers=args.providers, contracts=args.contracts,
                      staff=args.staff, today=TODAY)
    print(f"wrote {args.staff:,} staff over {args.contracts:,} contracts "
          f"in {time.perf_counter() - started:.1f} s ({paths['staff'].stat().st_size >> 20} MB)")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    env = {**os.environ, "DATABASE_URL": url,
           "SAFECOMM_ENCRYPTION_KEY": Fernet.generate_key().decode()}
    results = {}
    steps: list[tuple[str, list[object]]] = [
        ("import providers", ["import", "providers", paths["providers"]]),
        ("import contracts", ["import", "contracts", paths["contracts"]]),
        ("import staff", ["import", "staff", paths["staff"]]),
        ("re-import staff", ["import", "staff", paths["staff"]]),
        ("export dbs", ["export", "dbs", "--today", TODAY.isoformat()]),
        ("export status", ["export", "status", "--today", TODAY.isoformat()])]
    for label, command in steps:
        seconds, cpu, peak, last = run_safecomm([str(arg) for arg in command], env)
        results[label] = (seconds, peak)
        shown = last if label.startswith(("import", "re-import")) else "(CSV not shown)"
        print(f"{label:<18} {seconds:6.1f} s  cpu {cpu:6.1f} s  peak {peak:6.0f} MB   {shown}")
    seconds, peak = results["import staff"]
    verdict = "met" if seconds < TARGET_SECONDS and peak < TARGET_MB else "NOT met"
    print(f"target (staff import < {TARGET_SECONDS:.0f} s, < {TARGET_MB:.0f} MB): {verdict} "
          f"(load average {os.getloadavg()[0]:.1f}: time it on an idle machine)")


if __name__ == "__main__":
    main()
