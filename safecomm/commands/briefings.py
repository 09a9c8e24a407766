"""`safecomm briefing publish`: publish a BSCP briefing to its audience."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime

import typer

briefing_app = typer.Typer(no_args_is_help=True, help="BSCP briefings.")


def cli_actor() -> str:
    return f"cli:{getpass.getuser()}"


@briefing_app.command("publish")
def publish(
    title: str = typer.Option(..., help="The briefing's title."),
    summary: str = typer.Option(..., help="What providers must know, in a few lines."),
    url: str = typer.Option(..., help="Link to the full briefing."),
    kind: str = typer.Option("newsletter", help="practice_review, training, "
                             "procedure_update or newsletter."),
    audience: str = typer.Option("all", help="all, risk:<low|medium|high>, or "
                                 "providers:<name>;<name>."),
) -> None:
    """Publish a briefing; the briefings job posts it to every audience provider's channel."""
    from models.briefing_fields import BriefingError
    from models.briefings import publish_briefing
    from models.runtime import Runtime
    from safecomm.cli import fail

    runtime = Runtime()
    try:
        with runtime.session() as session:
            briefing = publish_briefing(session, title=title, summary=summary, url=url,
                                        kind=kind, audience=audience, actor=cli_actor(),
                                        now=datetime.now(UTC))
    except BriefingError as error:
        fail(str(error))
    finally:
        runtime.close()
    typer.echo(f"published briefing {briefing.id} ({briefing.kind}) to {briefing.audience}; "
               "`safecomm run briefings` (or the worker) posts it")


def register(app: typer.Typer) -> None:
    app.add_typer(briefing_app, name="briefing")
