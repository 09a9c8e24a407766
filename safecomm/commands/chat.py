"""``safecomm chat [--as USER] [--today DATE]``: a terminal console that sends what you type
through the real Slack app, running on this machine, and shows its replies (bot.console).

- The database is ``DATABASE_URL`` (e.g. ``sqlite:///demo.db`` after ``make demo``); it must
  exist and be migrated.
- No Slack token is needed (an invented one is used against the local stand-in); requests are
  signed with ``SLACK_SIGNING_SECRET`` or, unset, a throwaway secret made for the session.
- ``SAFECOMM_ENCRYPTION_KEY`` is needed only to save a DBS renewal; unset, a SQLite database's
  demo key beside it (``demo.key`` for ``demo.db``) is used when there is one.
- ``SAFECOMM_BSCP_CHANNEL`` unset: reports go to a stand-in channel, :data:`LOCAL_BSCP`.
- ``--as``: the Slack user ID you speak as; default the demo's admin, :data:`DEFAULT_USER`.
- ``run briefings`` runs the briefings job for real, as of the console's day, against the
  console's Slack stand-in (:func:`local_job_runner`): published briefings are posted there with
  their Acknowledge buttons, and their deliveries recorded as made — as a real run records
  them — so real Slack will not get them; on a day that is not a working day nothing is posted.
"""

from __future__ import annotations

from pathlib import Path

import typer

DEFAULT_USER = "U0DEMOADMIN"
LOCAL_BSCP = "C0BSCPLOCAL"


def chat(as_user: str = typer.Option(DEFAULT_USER, "--as", metavar="USER",
                                     help="Your Slack user ID (default: the demo's admin)."),
         today: str | None = typer.Option(None, help="Answer as of this day (YYYY-MM-DD); "
                                          "default: today.")) -> None:
    """A terminal console for the slash command: type `status NAME`, `dbs NAME`, `help`…;
    each line goes through the real Slack app on this machine. Ctrl-D leaves."""
    from bot.app import fixed_day
    from bot.console.console import Console
    from bot.console.local_app import LocalApp
    from models.roles import RoleError, check_user_id
    from models.runtime import Runtime
    from models.settings import load_settings
    from safecomm.cli import fail, parse_day

    try:
        user = check_user_id(as_user)
    except RoleError as error:
        fail(f"--as: {error}".replace("USER: ", ""), code=2)
    settings = load_settings()
    clock = fixed_day(parse_day(today)) if today else Runtime(settings=settings).today
    settings, notes = _prepared(settings)
    app = LocalApp(settings, clock=clock)
    try:
        for line in _introduction(app, user, clock(), notes):
            typer.echo(line)
        Console(app, user=user, read=_reader(), echo=typer.echo,
                run_job=local_job_runner(app, clock)).run()
    finally:
        app.close()


LOCAL_JOBS = ("briefings",)


def local_job_runner(app, clock):
    """``run JOB`` in the console: one of :data:`LOCAL_JOBS`, once, for real, as of the
    console's day (``clock``), posting to the console's stand-in; the lines to show."""
    from bot.slack_client import make_web_client
    from jobs.context import JobContext
    from jobs.registry import all_jobs
    from models.words import weekday
    from models.working_days import is_working_day

    def run(name: str) -> list[str]:
        if name not in LOCAL_JOBS:
            return [f"Only {', '.join(f'`run {n}`' for n in LOCAL_JOBS)} runs in this "
                    f"console (`safecomm run {name}` runs the job against Slack)."]
        day = clock()
        if not is_working_day(day):
            return [f"{weekday(day)} is not a working day: the {name} job posts nothing today."]
        runtime, lines = app.wsgi.runtime, list[str]()
        ctx = JobContext(engine=runtime.engine, settings=app.settings, today=day,
                         client=make_web_client(app.settings), echo=lines.append,
                         clock=runtime.clock_on(day))
        summary = all_jobs()[name].run(ctx)
        done = summary.line() if summary is not None else "done"
        return [f"({name} job, as of {weekday(day)}, into this console's stand-in Slack: "
                f"{done})", *[line for line in lines if line.startswith("failed")]]

    return run


def _prepared(settings):
    """The settings checked (a database to talk to) and completed for a local session."""
    from pydantic import SecretStr
    from sqlalchemy import make_url

    from models.db import make_engine
    from models.migrate import current_revision, head_revision
    from safecomm.cli import fail

    url = make_url(settings.database_url)
    shown = url.render_as_string(hide_password=True)
    notes: list[str] = []
    update: dict[str, object] = {}
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        if not path.exists():
            fail(f"DATABASE_URL: no database at {path}; run `make demo` first (then "
                 f"DATABASE_URL=sqlite:///demo.db safecomm chat), or `safecomm db upgrade`")
        key = path.with_suffix(".key")
        if settings.encryption_key is None and key.exists():
            update["encryption_key"] = SecretStr(key.read_text().strip())
            notes.append(f"using the demo's encryption key in {key}")
    engine = make_engine(settings.database_url)
    try:
        current, head = current_revision(engine), head_revision(engine)
    finally:
        engine.dispose()
    if current != head:
        fail(f"DATABASE_URL: {shown} is not migrated (revision {current or 'none'}, head "
             f"{head}); run `safecomm db upgrade`")
    if settings.encryption_key is None and "encryption_key" not in update:
        notes.append("SAFECOMM_ENCRYPTION_KEY is not set: a DBS renewal cannot be saved")
    if not settings.bscp_channel:
        update["bscp_channel"] = LOCAL_BSCP
    return settings.model_copy(update=update), [f"database {shown}", *notes]


def _introduction(app, user: str, day, notes: list[str]) -> list[str]:
    from bot.builders.help import INVENTED
    from models.lookup import examples
    from models.roles import is_admin
    from models.words import weekday

    with app.wsgi.runtime.session() as session:
        admin = is_admin(session, user)
        found = examples(session)
    provider, contract = found.provider or INVENTED.provider, found.contract or INVENTED.contract
    command = app.settings.command
    who = f"{user} (an admin)" if admin else user
    lines = ["safecomm chat: the Slack app, running on this machine; nothing reaches Slack.",
             f"{'; '.join(notes)}; as of {weekday(day)}; you are {who}.",
             f"Type what you would type after {command}: status {provider} · dbs {contract} · "
             f"meeting {contract} · due · help",
             "`home` opens your App Home; a button's number presses it; `run briefings` posts "
             "published briefings here; quit or Ctrl-D leaves."]
    if not admin and user == DEFAULT_USER:
        lines.append(f"({user} is not an admin here: `safecomm users grant {user} admin`, or "
                     "use --as with a contract manager's ID.)")
    return lines + [""]


def _reader():
    """``input``, with line editing and history at a terminal; from a file or a pipe, each
    line read is shown after its prompt, so the screen reads as a conversation."""
    import sys

    if not sys.stdin.isatty():
        def read(prompt: str) -> str:
            line = input(prompt)
            typer.echo(line)
            return line

        return read
    try:
        import readline  # noqa: F401 - input() gains editing and history
    except ImportError:
        pass
    return input


def register(app: typer.Typer) -> None:
    app.command()(chat)
