"""Every job the command line can run (``safecomm run NAME``) and the worker schedules.

A job is ``run_once(ctx: JobContext) -> RunSummary | None`` (jobs.context; None when it
prints its own result). Its schedule: the local time (SAFECOMM_TIMEZONE) on working days, or
only on each week's first working day.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobs import (
    briefings,
    dbs_reminders,
    dbs_status_checks,
    due_reminders,
    retention,
    summary,
)
from jobs.context import RunOnce


@dataclass(frozen=True)
class Job:
    name: str
    help: str
    run: RunOnce
    hour: int
    minute: int = 0
    weekly: bool = False  # only on the first working day of the week
    posts: bool = True  # needs Slack (SLACK_BOT_TOKEN) when run for real


def all_jobs() -> dict[str, Job]:
    jobs = [
        Job("dbs-reminders", "DBS re-check reminders: digests to contract managers, counts to "
            "channels, overdue counts to the BSCP channel.", dbs_reminders.run_once, 8),
        Job("dbs-status-checks", "DBS Update Service status checks of subscribed "
            "certificates (with consent); urgent alerts for new information.",
            dbs_status_checks.run_once, 7, 30),
        Job("due-reminders", "Monitoring meetings, thematic checks and self-assessments "
            "coming due or overdue.", due_reminders.run_once, 8, 10),
        Job("briefings", "Post published BSCP briefings to providers' channels, chase "
            "unacknowledged ones, report the cascade.", briefings.run_once, 9),
        Job("summary", "The partnership overview for the BSCP channel (the worker: weekly).",
            summary.run_once, 8, 30, weekly=True),
        Job("retention", "Delete DBS records past their retention period "
            "(SAFECOMM_RETENTION_MONTHS after leaving or the contract's end; audited).",
            retention.run_once, 7, posts=False),
    ]
    return {job.name: job for job in jobs}
