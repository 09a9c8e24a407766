"""The retention job: delete DBS records past their retention period (models.retention):
``SAFECOMM_RETENTION_MONTHS`` (default 6) after the person left or the contract ended.

It posts nothing; it prints its own result (so it returns no RunSummary). A dry run lists
what would be deleted and writes nothing.
"""

from __future__ import annotations

from jobs.context import JobContext
from models.db import session_scope
from models.retention import delete_expired, describe_expired, expired_records
from models.words import plural


def run_once(ctx: JobContext) -> None:
    """Delete (or, in a dry run, list) the expired records."""
    months = ctx.settings.retention_months
    with session_scope(ctx.engine) as session:
        if ctx.dry_run:
            expired = expired_records(session, today=ctx.today, months=months)
            for item in expired:
                ctx.echo(f"would delete {describe_expired(item, months)}")
            ctx.echo(f"retention: {plural(len(expired), 'record')} would be deleted (dry run, "
                     "nothing written)")
            return
        count = delete_expired(session, today=ctx.today, now=ctx.clock(), actor="job:retention",
                               months=months)
    ctx.echo(f"retention: {plural(count, 'record')} deleted")
