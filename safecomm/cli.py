"""``safecomm``: the command line (SPEC "Command line").

Exit status: 0 success, 1 a user error (with a message saying what and where), 2 bad usage.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NoReturn

import typer

from models.crypto import CertificateKeyError
from models.settings import MissingSettingError, load_settings

if TYPE_CHECKING:
    from models.runtime import Runtime

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Safe Commissioning Bot: the six BSCP safe-commissioning standards.")
db_app = typer.Typer(no_args_is_help=True, help="The database.")
app.add_typer(db_app, name="db")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to standard error and stop with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations (idempotent)."""
    from models.db import make_engine
    from models.migrate import upgrade

    settings = load_settings()
    before, after = upgrade(make_engine(settings.database_url))
    if before == after:
        typer.echo(f"database is up to date (revision {after})")
    else:
        typer.echo(f"database upgraded from {before or 'empty'} to revision {after}")


@app.command()
def demo(database: str = typer.Option("demo.db", help="SQLite file to (re)build."),
         today: str | None = typer.Option(None, help="As of this day (YYYY-MM-DD).")) -> None:
    """Build a demo database of invented data, run every job once in dry run (no Slack), and
    print what would be posted and the partnership's standards."""
    from safecomm.demo import run_demo

    run_demo(database=database, today=parse_day(today), echo=typer.echo)


def parse_day(text: str | None, runtime: Runtime | None = None) -> date:
    """``--today``: an ISO date, or today's date in SAFECOMM_TIMEZONE when not given."""
    if text is None:
        from models.runtime import Runtime

        return (runtime or Runtime()).today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--today: {text!r} is not a date like 2027-04-03", code=2)


def _register_commands() -> None:
    from safecomm.commands import admin, briefings, chat, data, jobs, keys, slack

    for module in (data, jobs, slack, chat, admin, briefings, keys):
        module.register(app)


_register_commands()


def log_level_setting() -> str | None:
    """SAFECOMM_LOG_LEVEL, or None (a settings error is the command's to report)."""
    from pydantic import ValidationError

    try:
        return load_settings().log_level
    except ValidationError:
        return None


def main() -> None:
    """Every command: logging set up without personal data (models.logs), and a missing or
    unusable setting reported in one line (exit 1), never its value."""
    from pydantic import ValidationError

    from models.logs import LogLevelError, configure_logging

    try:
        configure_logging(log_level_setting())
        app()
    except (MissingSettingError, CertificateKeyError, LogLevelError) as error:
        typer.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "a setting"
        message = first["msg"].removeprefix("Value error, ")
        typer.echo(f"error: {where}: {message}", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
