"""Need to know: the role matrix of models.roles, and someone with no role or of another
provider trying every command, button and form of the running app (over signed HTTP)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from bot import ids
from bot.builders.briefing_modal import build_briefing_modal
from bot.builders.modals import build_assessment_modal, build_check_modal, build_meeting_modal
from bot.builders.renewal import build_renewal_modal, recheck_block
from bot.ids import ACKNOWLEDGE_BRIEFING_ACTION, RECORD_RENEWAL_ACTION
from models import (
    AuditEntry,
    BriefingDelivery,
    MonitoringMeeting,
    SelfAssessment,
    SlackIdentity,
    Staff,
    ThematicCheck,
    UserRole,
)
from models.briefings import publish_briefing
from models.enums import Role
from models.roles import may_record_assessment, may_record_monitoring, may_see_dbs
from tests.bot.conftest import TODAY
from tests.bot.slackhttp import (
    button_payload,
    choice_value,
    date_value,
    text_value,
    view_submission,
    wait_for,
)
from tests.factories import make_contract, make_provider, make_staff
from tests.privacy.helpers import invented_number, unique

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
KINDS = ("admin", "commissioner", "manager", "manager by e-mail", "lead", "member",
         "other provider's member", "other contract's manager", "no role")


def test_the_role_matrix(session):
    """Who may see DBS details, record meetings and checks, record self-assessments."""
    provider = make_provider(session, safeguarding_lead="U0LEAD")
    other = make_provider(session)
    contract = make_contract(session, provider, contract_manager="U0MANAGER")
    make_contract(session, provider, contract_manager="cara@example.org")
    make_contract(session, other, contract_manager="U0OTHERCM")
    session.add_all([UserRole(slack_user_id="U0ADMIN", role=Role.ADMIN),
                     UserRole(slack_user_id="U0COMM", role=Role.COMMISSIONER),
                     UserRole(slack_user_id="U0MEMBER", role=Role.PROVIDER,
                              provider_id=provider.id),
                     UserRole(slack_user_id="U0ELSEWHERE", role=Role.PROVIDER,
                              provider_id=other.id),
                     SlackIdentity(email="cara@example.org", slack_user_id="U0CARA",
                                   resolved_at=NOW)])
    session.flush()
    users = dict(zip(KINDS, ("U0ADMIN", "U0COMM", "U0MANAGER", "U0CARA", "U0LEAD", "U0MEMBER",
                             "U0ELSEWHERE", "U0OTHERCM", "U0NOBODY"), strict=True))

    def row(user):
        return (may_see_dbs(session, user=user, contract=contract),
                may_record_monitoring(session, user=user, contract=contract),
                may_record_assessment(session, user=user, provider=provider))

    assert {kind: row(user) for kind, user in users.items()} == {
        "admin": (True, True, True),
        "commissioner": (False, True, True),
        "manager": (True, True, True),
        "manager by e-mail": (False, False, True),  # manages the provider's other contract
        "lead": (True, False, True),
        "member": (True, False, True),
        "other provider's member": (False, False, False),
        "other contract's manager": (False, False, False),
        "no role": (False, False, False),
    }


@dataclass
class Guarded:
    """Provider A's things that an outsider tries to reach."""

    provider: object
    contract: object
    staff: object
    delivery: object
    manager: str


def guarded(db, cipher) -> Guarded:
    provider = make_provider(db, name=unique("Guarded Alder"), safeguarding_lead=_user("LD"))
    manager = _user("CM")
    contract = make_contract(db, provider, reference=f"GRD-{uuid.uuid4().hex[:6].upper()}",
                             contract_manager=manager)
    number = invented_number()
    staff = make_staff(db, contract, name=unique("Invented Guarded"),
                       dbs_recheck_due=date(2026, 12, 1), dbs_certificate_last4=number[-4:],
                       dbs_certificate_token=cipher.encrypt(number))
    briefing = publish_briefing(db, title="Invented update", summary="Invented.",
                                url="https://example.org/u", kind="procedure_update",
                                audience=f"providers:{provider.name}", actor="test", now=NOW)
    delivery = db.exec(select(BriefingDelivery).where(
        BriefingDelivery.briefing_id == briefing.id)).one()
    delivery.channel, delivery.message_ts, delivery.delivered_at = "C0GUARD", "9.0001", NOW
    db.commit()
    return Guarded(provider, contract, staff, delivery, manager)


def _user(tag: str) -> str:
    return f"U0{tag}{uuid.uuid4().hex[:8].upper()}"


def outsider(db, kind: str) -> str:
    user = _user("OUT")
    if kind == "another provider's member":
        other = make_provider(db, name=unique("Other Birch"), safeguarding_lead=user)
        db.add(UserRole(slack_user_id=user, role=Role.PROVIDER, provider_id=other.id))
        db.commit()
    return user


def reply_to(server, name: str) -> str:
    [reply] = wait_for(lambda: server.slack.calls_to(f"response:{name}"), what=name)
    return reply.text_everywhere()


def command(server, user: str, text: str, tag: str) -> str:
    name = f"{user}-{tag}"
    assert server.sender.command(text, user=user, trigger_id=f"T-{name}",
                                 response_url=server.slack.response_url(name)).status == 200
    return reply_to(server, name)


def press(server, user: str, action_id: str, value: str, tag: str) -> str:
    name = f"{user}-{tag}"
    assert server.sender.interact(button_payload(
        action_id=action_id, value=value, user=user, trigger_id=f"T-{name}",
        response_url=server.slack.response_url(name))).status == 200
    return reply_to(server, name)


@pytest.mark.parametrize("kind", ["no role", "another provider's member"])
def test_an_outsider_gets_help_and_status_and_is_told_who_can_for_everything_else(
        server, db, kind):
    g = guarded(db, server.cipher)
    user = outsider(db, kind)
    ref, name = g.contract.reference, g.provider.name

    assert "status NAME" in command(server, user, "help", "help")
    status = command(server, user, f"status {ref}", "status")
    assert ref in status and g.staff.name not in status
    refusals = {
        "dbs": command(server, user, f"dbs {ref}", "dbs"),
        "meeting": command(server, user, f"meeting {ref}", "meeting"),
        "check": command(server, user, f"check {ref}", "check"),
        "assessment": command(server, user, f"assessment {name}", "assessment"),
        "briefing": command(server, user, "briefing", "briefing"),
        "renewal": press(server, user, RECORD_RENEWAL_ACTION, str(g.staff.id), "renew"),
        "acknowledge": press(server, user, ACKNOWLEDGE_BRIEFING_ACTION, str(g.delivery.id),
                             "ack"),
    }

    assert "BSCP admin" in refusals["dbs"] and f"<@{g.manager}>" in refusals["dbs"]
    for what in ("meeting", "check"):
        assert f"Only a BSCP admin, a commissioner, or the contract's manager can record a " \
               f"{'monitoring meeting' if what == 'meeting' else 'thematic check'} for {ref}" \
               in refusals[what] and f"<@{g.manager}>" in refusals[what]
    assert "Only a BSCP admin, a commissioner, the manager of one of its contracts, the " \
           "provider's safeguarding lead, or someone with the provider role for it can " \
           f"record a self-assessment for {name}" in refusals["assessment"]
    assert "Only a BSCP admin can publish briefings" in refusals["briefing"]
    assert "Only a BSCP admin, the contract's manager, the provider's safeguarding lead, or " \
           "someone with the provider role for that provider may see" in refusals["renewal"]
    assert f"Only {name}'s safeguarding lead" in refusals["acknowledge"]
    for text in refusals.values():
        assert g.staff.name not in text and g.staff.dbs_certificate_last4 not in text
    assert not [c for c in server.slack.calls_to("views.open")
                if c.params["trigger_id"].startswith(f"T-{user}")]
    db.expire_all()
    assert db.get(BriefingDelivery, g.delivery.id).acknowledged_at is None


def submit(server, view: dict, values: dict, user: str) -> dict:
    answer = server.sender.interact(view_submission(view, values, user=user))
    assert answer.status == 200
    return answer.json()


@pytest.mark.parametrize("kind", ["no role", "another provider's member"])
def test_an_outsiders_forms_are_refused_on_the_form_and_nothing_is_saved(server, db, kind):
    """Forms the outsider could not open, sent anyway (as a forged payload would be)."""
    g = guarded(db, server.cipher)
    user = outsider(db, kind)
    c, p = g.contract, g.provider
    meeting = build_meeting_modal(contract=c, provider_name=p.name, held_on=TODAY,
                                  next_meeting=None)
    forms = [
        (meeting, {ids.HELD_ON: date_value(TODAY), ids.DISCUSSED: choice_value("yes")},
         ids.HELD_ON),
        (build_check_modal(contract=c, provider_name=p.name, done_on=TODAY),
         {ids.THEME: text_value("Invented theme"), ids.DONE_ON: date_value(TODAY),
          ids.OUTCOME: choice_value("green")}, ids.THEME),
        (build_assessment_modal(provider=p, completed_on=TODAY, last_completed=None),
         {ids.COMPLETED_ON: date_value(TODAY)}, ids.COMPLETED_ON),
        (build_renewal_modal(staff=g.staff, contract_reference=c.reference, issued_on=TODAY),
         {ids.CERTIFICATE: text_value(invented_number()), ids.ISSUED_ON: date_value(TODAY),
          recheck_block(date(2029, 11, 25)): date_value(date(2029, 11, 25))}, ids.CERTIFICATE),
        (build_briefing_modal(),
         {ids.BRIEFING_TITLE: text_value("Invented"),
          ids.BRIEFING_SUMMARY: text_value("Invented."),
          ids.BRIEFING_URL: text_value("https://example.org/x"),
          ids.BRIEFING_KIND: choice_value("newsletter"),
          ids.BRIEFING_AUDIENCE: choice_value("all")}, ids.BRIEFING_TITLE),
    ]
    token = g.staff.dbs_certificate_token

    for view, values, block in forms:
        answer = submit(server, view, values, user)
        assert answer["response_action"] == "errors" and "Only " in answer["errors"][block]

    db.expire_all()
    assert db.exec(select(MonitoringMeeting).where(MonitoringMeeting.contract_id == c.id)).all() \
        == []
    assert db.exec(select(ThematicCheck).where(ThematicCheck.contract_id == c.id)).all() == []
    assert db.exec(select(SelfAssessment).where(SelfAssessment.provider_id == p.id)).all() == []
    assert db.get(Staff, g.staff.id).dbs_certificate_token == token
    assert db.exec(select(AuditEntry).where(AuditEntry.actor == f"slack:{user}")).all() == []


def test_an_outsider_changing_a_meeting_date_gets_no_refreshed_form(server, db):
    g = guarded(db, server.cipher)
    user = outsider(db, "no role")
    view = build_meeting_modal(contract=g.contract, provider_name=g.provider.name,
                               held_on=TODAY, next_meeting=None)
    view_id = f"V{uuid.uuid4().hex[:8]}"
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T0TEST"},
               "api_app_id": "A0TEST", "trigger_id": "T-x",
               "view": {**view, "id": view_id, "hash": "h1"},
               "actions": [{"type": "datepicker", "action_id": ids.MEETING_HELD_ON_ACTION,
                            "block_id": ids.HELD_ON, "selected_date": "2026-08-03"}]}
    manager = {**payload, "user": {"id": g.manager}, "view": {**payload["view"], "id": "M" +
                                                                view_id}}

    server.sender.interact(payload)
    server.sender.interact(manager)  # the manager's refresh happens: something to wait for

    wait_for(lambda: [c for c in server.slack.calls_to("views.update")
                      if c.params["view_id"] == "M" + view_id], what="the manager's refresh")
    assert not [c for c in server.slack.calls_to("views.update")
                if c.params["view_id"] == view_id]


def opened(server, user: str, text: str, tag: str) -> dict:
    trigger = f"T-{user}-{tag}"
    server.sender.command(text, user=user, trigger_id=trigger,
                          response_url=server.slack.response_url(f"{user}-{tag}"))
    [call] = wait_for(lambda: [c for c in server.slack.calls_to("views.open")
                               if c.params["trigger_id"] == trigger], what=f"{tag} form")
    return call.params["view"]


def test_the_entitled_get_their_forms(server, db):
    g = guarded(db, server.cipher)
    member = _user("MEM")
    db.add(UserRole(slack_user_id=member, role=Role.PROVIDER, provider_id=g.provider.id))
    db.commit()
    ref = g.contract.reference

    assert opened(server, g.manager, f"meeting {ref}", "m")["callback_id"] == "meeting_modal"
    assert opened(server, g.manager, f"check {ref}", "c")["callback_id"] == "check_modal"
    assert opened(server, g.manager, f"assessment {ref}", "a")["callback_id"] == \
        "assessment_modal"
    assert opened(server, member, f"assessment {g.provider.name}", "a")["callback_id"] == \
        "assessment_modal"
    dbs = command(server, member, f"dbs {ref}", "dbs")
    assert g.staff.name in dbs and g.staff.dbs_certificate_last4 in dbs


def home_text(server, user: str) -> str:
    assert server.sender.event({"type": "app_home_opened", "user": user, "channel": "D0HOME",
                                "tab": "home"}).status == 200
    [call] = wait_for(lambda: [c for c in server.slack.calls_to("views.publish")
                               if c.params["user_id"] == user], what="views.publish")
    return call.text_everywhere()


def test_app_home_shows_only_the_viewers_own_and_totals_only_to_admins(server, db):
    g = guarded(db, server.cipher)
    stranger, admin = outsider(db, "another provider's member"), _user("ADM")
    db.add(UserRole(slack_user_id=admin, role=Role.ADMIN))
    db.commit()

    mine, theirs, admins = (home_text(server, g.manager), home_text(server, stranger),
                            home_text(server, admin))

    assert g.contract.reference in mine and g.staff.name not in mine
    assert g.contract.reference not in theirs and g.provider.name not in theirs
    assert "The partnership" in admins and "The partnership" not in mine + theirs
    assert g.staff.name not in admins
