"""Roles (models.roles) and `safecomm users grant|revoke`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from models import AuditEntry, SlackIdentity, UserRole
from models.enums import Role
from models.roles import (
    RoleError,
    grant_role,
    is_admin,
    managed_contracts,
    may_see_dbs,
    revoke_role,
)
from safecomm.cli import app as cli
from tests.factories import make_contract, make_provider

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_granting_twice_changes_nothing_and_both_grant_and_revoke_are_audited(session):
    row, new = grant_role(session, user="U0ALICE", role=Role.ADMIN, actor="cli:t", now=NOW)
    again, new_again = grant_role(session, user="U0ALICE", role=Role.ADMIN, actor="cli:t",
                                  now=NOW)

    assert (new, new_again, again.id) == (True, False, row.id)
    assert is_admin(session, "U0ALICE")
    assert revoke_role(session, user="U0ALICE", role=Role.ADMIN, actor="cli:t", now=NOW)
    assert not revoke_role(session, user="U0ALICE", role=Role.ADMIN, actor="cli:t", now=NOW)
    assert not is_admin(session, "U0ALICE")
    actions = [e.action for e in session.exec(select(AuditEntry)
                                              .where(AuditEntry.entity == "user_role"))]
    assert actions == ["create", "delete"]


def test_the_provider_role_needs_a_provider_and_others_refuse_one(session):
    provider = make_provider(session)

    with pytest.raises(RoleError, match="needs --provider"):
        grant_role(session, user="U0BOB", role=Role.PROVIDER, actor="t", now=NOW)
    with pytest.raises(RoleError, match="only for the provider role"):
        grant_role(session, user="U0BOB", role=Role.ADMIN, provider=provider, actor="t",
                   now=NOW)
    with pytest.raises(RoleError, match="not a Slack user ID"):
        grant_role(session, user="bob", role=Role.ADMIN, actor="t", now=NOW)


def test_who_may_see_a_contracts_dbs_details(session):
    provider = make_provider(session, safeguarding_lead="U0LEAD")
    other = make_provider(session)
    contract = make_contract(session, provider, contract_manager="U0MANAGER")
    session.add_all([UserRole(slack_user_id="U0ADMIN", role=Role.ADMIN),
                     UserRole(slack_user_id="U0MEMBER", role=Role.PROVIDER,
                              provider_id=provider.id),
                     UserRole(slack_user_id="U0ELSEWHERE", role=Role.PROVIDER,
                              provider_id=other.id),
                     UserRole(slack_user_id="U0COMM", role=Role.COMMISSIONER)])
    session.flush()

    allowed = {user: may_see_dbs(session, user=user, contract=contract) for user in
               ("U0ADMIN", "U0MANAGER", "U0LEAD", "U0MEMBER", "U0ELSEWHERE", "U0COMM", "U0X")}

    assert allowed == {"U0ADMIN": True, "U0MANAGER": True, "U0LEAD": True, "U0MEMBER": True,
                       "U0ELSEWHERE": False, "U0COMM": False, "U0X": False}


def test_a_manager_stored_as_an_email_is_matched_through_the_identity_cache(session):
    provider = make_provider(session)
    contract = make_contract(session, provider, contract_manager="Cara.Manager@Example.org")
    session.add(SlackIdentity(email="cara.manager@example.org", slack_user_id="U0CARA",
                              resolved_at=NOW))
    session.flush()

    assert may_see_dbs(session, user="U0CARA", contract=contract)
    assert not may_see_dbs(session, user="U0NOTCARA", contract=contract)
    assert [c.id for c in managed_contracts(session, "U0CARA")] == [contract.id]


def run(*args: str):
    return CliRunner().invoke(cli, ["users", *args])


@pytest.fixture
def cli_env(settings, monkeypatch, engine):
    for name, value in {"DATABASE_URL": settings.database_url,
                        "SLACK_API_URL": settings.slack_api_url,
                        "SLACK_BOT_TOKEN": "xoxb-invented"}.items():
        monkeypatch.setenv(name, value)
    return engine


def roles(engine):
    from sqlmodel import Session

    with Session(engine) as session:
        return [(r.slack_user_id, r.role, r.provider_id)
                for r in session.exec(select(UserRole).order_by(UserRole.id))]


def test_the_cli_grants_a_provider_role_by_its_name_in_any_case_never_a_near_miss(cli_env,
                                                                                 session):
    provider = make_provider(session, name="Harbour Lane Fostering")
    make_provider(session, name="Acorn Youth Trust")
    session.commit()

    for near_miss in ("Harbor Lane", "Acorn", "Harbour Lane Fostering Ltd"):
        refused = run("grant", "U0LEADX", "provider", "--provider", near_miss)
        assert refused.exit_code == 1 and "did you mean" in refused.output, near_miss
    assert roles(cli_env) == []
    result = run("grant", "U0LEADX", "provider", "--provider", "harbour  LANE fostering")

    assert result.exit_code == 0, result.output
    assert "granted provider to U0LEADX for Harbour Lane Fostering" in result.output
    assert roles(cli_env) == [("U0LEADX", "provider", provider.id)]
    assert run("revoke", "U0LEADX", "provider", "--provider", "HARBOUR LANE FOSTERING") \
        .exit_code == 0
    assert roles(cli_env) == []


def test_the_cli_resolves_an_email_through_slack_and_remembers_it(cli_env, slack, session):
    slack.users_by_email["dana@example.org"] = "U0DANA"

    assert run("grant", "Dana@Example.org", "admin").exit_code == 0
    assert run("grant", "dana@example.org", "commissioner").exit_code == 0

    assert roles(cli_env) == [("U0DANA", "admin", None), ("U0DANA", "commissioner", None)]
    assert len(slack.calls_to("users.lookupByEmail")) == 1


def test_the_cli_says_what_is_wrong(cli_env, session):
    make_provider(session, name="Oakmere Family Support")
    session.commit()

    bad_role = run("grant", "U0EVE", "superuser")
    unknown = run("grant", "U0EVE", "provider", "--provider", "Zzyzx")

    assert bad_role.exit_code == 1 and "ROLE: 'superuser' is not one of" in bad_role.output
    assert unknown.exit_code == 1 and "--provider: no provider 'Zzyzx'" in unknown.output
    assert roles(cli_env) == []


def test_the_cli_lists_who_holds_which_role(cli_env, session):
    assert "no roles granted yet" in run("list").output
    make_provider(session, name="Harbour Lane Fostering")
    session.add(SlackIdentity(email="dana@example.org", slack_user_id="U0DANA",
                              resolved_at=NOW))
    session.commit()
    for args in (("U0DANA", "admin"), ("U0DANA", "commissioner"),
                 ("U0LEADX", "provider", "--provider", "Harbour Lane Fostering")):
        assert run("grant", *args).exit_code == 0

    result = run("list")

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:4] == [
        "user     role          provider                e-mail",
        "U0DANA   admin                                 dana@example.org",
        "U0DANA   commissioner                          dana@example.org",
        "U0LEADX  provider      Harbour Lane Fostering",
    ]
    assert "3 roles held by 2 people" in result.output


def test_the_cli_says_its_version():
    from importlib.metadata import version

    result = CliRunner().invoke(cli, ["--version"])

    assert result.exit_code == 0
    assert result.output == f"safecomm {version('safecomm')}\n"
