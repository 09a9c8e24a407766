"""The worker (``safecomm worker``): one APScheduler process running every job on its schedule.

Rules:
- Times are local (SAFECOMM_TIMEZONE, default Europe/London); jobs run Monday to Friday and
  never on an England and Wales bank holiday (models.working_days) — the trigger itself skips
  those days. A weekly job runs on the week's first working day.
- One job at a time (a single worker thread); a run missed while the process was down by less
  than an hour still runs once on start; longer gaps are caught up by the next run, since every
  job reports whatever was crossed since it last reported.
- SIGTERM (or Ctrl-C) stops cleanly, whenever it comes (even while the scheduler is still
  starting): no new job starts, the running one stops between two posts, and the process
  exits 0.
- One failing run is logged and does not stop the worker.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from types import FrameType
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient

from jobs.context import JobContext
from jobs.notices import unset_bscp_channel_note
from jobs.registry import Job, all_jobs
from models.runtime import Runtime
from models.settings import MissingSettingError
from models.working_days import is_first_working_day_of_week, is_working_day

logger = logging.getLogger(__name__)
MISFIRE_GRACE_SECONDS = 3600


class WorkingDayTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3 is untyped
    """Fires at ``hour:minute`` local time on working days (or the week's first one)."""

    def __init__(self, *, hour: int, minute: int, timezone: ZoneInfo, weekly: bool = False):
        self.cron = CronTrigger(day_of_week="mon-fri", hour=hour, minute=minute,
                                timezone=timezone)
        self.weekly = weekly

    def runs_on(self, day: date) -> bool:
        return is_first_working_day_of_week(day) if self.weekly else is_working_day(day)

    def get_next_fire_time(self, previous_fire_time: datetime | None,
                           now: datetime) -> datetime | None:
        fire: datetime | None = self.cron.get_next_fire_time(previous_fire_time, now)
        for _ in range(400):
            if fire is None or self.runs_on(fire.date()):
                return fire
            fire = self.cron.get_next_fire_time(fire, fire + timedelta(seconds=1))
        return None

    def __str__(self) -> str:
        return f"{'weekly' if self.weekly else 'working days'} {self.cron}"


def build_scheduler(timezone: ZoneInfo, run: Callable[[str], None],
                    jobs: dict[str, Job] | None = None) -> BackgroundScheduler:
    """A scheduler calling ``run(job name)`` for every job at its time, one at a time."""
    scheduler = BackgroundScheduler(
        timezone=timezone, executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": MISFIRE_GRACE_SECONDS})
    for job in (jobs or all_jobs()).values():
        trigger = WorkingDayTrigger(hour=job.hour, minute=job.minute, timezone=timezone,
                                    weekly=job.weekly)
        scheduler.add_job(run, trigger, args=[job.name], id=job.name, name=job.name)
    return scheduler


def run_worker(runtime: Runtime, client: WebClient, *,
               echo: Callable[[str], None] = print) -> None:
    """Run the scheduler until SIGTERM or SIGINT (see the module's rules)."""
    jobs, stop, running = all_jobs(), threading.Event(), threading.Lock()

    def run(name: str) -> None:
        with running:
            if stop.is_set():
                return
            ctx = JobContext(engine=runtime.engine, settings=runtime.settings,
                             today=runtime.today(), client=client, echo=logger.info, stop=stop)
            try:
                summary = jobs[name].run(ctx)
            except MissingSettingError as error:  # e.g. status checks not set up: one line
                logger.warning("job %s not run for %s: %s", name, ctx.today, error)
                return
            except Exception:
                logger.exception("job %s failed for %s", name, ctx.today)
                return
            if summary is not None:
                echo(f"{name} {ctx.today}: {summary.line()}")

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        echo(f"worker: {signal.Signals(signum).name}: stopping after the current post")
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    scheduler = build_scheduler(runtime.settings.zone, run, jobs)
    scheduler.start()
    echo(f"worker: started ({runtime.settings.timezone}); " + "; ".join(
        f"{job.name} {job.hour:02d}:{job.minute:02d}{' weekly' if job.weekly else ''}"
        for job in jobs.values()) + unset_bscp_channel_note(runtime.settings.bscp_channel))
    while not stop.wait(1):
        pass
    scheduler.shutdown(wait=False)
    with running:  # the job in progress, if any, has stopped between two posts
        echo("worker: stopped")
