"""Every job the command line can run (``safecomm run NAME``) and the worker schedules.

A job is called as ``run(engine, client, today=…, settings=…, dry_run=…, echo=…, stop=…)``
and returns a jobs.outbox.RunSummary (or None when it prints its own result). Its schedule:
the local time (SAFECOMM_TIMEZONE) on working days, or only on each week's first working day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Job:
    name: str
    help: str
    target: str  # "module:function", imported when first run
    hour: int
    minute: int = 0
    weekly: bool = False  # only on the first working day of the week
    posts: bool = True  # needs Slack (SLACK_BOT_TOKEN) when run for real

    @property
    def run(self) -> Callable:
        module, _, function = self.target.partition(":")
        return getattr(import_module(module), function)


def run_retention(engine, client, *, today, settings, dry_run=False, echo=print, stop=None,
                  **_ignored):
    """The retention job: records kept ``SAFECOMM_RETENTION_MONTHS`` (default 6) months."""
    from jobs.retention import run_retention
    from models.runtime import Runtime

    runtime = Runtime(settings=settings)
    try:
        run_retention(runtime, today=today, dry_run=dry_run, echo=echo,
                      months=settings.retention_months)
    finally:
        runtime.close()


def all_jobs() -> dict[str, Job]:
    jobs = [
        Job("dbs-reminders", "DBS re-check reminders: digests to contract managers, counts to "
            "channels, overdue counts to the BSCP channel.", "jobs.dbs_reminders:run_once", 8),
        Job("dbs-status-checks", "DBS Update Service status checks of subscribed "
            "certificates (with consent); urgent alerts for new information.",
            "jobs.dbs_status_checks:run_once", 7, 30),
        Job("due-reminders", "Monitoring meetings, thematic checks and self-assessments "
            "coming due or overdue.", "jobs.due_reminders:run_once", 8, 10),
        Job("briefings", "Post published BSCP briefings to providers' channels, chase "
            "unacknowledged ones, report the cascade.", "jobs.briefings:run_once", 9),
        Job("summary", "The partnership overview for the BSCP channel (the worker: weekly).",
            "jobs.summary:run_once", 8, 30, weekly=True),
        Job("retention", "Delete DBS records past their retention period "
            "(SAFECOMM_RETENTION_MONTHS after leaving or the contract's end; audited).",
            "jobs.registry:run_retention", 7, posts=False),
    ]
    return {job.name: job for job in jobs}
