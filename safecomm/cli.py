"""``safecomm``: the command line.

Exit status: 0 success, 1 a user error (with a message saying what and where), 2 bad usage.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup

from models.crypto import CertificateKeyError
from models.settings import MissingSettingError, load_settings

if TYPE_CHECKING:
    from models.runtime import Runtime

def one_line(error: Exception) -> str | None:
    """The one line an expected failure is reported as (None: not one we expect)."""
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    from bot.slack_client import SlackUnavailable
    from models.logs import LogLevelError
    from models.readiness import DatabaseNotReady, first_line

    if isinstance(error, MissingSettingError | CertificateKeyError | LogLevelError
                  | DatabaseNotReady | SlackUnavailable):
        return str(error)
    if isinstance(error, SQLAlchemyError):  # the database went away or refused a write
        return f"the database failed: {first_line(error)}"
    if isinstance(error, ValidationError):  # a setting of the wrong shape; never its value
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "a setting"
        return f"{where}: {first['msg'].removeprefix('Value error, ')}"
    return None


class OneLineErrors(TyperGroup):
    """Every command: a bad setting, key or database is one line on standard error, exit 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as error:
            line = one_line(error)
            if line is None:
                raise
            typer.echo(f"error: {line}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(cls=OneLineErrors, no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False,
                  help="Safe Commissioning Bot: the six BSCP safe-commissioning standards.")
db_app = typer.Typer(no_args_is_help=True, help="The database.")
app.add_typer(db_app, name="db")


def version_callback(show: bool) -> None:
    """``--version``: the installed package's version, from its metadata."""
    if show:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"safecomm {version('safecomm')}")
        except PackageNotFoundError:
            typer.echo("safecomm (not installed as a package: version unknown)")
        raise typer.Exit()


@app.callback()
def main_options(version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True,
        help="Show the version and exit.")) -> None:
    """Safe Commissioning Bot: the six BSCP safe-commissioning standards."""


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to standard error and stop with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations (idempotent)."""
    from models.migrate import upgrade
    from models.readiness import open_engine_to_upgrade

    settings = load_settings()
    before, after = upgrade(open_engine_to_upgrade(settings.database_url))
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


def log_settings() -> tuple[str | None, str | None]:
    """SAFECOMM_LOG_LEVEL and SAFECOMM_LOG_FORMAT, or None (a settings error is the
    command's to report)."""
    from pydantic import ValidationError

    try:
        settings = load_settings()
    except ValidationError:
        return None, None
    return settings.log_level, settings.log_format


def main() -> None:
    """Every command: logging set up without personal data (models.logs), and a missing or
    unusable setting reported in one line (exit 1), never its value."""
    from models.logs import configure_logging

    try:
        level, log_format = log_settings()
        configure_logging(level, log_format=log_format)
    except Exception as error:
        line = one_line(error)
        if line is None:
            raise
        typer.echo(f"error: {line}", err=True)
        raise SystemExit(1) from None
    app()


if __name__ == "__main__":
    main()
