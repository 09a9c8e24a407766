"""`safecomm users grant|revoke USER ROLE [--provider NAME]` and `safecomm users list`.

USER is a Slack member ID (``U012AB3CD``), or an e-mail address that Slack knows
(resolved with ``users.lookupByEmail`` once and remembered). ROLE is ``admin``,
``commissioner`` or ``provider``; ``provider`` needs ``--provider NAME`` (matched like the
slash command, models.names: exact, else any case and spacing; else "did you mean").
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer

users_app = typer.Typer(no_args_is_help=True, help="Who may see and do what (roles).")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _provider(session, name: str | None):
    from models.core import Provider
    from models.lookup import PROVIDER, find

    if name is None:
        return None
    lookup = find(session, name, kinds=(PROVIDER,))
    if lookup.found:
        return session.get(Provider, lookup.found.id)
    names = [repr(c.label) for c in (lookup.matches or lookup.suggestions)]
    if lookup.matches:
        _fail(f"--provider: {name!r} matches several providers: {', '.join(names)}")
    hint = f" (did you mean {' or '.join(names)}?)" if names else ""
    _fail(f"--provider: no provider {name!r}{hint}")


def _user_id(runtime, session, user: str) -> str:
    """A Slack ID as given; an e-mail through the identity cache, else Slack, remembered."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from models.ops import SlackIdentity

    if "@" not in user:
        return user
    email = user.strip().lower()
    known = session.scalar(select(col(SlackIdentity.slack_user_id))
                           .where(func.lower(col(SlackIdentity.email)) == email))
    if known:
        return known
    from slack_sdk.errors import SlackApiError, SlackClientError

    from bot.slack_client import make_web_client

    try:
        client = make_web_client(runtime.settings, connection_retries=0, server_error_retries=0)
        found = client.users_lookupByEmail(email=email)["user"]["id"]
    except SlackApiError as error:
        _fail(f"USER: Slack does not know {user!r} ({error.response.get('error')}); "
              "give the member ID instead (profile → ⋮ → Copy member ID)")
    except (SlackClientError, OSError) as error:
        _fail(f"USER: cannot reach Slack to look up {user!r} ({type(error).__name__}); "
              "give the member ID instead (profile → ⋮ → Copy member ID)")
    session.add(SlackIdentity(email=email, slack_user_id=found, resolved_at=datetime.now(UTC)))
    return found


def _change(user: str, role: str, provider: str | None, *, grant: bool) -> None:
    from models.roles import RoleError, grant_role, parse_role, revoke_role
    from models.runtime import Runtime
    from safecomm.commands.briefings import cli_actor

    runtime = Runtime()
    try:
        with runtime.session() as session:
            options = {"user": _user_id(runtime, session, user), "role": parse_role(role),
                       "provider": _provider(session, provider), "actor": cli_actor(),
                       "now": datetime.now(UTC)}
            changed = (grant_role(session, **options)[1] if grant
                       else revoke_role(session, **options))
    except RoleError as error:
        _fail(str(error))
    finally:
        runtime.close()
    of = f" for {options['provider'].name}" if options["provider"] else ""
    who = options["user"]
    if grant:
        typer.echo(f"granted {role} to {who}{of}" if changed
                   else f"{who} already has {role}{of}; nothing changed")
    else:
        typer.echo(f"revoked {role} from {who}{of}" if changed
                   else f"{who} did not have {role}{of}; nothing changed")


@users_app.command("grant")
def grant(user: str = typer.Argument(..., help="Slack member ID (U…) or e-mail."),
          role: str = typer.Argument(..., help="admin, commissioner or provider."),
          provider: str | None = typer.Option(None, help="The provider (provider role).")):
    """Give USER a ROLE (audited; granting twice changes nothing)."""
    _change(user, role, provider, grant=True)


@users_app.command("revoke")
def revoke(user: str = typer.Argument(..., help="Slack member ID (U…) or e-mail."),
           role: str = typer.Argument(..., help="admin, commissioner or provider."),
           provider: str | None = typer.Option(None, help="The provider (provider role).")):
    """Take a ROLE away from USER (audited)."""
    _change(user, role, provider, grant=False)


@users_app.command("list")
def list_users() -> None:
    """Who holds which role (granted with `users grant`), with the e-mails known for them."""
    from models.roles import role_holders
    from models.runtime import Runtime
    from models.words import plural

    runtime = Runtime()
    try:
        with runtime.session() as session:
            holders = role_holders(session)
    finally:
        runtime.close()
    if not holders:
        typer.echo("no roles granted yet; `safecomm users grant USER ROLE` grants one")
    else:
        for line in role_table(holders):
            typer.echo(line)
        people = len({h.user for h in holders})
        typer.echo(f"{plural(len(holders), 'role')} held by {plural(people, 'person', 'people')}")
    typer.echo("Contract managers and providers' safeguarding leads (from the imports) also "
               "count for their own contracts and providers.")


def role_table(holders) -> list[str]:
    """Aligned columns: user, role, provider, known e-mails."""
    rows = [("user", "role", "provider", "e-mail")] + [
        (h.user, str(h.role), h.provider or "", ", ".join(h.emails)) for h in holders]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return ["  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)),
                       row[3]]).rstrip() for row in rows]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(users_app, name="users")
