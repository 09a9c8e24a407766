"""CPU time of other processes (a server under benchmark, the database server), from Linux's
/proc. Anything unreadable (another OS, another machine's database) gives None, never an error.
And the machine's speed at the moment (:func:`probe_seconds`), to print beside the figures.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.db import make_engine

LOCAL_HOSTS = (None, "", "localhost", "127.0.0.1", "::1")
T = TypeVar("T")


def process_tree_cpu_seconds(pid: int) -> float | None:
    """User and system CPU time used so far by ``pid`` and all its descendants: the living
    ones, and those that ended and were waited for (a server's finished sessions)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime (14 to 17)
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, IndexError, ValueError):
        return None
    total = ticks / os.sysconf("SC_CLK_TCK")
    for child in children:
        total += process_tree_cpu_seconds(int(child)) or 0.0
    return total


def database_server_pid(url: str) -> int | None:
    """The PostgreSQL server's main process when it runs on this machine; None otherwise
    (SQLite runs inside the application's own processes)."""
    where = make_url(url)
    if where.get_backend_name() != "postgresql" or where.host not in LOCAL_HOSTS:
        return None
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            stat = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        postmaster = int(stat[1])  # the backend's parent
        if "postgres" not in Path(f"/proc/{postmaster}/cmdline").read_text():
            return None
        return postmaster
    except (OSError, IndexError, ValueError):
        return None
    finally:
        engine.dispose()


def cpu_during(pid: int | None, call: Callable[[], T]) -> tuple[T, float | None]:
    """``call()``'s result and the CPU time process ``pid``'s tree used meanwhile (None when
    there is no such process to watch)."""
    before = None if pid is None else process_tree_cpu_seconds(pid)
    result = call()
    after = None if pid is None else process_tree_cpu_seconds(pid)
    return result, None if before is None or after is None else after - before


class CpuMeter:
    """CPU time the server processes used over the counted requests (wall clock includes
    the machine's other load; this does not)."""

    def __init__(self, pids: dict[str, int | None]) -> None:
        self.pids = {name: pid for name, pid in pids.items() if pid is not None}
        self.started: dict[str, float | None] = {}

    def start(self) -> None:
        self.started = {name: process_tree_cpu_seconds(pid) for name, pid in self.pids.items()}

    def stop(self, requests: int) -> None:
        for name, pid in self.pids.items():
            before, after = self.started.get(name), process_tree_cpu_seconds(pid)
            if before is not None and after is not None:
                print(f"{name} CPU: {after - before:.1f} s for {requests} requests "
                      f"({1000 * (after - before) / requests:.1f} ms each)")


# the probe's loop, run with module-level names (as a script's loop is): about 2 s here
_PROBE = compile("total = 0\nfor step in range(20_000_000):\n    total += step & 7\n",
                 "<probe>", "exec")


def probe_seconds() -> float:
    """The CPU seconds a fixed loop of 20 million Python steps takes now: how fast this
    (shared, virtual) machine runs Python at the moment, to print beside a benchmark's figures."""
    started = time.process_time()
    exec(_PROBE, {})  # a constant loop, compiled above
    return time.process_time() - started
