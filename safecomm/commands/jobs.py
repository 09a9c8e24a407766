"""`safecomm run JOB [--today DATE] [--dry-run]` and `safecomm worker`.

Each job of jobs.registry becomes a ``run`` sub-command. A run prints, last, one line:
``posted N, already sent M, failed K``. ``--dry-run`` prints every message as its recipient
would read it, says who would get it, and neither calls Slack nor writes to the database.

On a day that is not a working day (models.working_days) a job that posts sends nothing; a dry
run then previews the next working day's run, saying so on its first line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import typer
from typer.core import TyperGroup

TODAY = typer.Option(None, "--today", help="As of this day (YYYY-MM-DD); default: today in "
                     "SAFECOMM_TIMEZONE.")
DRY_RUN = typer.Option(False, "--dry-run", help="Print what would be posted; send and write "
                       "nothing.")


def run_job(name: str, today_text: str | None, dry_run: bool) -> None:
    from bot.slack_client import check_slack, make_web_client
    from jobs.context import JobContext
    from jobs.dbs_status_checks import DbsUnreachable
    from jobs.registry import all_jobs
    from models.runtime import Runtime
    from models.types import utcnow
    from safecomm.cli import fail, parse_day

    runtime = Runtime()
    asked = parse_day(today_text, runtime)
    job = all_jobs()[name]
    runtime.cipher  # noqa: B018 - no SAFECOMM_ENCRYPTION_KEY, or a malformed one, stops here
    today = working_day_to_run(asked, dry_run=dry_run) if job.posts else asked
    if today is None:
        runtime.close()
        return
    client = None if dry_run or not job.posts else make_web_client(runtime.settings)
    if client is not None:
        check_slack(client)
    ctx = JobContext(engine=runtime.engine, settings=runtime.settings, today=today,
                     client=client, dry_run=dry_run, echo=typer.echo,
                     clock=runtime.clock_on(today) if today_text or today != asked else utcnow)
    try:
        summary = job.run(ctx)
    except DbsUnreachable as error:
        fail(str(error))
    finally:
        runtime.close()
    if summary is not None:
        typer.echo(summary.line(dry_run=dry_run))
        if summary.failed and not (summary.posted or summary.already_sent):
            fail(f"every message failed ({summary.failed}); nothing was posted")


def working_day_to_run(day: date, *, dry_run: bool) -> date | None:
    """The day a posting job runs as of: ``day`` itself on a working day; on any other day
    nothing (a real run says it posts nothing), or, for a dry run, the next working day, whose
    run it previews (said on the first line)."""
    from models.words import weekday
    from models.working_days import is_working_day, next_working_day

    if is_working_day(day):
        return day
    if not dry_run:
        typer.echo(f"{weekday(day)} is not a working day (a weekend or an England and Wales "
                   "bank holiday): nothing is posted; the next working day's run catches up.")
        return None
    preview = next_working_day(day)
    typer.echo(f"{weekday(day)} is not a working day: showing what {weekday(preview)}'s run "
               "would send")
    return preview


def _command(name: str):
    def command(today: str | None = TODAY, dry_run: bool = DRY_RUN) -> None:
        run_job(name, today, dry_run)

    return command


def worker() -> None:
    """Run every job on its schedule (working days, SAFECOMM_TIMEZONE) until SIGTERM."""
    from bot.slack_client import check_slack, make_web_client
    from jobs.scheduler import run_worker
    from models.logs import configure_logging
    from models.runtime import Runtime

    runtime = Runtime()
    configure_logging(runtime.settings.log_level, default="INFO",
                      log_format=runtime.settings.log_format)
    runtime.cipher  # noqa: B018 - no SAFECOMM_ENCRYPTION_KEY, or a malformed one, stops here
    runtime.engine  # noqa: B018 - a database that is unreachable or behind stops here
    client = make_web_client(runtime.settings)
    check_slack(client)
    try:
        run_worker(runtime, client, echo=typer.echo)
    finally:
        runtime.close()


class JobCommands(TyperGroup):
    """``run``'s sub-commands, one per job of jobs.registry, made only when ``run`` is used:
    importing the jobs (and Slack's and the DBS service's clients) would otherwise slow every
    other command's start."""

    def list_commands(self, ctx: Any) -> list[str]:
        return _job_commands().list_commands(ctx)

    def get_command(self, ctx: Any, name: str) -> Any:
        return _job_commands().get_command(ctx, name)


def _job_commands() -> Any:
    from jobs.registry import all_jobs

    jobs = typer.Typer()
    for job in all_jobs().values():
        jobs.command(job.name, help=job.help)(_command(job.name))
    return typer.main.get_group(jobs)


def register(app: typer.Typer) -> None:
    """Add ``run`` (one sub-command per job) and ``worker`` to ``app``."""
    run_app = typer.Typer(cls=JobCommands, no_args_is_help=True,
                          help="Run one job once, as of a day.")
    app.add_typer(run_app, name="run")
    app.command("worker")(worker)
