"""Recording a monitoring meeting, a thematic check and a self-assessment through modals:
open with the command, submit (valid and invalid) as Slack would, over signed HTTP. The
person is a commissioner, who may record all three (who else may: tests/privacy)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot import ids
from models import AuditEntry, MonitoringMeeting, SelfAssessment, ThematicCheck, UserRole
from models.cadence import next_due
from models.enums import Rag, Role
from models.queries import contract_status
from tests.bot.blockcheck import (
    assert_no_certificate_number,
    assert_valid_blocks,
    assert_valid_view,
)
from tests.bot.conftest import TODAY
from tests.bot.slackhttp import (
    choice_value,
    date_value,
    text_value,
    view_submission,
    wait_for,
)
from tests.factories import make_contract, make_provider


@pytest.fixture(autouse=True)
def commissioner(db, user):
    db.add(UserRole(slack_user_id=user, role=Role.COMMISSIONER))
    db.commit()


def open_form(server, text: str, user: str) -> dict:
    """Send the command; return the modal the app opened with the command's trigger_id."""
    trigger = f"T-{user}"
    answer = server.sender.command(text, user=user, trigger_id=trigger,
                                   response_url=server.slack.response_url(user))
    assert answer.status == 200
    [call] = wait_for(lambda: [c for c in server.slack.calls_to("views.open")
                               if c.params["trigger_id"] == trigger], what="views.open")
    assert_valid_view(call.params["view"])
    return call.params["view"]


def submit(server, view: dict, values: dict, user: str):
    return server.sender.interact(view_submission(view, values, user=user))


def dms_to(server, user: str) -> list:
    return [c for c in server.slack.posts() if c.channel == user]


def rows(db, table, **where):
    db.expire_all()
    return db.exec(select(table).filter_by(**where)).all()


def meeting_values(view, *, held_on=TODAY, discussed="yes", next_on=None, **texts) -> dict:
    next_block = next(b["block_id"] for b in view["blocks"]
                      if b.get("block_id", "").startswith(ids.NEXT_MEETING))
    values = {ids.HELD_ON: date_value(held_on), ids.DISCUSSED: choice_value(discussed),
              **{k: text_value(v) for k, v in texts.items()}}
    if next_on:
        values[next_block] = date_value(next_on)
    return values


def test_it_opens_the_meeting_form_with_the_next_meeting_prefilled(server, db, user):
    provider = make_provider(db, name="Harbour Meeting Open")
    contract = make_contract(db, provider, reference="HMO-1", monitoring_every_months=2)
    db.commit()

    view = open_form(server, "meeting hmo-1", user)

    assert view["callback_id"] == "meeting_modal"
    assert view["private_metadata"] == str(contract.id)
    # every 2 months from 31 January: a meeting held today (25 November) counts for the
    # 30 November slot, so the next is 31 January 2027
    assert f"{ids.NEXT_MEETING}:2027-01-31" in {b.get("block_id") for b in view["blocks"]}
    held = next(b for b in view["blocks"] if b.get("block_id") == ids.HELD_ON)
    assert held["element"]["initial_date"] == TODAY.isoformat()


def test_it_saves_a_valid_meeting_with_who_recorded_it_audits_and_confirms(server, db, user):
    provider = make_provider(db, name="Harbour Meeting Save")
    contract = make_contract(db, provider, reference="HMS-1")
    db.commit()
    view = open_form(server, "meeting HMS-1", user)

    answer = submit(server, view, meeting_values(
        view, held_on=date(2026, 11, 20), next_on=date(2027, 2, 20),
        metrics="2 referrals", actions="Refresh training"), user)

    assert (answer.status, answer.body) == (200, "")
    [meeting] = rows(db, MonitoringMeeting, contract_id=contract.id)
    assert (meeting.held_on, meeting.safeguarding_discussed, meeting.next_meeting_on) == \
        (date(2026, 11, 20), True, date(2027, 2, 20))
    assert (meeting.metrics, meeting.actions, meeting.recorded_by) == \
        ("2 referrals", "Refresh training", user)
    [audit] = rows(db, AuditEntry, entity="monitoring_meeting", entity_id=str(meeting.id))
    assert audit.actor == f"slack:{user}" and audit.changes["held_on"] == [None, "2026-11-20"]
    assert audit.at.astimezone(ZoneInfo("Europe/London")).date() == TODAY  # the app's day
    [dm] = wait_for(lambda: dms_to(server, user), what="the confirmation")
    assert "Recorded the monitoring meeting of `HMS-1`" in dm.params["text"]
    assert_valid_blocks(dm.params["blocks"])


def test_a_meeting_without_safeguarding_goes_red_and_is_reported_to_the_bscp(server, db, user):
    provider = make_provider(db, name="Harbour Meeting Red")
    contract = make_contract(db, provider, reference="HMR-1")
    db.commit()
    view = open_form(server, "meeting HMR-1", user)

    assert submit(server, view, meeting_values(view, discussed="no"), user).status == 200

    [report] = wait_for(lambda: [c for c in server.slack.posts() if c.channel == "C0BSCP"
                                 and "HMR-1" in c.params["text"]], what="the BSCP report")
    assert "Safeguarding was not discussed" in report.params["text"]
    assert_valid_blocks(report.params["blocks"])
    [dm] = wait_for(lambda: dms_to(server, user), what="the confirmation")
    assert "standard 5 is now red" in dm.params["text"]
    db.expire_all()
    standard_5 = contract_status(db, contract=contract, today=TODAY)[4]
    assert standard_5.rag is Rag.RED and "not discussed" in standard_5.reason


def test_it_refuses_a_meeting_dated_in_the_future_on_the_field(server, db, user):
    provider = make_provider(db, name="Harbour Meeting Future")
    contract = make_contract(db, provider, reference="HMF-1")
    db.commit()
    view = open_form(server, "meeting HMF-1", user)

    answer = submit(server, view, meeting_values(view, held_on=TODAY + timedelta(days=1)), user)

    assert answer.json()["response_action"] == "errors"
    assert "can't be in the future" in answer.json()["errors"][ids.HELD_ON]
    assert rows(db, MonitoringMeeting, contract_id=contract.id) == []
    assert rows(db, AuditEntry, entity="monitoring_meeting", actor=f"slack:{user}") == []


def test_it_refuses_a_next_meeting_before_the_meeting(server, db, user):
    provider = make_provider(db, name="Harbour Meeting Before")
    contract = make_contract(db, provider, reference="HMB-1")
    db.commit()
    view = open_form(server, "meeting HMB-1", user)
    values = meeting_values(view, held_on=date(2026, 11, 20), next_on=date(2026, 11, 1))

    errors = submit(server, view, values, user).json()["errors"]

    [(block_id, message)] = errors.items()
    assert block_id.startswith(ids.NEXT_MEETING) and "must be after 20 Nov 2026" in message
    assert rows(db, MonitoringMeeting, contract_id=contract.id) == []


def test_it_refuses_an_unanswered_yes_no(server, db, user):
    provider = make_provider(db, name="Harbour Meeting Unanswered")
    contract = make_contract(db, provider, reference="HMU-1")
    db.commit()
    view = open_form(server, "meeting HMU-1", user)
    values = meeting_values(view)
    del values[ids.DISCUSSED]

    errors = submit(server, view, values, user).json()["errors"]

    assert errors == {ids.DISCUSSED: "Please choose one."}
    assert rows(db, MonitoringMeeting, contract_id=contract.id) == []


def test_every_wrong_meeting_field_comes_back_at_once(server, db, user):
    provider = make_provider(db, name="Harbour Meeting All Wrong")
    contract = make_contract(db, provider, reference="HMA-1")
    db.commit()
    view = open_form(server, "meeting HMA-1", user)
    values = meeting_values(view, held_on=TODAY + timedelta(days=3),
                            next_on=TODAY + timedelta(days=1))
    del values[ids.DISCUSSED]

    errors = submit(server, view, values, user).json()["errors"]

    next_block = next(b for b in errors if b.startswith(ids.NEXT_MEETING))
    assert errors == {
        ids.HELD_ON: "A meeting can't be in the future (today is 25 Nov 2026).",
        ids.DISCUSSED: "Please choose one.",
        next_block: "The next meeting must be after 28 Nov 2026."}
    assert rows(db, MonitoringMeeting, contract_id=contract.id) == []


def test_every_wrong_assessment_field_comes_back_at_once(server, db, user):
    provider = make_provider(db, name="Harbour Assessment All Wrong")
    db.commit()
    view = open_form(server, "assessment Harbour Assessment All Wrong", user)
    later = date_value(TODAY + timedelta(days=2))

    errors = submit(server, view, {ids.COMPLETED_ON: later, ids.STATEMENT_ON: later},
                    user).json()["errors"]

    assert errors == {
        ids.COMPLETED_ON: "A self-assessment can't be in the future (today is 25 Nov 2026).",
        ids.STATEMENT_ON: "A statement can't be in the future (today is 25 Nov 2026)."}
    assert rows(db, SelfAssessment, provider_id=provider.id) == []


def test_changing_the_meeting_date_refreshes_the_next_meeting_prefill(server, db, user):
    provider = make_provider(db, name="Harbour Meeting Refresh")
    make_contract(db, provider, reference="HMX-1", start_date=date(2026, 1, 31))
    db.commit()
    view = open_form(server, "meeting HMX-1", user)
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T0TEST"},
               "api_app_id": "A0TEST", "trigger_id": "T-x",
               "view": {**view, "id": "V0REFRESH", "hash": "h1"},
               "actions": [{"type": "datepicker", "action_id": ids.MEETING_HELD_ON_ACTION,
                            "block_id": ids.HELD_ON, "selected_date": "2026-08-03"}]}

    assert server.sender.interact(payload).status == 200

    [update] = wait_for(lambda: [c for c in server.slack.calls_to("views.update")
                                 if c.params["view_id"] == "V0REFRESH"], what="views.update")
    assert_valid_view(update.params["view"])
    expected = next_due(date(2026, 1, 31), 3, date(2026, 8, 3))
    assert expected == date(2026, 10, 31)
    assert f"{ids.NEXT_MEETING}:2026-10-31" in {b.get("block_id")
                                              for b in update.params["view"]["blocks"]}


def test_it_offers_a_providers_contracts_when_given_its_name(server, db, user):
    provider = make_provider(db, name="Kestrel Meeting Provider")
    make_contract(db, provider, reference="KMP-1")
    make_contract(db, provider, reference="KMP-2")
    db.commit()

    server.sender.command("meeting Kestrel Meeting Provider", user=user,
                          response_url=server.slack.response_url(user))

    [reply] = wait_for(lambda: server.slack.calls_to(f"response:{user}"), what="the reply")
    assert "KMP-1" in reply.params["blocks"][0]["text"]["text"]
    assert "KMP-2" in reply.params["blocks"][0]["text"]["text"]


def check_values(theme="Safer recruitment", done_on=TODAY, outcome="amber", findings=""):
    values = {ids.THEME: text_value(theme), ids.DONE_ON: date_value(done_on),
              ids.FINDINGS: text_value(findings)}
    if outcome:
        values[ids.OUTCOME] = choice_value(outcome)
    return values


def test_it_saves_a_thematic_check_and_its_colour_carries(server, db, user):
    provider = make_provider(db, name="Oakmere Check Save")
    contract = make_contract(db, provider, reference="OCS-1")
    db.commit()
    view = open_form(server, "check OCS-1", user)

    answer = submit(server, view, check_values(findings="Two files lacked references"), user)

    assert (answer.status, answer.body) == (200, "")
    [check] = rows(db, ThematicCheck, contract_id=contract.id)
    assert (check.theme, check.done_on, check.outcome, check.recorded_by) == \
        ("Safer recruitment", TODAY, "amber", user)
    assert rows(db, AuditEntry, entity="thematic_check", entity_id=str(check.id))
    wait_for(lambda: dms_to(server, user), what="the confirmation")
    assert contract_status(db, contract=contract, today=TODAY)[5].rag is Rag.AMBER


def test_it_completes_a_planned_check_of_the_same_theme(server, db, user):
    provider = make_provider(db, name="Oakmere Check Planned")
    contract = make_contract(db, provider, reference="OCP-1")
    db.add(ThematicCheck(contract_id=contract.id, theme="Online safety",
                         due_on=date(2026, 12, 1), recorded_by="test"))
    db.commit()
    view = open_form(server, "check OCP-1", user)
    theme = next(b for b in view["blocks"] if b.get("block_id") == ids.THEME)
    assert theme["element"]["initial_value"] == "Online safety"

    submit(server, view, check_values(theme="online safety", outcome="green"), user)

    [check] = rows(db, ThematicCheck, contract_id=contract.id)
    assert (check.done_on, check.outcome, check.due_on) == (TODAY, "green", date(2026, 12, 1))
    [audit] = rows(db, AuditEntry, entity="thematic_check", entity_id=str(check.id))
    assert audit.action == "update"


def test_it_refuses_a_check_with_a_blank_theme_and_no_outcome(server, db, user):
    provider = make_provider(db, name="Oakmere Check Blank")
    contract = make_contract(db, provider, reference="OCB-1")
    db.commit()
    view = open_form(server, "check OCB-1", user)

    errors = submit(server, view, check_values(theme="   ", outcome=None), user).json()["errors"]

    assert errors == {ids.THEME: "Please fill this in.", ids.OUTCOME: "Please choose one."}
    assert rows(db, ThematicCheck, contract_id=contract.id) == []


def test_it_saves_a_self_assessment_from_a_contract_reference(server, db, user):
    provider = make_provider(db, name="Brightwell Assessment Save")
    make_contract(db, provider, reference="BAS-1")
    db.commit()
    view = open_form(server, "assessment BAS-1", user)
    assert view["private_metadata"] == str(provider.id)

    answer = submit(server, view, {ids.COMPLETED_ON: date_value(date(2026, 11, 2)),
                                   ids.STATEMENT_ON: date_value(date(2026, 11, 3)),
                                   ids.NOTES: text_value("Signed by the CEO")}, user)

    assert answer.status == 200 and answer.body == ""
    [assessment] = rows(db, SelfAssessment, provider_id=provider.id)
    assert (assessment.completed_on, assessment.statement_received_on, assessment.notes,
            assessment.recorded_by) == (date(2026, 11, 2), date(2026, 11, 3),
                                        "Signed by the CEO", user)
    assert rows(db, AuditEntry, entity="self_assessment", entity_id=str(assessment.id))
    [dm] = wait_for(lambda: dms_to(server, user), what="the confirmation")
    assert_no_certificate_number(dm.params)


def test_it_refuses_a_statement_received_in_the_future(server, db, user):
    provider = make_provider(db, name="Brightwell Assessment Future")
    db.commit()
    view = open_form(server, "assessment Brightwell Assessment Future", user)

    errors = submit(server, view, {ids.COMPLETED_ON: date_value(TODAY),
                                   ids.STATEMENT_ON: date_value(TODAY + timedelta(days=3))},
                    user).json()["errors"]

    assert list(errors) == [ids.STATEMENT_ON]
    assert rows(db, SelfAssessment, provider_id=provider.id) == []


def test_it_tells_the_person_when_the_contract_went_away_meanwhile(server, db, user):
    provider = make_provider(db, name="Gone Meanwhile")
    contract = make_contract(db, provider, reference="GMW-1")
    db.commit()
    view = open_form(server, "meeting GMW-1", user)
    db.delete(contract)
    db.commit()

    errors = submit(server, view, meeting_values(view), user).json()["errors"]

    assert errors == {ids.HELD_ON: "This contract is no longer in the register."}
