"""Need to know, rule by rule (models.roles): who may record what, whose contracts and
providers a user sees, and what a grant or revoke writes to the trail."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from models import AuditEntry, SlackIdentity, UserRole
from models.enums import Role
from models.roles import (
    RoleError,
    check_user_id,
    grant_role,
    has_role,
    is_person,
    is_provider_member,
    managed_contracts,
    may_record_assessment,
    may_record_monitoring,
    parse_role,
    providers_of_member,
    revoke_role,
    role_holders,
)
from tests.factories import make_contract, make_provider

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(session):
    """Two providers (one led by an e-mail address), their contracts, and who is who."""
    oak = make_provider(session, name="Oak Care", safeguarding_lead="U0OAKLEAD")
    elm = make_provider(session, name="Elm Trust", safeguarding_lead="Lead@Elm.example.org")
    ash = make_provider(session, name="Ash House", safeguarding_lead=None)
    contracts = {
        "OAK-2": make_contract(session, oak, reference="OAK-2", contract_manager="U0MANAGER"),
        "OAK-1": make_contract(session, oak, reference="OAK-1",
                               contract_manager="Manager@Council.example.org"),
        "ELM-1": make_contract(session, elm, reference="ELM-1", contract_manager="U0OTHERCM"),
        "ASH-1": make_contract(session, ash, reference="ASH-1", contract_manager=None),
    }
    session.add_all([
        UserRole(slack_user_id="U0ADMIN", role=Role.ADMIN),
        UserRole(slack_user_id="U0COMM", role=Role.COMMISSIONER),
        UserRole(slack_user_id="U0MEMBER", role=Role.PROVIDER, provider_id=ash.id),
        UserRole(slack_user_id="U0MEMBER", role=Role.PROVIDER, provider_id=elm.id),
        UserRole(slack_user_id="U0MULTI", role=Role.PROVIDER, provider_id=oak.id),
        UserRole(slack_user_id="U0MULTI", role=Role.COMMISSIONER),
        UserRole(slack_user_id="U0MULTI", role=Role.ADMIN),
        SlackIdentity(email="lead@elm.example.org", slack_user_id="U0ELMLEAD", resolved_at=NOW),
        SlackIdentity(email="manager@council.example.org", slack_user_id="U0MANAGER",
                      resolved_at=NOW),
    ])
    session.flush()
    return {"oak": oak, "elm": elm, "ash": ash, **contracts}


USERS = ["U0ADMIN", "U0COMM", "U0MANAGER", "U0OTHERCM", "U0OAKLEAD", "U0ELMLEAD", "U0MEMBER",
         "U0NOBODY"]


def test_who_may_record_a_contracts_meeting_or_check(session, world):
    allowed = {reference: [u for u in USERS
                           if may_record_monitoring(session, user=u, contract=world[reference])]
               for reference in ("OAK-1", "OAK-2", "ELM-1", "ASH-1")}
    assert allowed == {"OAK-1": ["U0ADMIN", "U0COMM", "U0MANAGER"],
                       "OAK-2": ["U0ADMIN", "U0COMM", "U0MANAGER"],
                       "ELM-1": ["U0ADMIN", "U0COMM", "U0OTHERCM"],
                       "ASH-1": ["U0ADMIN", "U0COMM"]}


def test_who_may_record_a_providers_self_assessment(session, world):
    allowed = {name: [u for u in USERS
                      if may_record_assessment(session, user=u, provider=world[name])]
               for name in ("oak", "elm", "ash")}
    assert allowed == {"oak": ["U0ADMIN", "U0COMM", "U0MANAGER", "U0OAKLEAD"],
                       "elm": ["U0ADMIN", "U0COMM", "U0OTHERCM", "U0ELMLEAD", "U0MEMBER"],
                       "ash": ["U0ADMIN", "U0COMM", "U0MEMBER"]}


def test_a_user_sees_the_contracts_they_manage_and_the_providers_they_belong_to(
        session, world):
    assert [c.reference for c in managed_contracts(session, "U0MANAGER")] == ["OAK-1", "OAK-2"]
    assert [c.reference for c in managed_contracts(session, "U0OTHERCM")] == ["ELM-1"]
    assert managed_contracts(session, "U0NOBODY") == []
    assert [p.name for p in providers_of_member(session, "U0MEMBER")] == ["Ash House",
                                                                          "Elm Trust"]
    assert [p.name for p in providers_of_member(session, "U0ELMLEAD")] == ["Elm Trust"]
    assert [p.name for p in providers_of_member(session, "U0OAKLEAD")] == ["Oak Care"]
    assert providers_of_member(session, "U0ADMIN") == []


def test_a_stored_person_is_a_user_by_slack_id_or_resolved_address_only(session, world):
    assert is_person(session, "U0MANAGER", "U0MANAGER")
    assert is_person(session, " MANAGER@council.example.org ", "U0MANAGER")
    assert not is_person(session, "manager@council.example.org", "U0OTHERCM")
    assert not is_person(session, None, "U0MANAGER")
    assert not is_person(session, "", "U0MANAGER")
    assert not is_person(session, "U0MANAGER", "")
    assert is_provider_member(session, "U0ELMLEAD", world["elm"])
    assert is_provider_member(session, "U0MEMBER", world["elm"])
    assert not is_provider_member(session, "U0MEMBER", world["oak"])


def roles_of(session, user):
    return [(h.role, h.provider) for h in role_holders(session) if h.user == user]


def test_roles_are_listed_by_role_then_provider(session, world):
    names = sorted([world["elm"].name, world["ash"].name])
    assert roles_of(session, "U0MEMBER") == [("provider", names[0]), ("provider", names[1])]
    assert roles_of(session, "U0MULTI") == [
        ("admin", None), ("commissioner", None), ("provider", world["oak"].name)]
    assert has_role(session, "U0MEMBER", Role.PROVIDER)
    assert not has_role(session, "U0MEMBER", Role.ADMIN, Role.COMMISSIONER)


def test_a_grant_and_a_revoke_write_the_fields_changed_to_the_trail(session, world):
    row, new = grant_role(session, user="U0NEW", role=Role.PROVIDER, provider=world["oak"],
                          actor="cli:alice", now=NOW)
    other, other_new = grant_role(session, user="U0NEW", role=Role.PROVIDER,
                                  provider=world["elm"], actor="cli:alice", now=NOW)
    assert new and other_new and other.id != row.id
    assert revoke_role(session, user="U0NEW", role=Role.PROVIDER, provider=world["elm"],
                       actor="cli:bob", now=NOW)
    assert roles_of(session, "U0NEW") == [("provider", world["oak"].name)]
    trail = [(e.actor, e.action, e.entity_id, e.changes) for e in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "user_role").order_by(AuditEntry.id))]
    assert trail == [
        ("cli:alice", "create", str(row.id), {"provider_id": [None, world["oak"].id],
                                              "role": [None, "provider"],
                                              "slack_user_id": [None, "U0NEW"]}),
        ("cli:alice", "create", str(other.id), {"provider_id": [None, world["elm"].id],
                                                "role": [None, "provider"],
                                                "slack_user_id": [None, "U0NEW"]}),
        ("cli:bob", "delete", str(other.id), {"provider_id": [world["elm"].id, None],
                                              "role": ["provider", None],
                                              "slack_user_id": ["U0NEW", None]}),
    ]


def test_role_mistakes_are_refused_in_words(session, world):
    with pytest.raises(RoleError) as refused:
        parse_role("boss")
    assert str(refused.value) == "ROLE: 'boss' is not one of admin, commissioner, provider"
    assert parse_role(" Admin ") is Role.ADMIN
    with pytest.raises(RoleError) as refused:
        grant_role(session, user="U0NEW", role=Role.PROVIDER, actor="t", now=NOW)
    assert str(refused.value) == "the provider role needs --provider NAME"
    with pytest.raises(RoleError) as refused:
        grant_role(session, user="U0NEW", role=Role.ADMIN, provider=world["oak"], actor="t",
                   now=NOW)
    assert str(refused.value) == "--provider is only for the provider role, not admin"
    with pytest.raises(RoleError) as refused:
        check_user_id("u0lower")
    assert str(refused.value) == "USER: 'u0lower' is not a Slack user ID (like U012AB3CD)"
    assert check_user_id("W0ENTERPRISE") == "W0ENTERPRISE"


def test_every_role_holder_is_listed_by_role_then_provider_then_user(session):
    """Granted in no particular order, listed in one: role, provider's name, user; each
    user's known e-mail addresses in alphabetical order."""
    zed = make_provider(session, name="Zed Invented Care")
    abe = make_provider(session, name="Abe Invented Trust")
    session.add_all([
        UserRole(slack_user_id="U0B", role=Role.PROVIDER, provider_id=zed.id),
        UserRole(slack_user_id="U0C", role=Role.ADMIN),
        UserRole(slack_user_id="U0A", role=Role.PROVIDER, provider_id=zed.id),
        UserRole(slack_user_id="U0A", role=Role.ADMIN),
        UserRole(slack_user_id="U0D", role=Role.PROVIDER, provider_id=abe.id),
        SlackIdentity(email="zoe@invented.example.org", slack_user_id="U0A", resolved_at=NOW),
        SlackIdentity(email="ann@invented.example.org", slack_user_id="U0A", resolved_at=NOW),
    ])
    session.commit()

    assert [tuple(holder) for holder in role_holders(session)] == [
        ("U0A", Role.ADMIN, None, ("ann@invented.example.org", "zoe@invented.example.org")),
        ("U0C", Role.ADMIN, None, ()),
        ("U0D", Role.PROVIDER, "Abe Invented Trust", ()),
        ("U0A", Role.PROVIDER, "Zed Invented Care",
         ("ann@invented.example.org", "zoe@invented.example.org")),
        ("U0B", Role.PROVIDER, "Zed Invented Care", ()),
    ]
