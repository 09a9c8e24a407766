"""``safecomm demo``: the bot at work on a fresh machine, with no Slack and no network.

1. (Re)builds a SQLite database of invented data (safecomm.demo_data) as of a working day,
   with its own encryption key in a file only its owner can read, and eleven weeks of
   invented weekly snapshots (safecomm.demo_history) for the summary's trend chart;
2. runs every job of jobs.registry once, in dry run, printing each message as its recipient
   would read it (bot.render, the renderer ``--dry-run`` and ``chat`` share) under a line
   naming who gets it — Slack IDs shown as Slack shows them (``@Priya Shah``, ``#channel``);
   status checks go to a local stand-in for the DBS Update Service on 127.0.0.1
   (safecomm.demo_update_service says how it answers), so nothing leaves the machine;
3. ends with a one-screen partnership summary (safecomm.demo_report).
A day that is not a working day (the worker posts nothing then) moves to the next one.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from jobs.context import JobContext
from jobs.registry import Job, all_jobs
from models.crypto import CertificateCipher
from models.db import make_engine, session_scope
from models.migrate import upgrade
from models.settings import Settings, load_settings
from models.words import weekday
from models.working_days import next_working_day
from safecomm.dbs_standin import DbsStandIn
from safecomm.demo_data import seed_demo
from safecomm.demo_history import invent_snapshot_history
from safecomm.demo_people import BSCP_CHANNEL, directory
from safecomm.demo_report import partnership_screen
from safecomm.demo_update_service import CHECKER, ORGANISATION, seed_update_service

Echo = Callable[[str], None]
DEMO_ID = re.compile(r"[@#]?\b((?:U0DEMO|C0DEMO)[A-Z0-9]+)\b")
RULE = "═" * 78


def demo_key(path: Path) -> str:
    """The demo's own encryption key, in a file only its owner can read (made on first use;
    a file others could read is made private again)."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(CertificateCipher.new_key())
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        path.chmod(0o600)
    return path.read_text().strip()


def as_slack_shows(echo: Echo) -> Echo:
    """``echo`` with demo Slack IDs replaced by the names Slack would show for them."""
    names = {key: shown for key, (shown, _who) in directory().items()}
    return lambda text: echo(DEMO_ID.sub(lambda m: names.get(m.group(1), m.group(0)), text))


def run_demo(*, database: str, today: date, echo: Echo) -> None:
    """Rebuild ``database`` as of ``today`` (or the next working day) and show every job."""
    day = next_working_day(today)
    if day != today:
        echo(f"{weekday(today)} is not a working day (the worker posts nothing then): "
             f"the demo runs as of {weekday(day)}.\n")
    db_path = Path(database)
    if not db_path.parent.is_dir():
        from safecomm.cli import fail

        fail(f"--database: there is no folder {db_path.parent} to build {db_path.name} in")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    key_path = db_path.with_suffix(".key")
    made = not key_path.exists()
    key = demo_key(key_path)
    echo(f"Encryption key for DBS certificate numbers: {key_path} ({'made now' if made else 'kept'}"
         ", readable only by you).")
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            built = seed_demo(session, today=day, cipher=CertificateCipher(key))
            answers = seed_update_service(session, today=day, cipher=CertificateCipher(key))
        invent_snapshot_history(engine, today=day)
        echo(f"Built {db_path} with invented data as of {weekday(day)}: {built.providers} "
             f"providers, {built.contracts} contracts, {built.staff} staff, {built.meetings} "
             f"monitoring meetings, {built.checks} thematic checks, {built.assessments} "
             f"self-assessments, {built.briefings} briefings.")
        echo("Every job now runs once as of that day, in dry run: nothing is sent, nothing is "
             "written. Each message is shown as its recipient would read it. DBS Update Service "
             "status checks go to a local stand-in for the DBS on 127.0.0.1.\n")
        with DbsStandIn(record=False) as dbs:
            for certificate, answer in answers.items():
                dbs.answer(certificate, answer)
            settings = demo_settings(db_path, key, dbs_api_url=dbs.api_url)
            for number, job in enumerate(all_jobs().values(), start=1):
                run_job(job, number, engine, settings, day, echo)
        with Session(engine) as session:
            for line in partnership_screen(session, today=day, database=database):
                echo(line)
    finally:
        engine.dispose()


def demo_settings(db_path: Path, key: str, *, dbs_api_url: str) -> Settings:
    """The demo's settings: its database and key, a BSCP channel, status checks against the
    local DBS stand-in; no Slack token needed."""
    return load_settings(database_url=f"sqlite:///{db_path}", encryption_key=key,
                         bscp_channel=BSCP_CHANNEL[0], timezone="Europe/London",
                         dbs_api_url=dbs_api_url, dbs_organisation=ORGANISATION,
                         dbs_checker=CHECKER, dbs_terms_agreed="yes")


def run_job(job: Job, number: int, engine: Engine, settings: Settings, day: date,
            echo: Echo) -> None:
    """One job in dry run (no Slack client: nothing can be sent), under a heading."""
    when = "on each week's first working day" if job.weekly else "every working day"
    echo(RULE)
    echo(f"Job {number}: {job.name} — {job.help}")
    echo(f"(the worker runs it at {job.hour:02d}:{job.minute:02d} {when})")
    echo(RULE)
    ctx = JobContext(engine=engine, settings=settings, today=day, dry_run=True,
                     echo=as_slack_shows(echo))
    summary = job.run(ctx)
    if summary is not None:
        echo(summary.line(dry_run=True))
    echo("")
