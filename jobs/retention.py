"""The retention job: delete DBS records past their retention period (see models.retention)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from models.retention import RETENTION_MONTHS, delete_expired, describe_expired, expired_records
from models.runtime import Runtime
from models.words import plural


def run_retention(runtime: Runtime, *, today: date, dry_run: bool = False,
                  months: int = RETENTION_MONTHS, now: datetime | None = None,
                  echo: Callable[[str], None] = print) -> int:
    """Delete (or, in dry-run, list) the expired records; returns how many."""
    with runtime.session() as session:
        if dry_run:
            expired = expired_records(session, today=today, months=months)
            for item in expired:
                echo(f"would delete {describe_expired(item, months)}")
            echo(f"retention: {plural(len(expired), 'record')} would be deleted (dry run, "
                 "nothing written)")
            return len(expired)
        count = delete_expired(session, today=today, now=now or datetime.now(UTC),
                               actor="job:retention", months=months)
    echo(f"retention: {plural(count, 'record')} deleted")
    return count
