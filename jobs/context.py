"""What one run of a job is given, and what it reports.

Every job is ``run_once(ctx: JobContext) -> RunSummary | None`` (None: the job printed its
own result). Whoever starts a run builds the context: the command line (``safecomm run``), the
worker, the demo, the benchmarks and the tests. A context is for one run: its summary counts
that run's messages.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import Engine

from models.settings import Settings
from models.types import utcnow


@dataclass
class RunSummary:
    posted: int = 0
    already_sent: int = 0
    failed: int = 0
    stopped: bool = False

    def line(self, *, dry_run: bool = False) -> str:
        if dry_run:
            return (f"dry run: would post {self.posted}, already sent {self.already_sent}, "
                    f"failed {self.failed} (nothing sent, nothing written)")
        return f"posted {self.posted}, already sent {self.already_sent}, failed {self.failed}"


@dataclass
class JobContext:
    """One run: as of ``today``, posting with ``client`` (None: a dry run, or a job that posts
    nothing), stopping between two posts once ``stop`` is set; ``clock`` is "now" (UTC)."""

    engine: Engine
    settings: Settings
    today: date
    client: WebClient | None = None
    dry_run: bool = False
    echo: Callable[[str], None] = print
    stop: threading.Event | None = None
    clock: Callable[[], datetime] = utcnow
    summary: RunSummary = field(default_factory=RunSummary)
    halted: bool = False  # the run cannot go on (a broken token)

    @property
    def stale_after(self) -> timedelta:
        """How old a claim must be before this run may take it over (models.ledger)."""
        return timedelta(seconds=self.settings.stale_claim_seconds)

    def stopping(self) -> bool:
        return self.halted or (self.stop is not None and self.stop.is_set())


RunOnce = Callable[[JobContext], RunSummary | None]  # a job
