"""The "Record renewal" button and its modal: entitled people only, the new number encrypted
and masked everywhere, the re-check date prefilled three years on."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import select

from bot import ids
from bot.ids import RECORD_RENEWAL_ACTION
from models import AuditEntry, Staff
from models.enums import Role
from models.ops import UserRole
from tests.bot.blockcheck import (
    assert_no_certificate_number,
    assert_valid_blocks,
    assert_valid_view,
)
from tests.bot.conftest import TODAY
from tests.bot.slackhttp import button_payload, date_value, text_value, view_submission, wait_for
from tests.factories import make_contract, make_provider, make_staff

NEW_NUMBER = "001234 567890"


def person(db, manager: str, name: str):
    provider = make_provider(db, name=f"Renewal Provider {name}")
    contract = make_contract(db, provider, contract_manager=manager)
    staff = make_staff(db, contract, name=name, dbs_recheck_due=date(2026, 11, 1),
                       dbs_certificate_last4="1111")
    db.commit()
    return contract, staff


def click(server, staff, user: str):
    trigger = f"T-renew-{user}"
    answer = server.sender.interact(button_payload(
        action_id=RECORD_RENEWAL_ACTION, value=str(staff.id), user=user, trigger_id=trigger,
        response_url=server.slack.response_url(f"button-{user}")))
    assert answer.status == 200
    return trigger


def opened(server, trigger: str) -> dict:
    [call] = wait_for(lambda: [c for c in server.slack.calls_to("views.open")
                               if c.params["trigger_id"] == trigger], what="views.open")
    assert_valid_view(call.params["view"])
    return call.params["view"]


def renewal_values(view, *, number=NEW_NUMBER, issued=date(2026, 11, 10), recheck=None):
    recheck_block = next(b["block_id"] for b in view["blocks"]
                         if b.get("block_id", "").startswith(ids.RECHECK_DUE))
    return {ids.CERTIFICATE: text_value(number), ids.ISSUED_ON: date_value(issued),
            recheck_block: date_value(recheck or date(2029, 11, 10))}


def fresh(db, staff) -> Staff:
    db.expire_all()
    return db.get(Staff, staff.id)


def test_the_button_opens_the_renewal_form_for_the_contract_manager(server, db, user):
    _, staff = person(db, user, "Renew Rita")

    view = opened(server, click(server, staff, user))

    assert view["callback_id"] == "record_renewal_modal"
    assert view["private_metadata"] == str(staff.id)
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    recheck = blocks[f"{ids.RECHECK_DUE}:{(TODAY.replace(year=2029)).isoformat()}"]
    assert recheck["element"]["initial_date"] == "2029-11-25"
    assert "••••••••1111" in json.dumps(view, ensure_ascii=False)


def test_the_button_tells_others_they_may_not_and_opens_nothing(server, db, user):
    _, staff = person(db, "U0SOMEONEELSE", "Renew Ronan")

    trigger = click(server, staff, user)

    [reply] = wait_for(lambda: server.slack.calls_to(f"response:button-{user}"), what="reply")
    assert "Only a BSCP admin" in reply.params["text"]
    assert not [c for c in server.slack.calls_to("views.open")
                if c.params["trigger_id"] == trigger]


def test_a_valid_renewal_is_stored_encrypted_audited_masked_and_confirmed(server, db, user):
    contract, staff = person(db, user, "Renew Reena")
    view = opened(server, click(server, staff, user))

    answer = server.sender.interact(view_submission(view, renewal_values(view), user=user))

    assert (answer.status, answer.body) == (200, "")
    stored = fresh(db, staff)
    assert server.cipher.decrypt(stored.dbs_certificate_token) == "001234567890"
    assert (stored.dbs_certificate_last4, stored.dbs_issue_date, stored.dbs_recheck_due) == \
        ("7890", date(2026, 11, 10), date(2029, 11, 10))
    [audit] = db.exec(select(AuditEntry).where(AuditEntry.entity == "staff",
                                               AuditEntry.entity_id == str(staff.id))).all()
    assert audit.actor == f"slack:{user}"
    assert audit.changes["dbs_certificate"] == ["••••••••1111", "••••••••7890"]
    assert audit.changes["dbs_recheck_due"] == ["2026-11-01", "2029-11-10"]
    [dm] = wait_for(lambda: [c for c in server.slack.posts() if c.channel == user],
                    what="the confirmation")
    assert "••••••••7890" in dm.params["text"]
    assert_valid_blocks(dm.params["blocks"])
    assert_no_certificate_number(audit.changes, *[c.params for c in server.slack.calls])
    assert "567890" not in server.log_text()


def test_a_bad_certificate_number_comes_back_on_its_field_and_nothing_changes(server, db, user):
    _, staff = person(db, user, "Renew Ravi")
    view = opened(server, click(server, staff, user))

    answer = server.sender.interact(view_submission(
        view, renewal_values(view, number="0012 3456 789"), user=user))

    assert answer.json() == {"response_action": "errors", "errors": {
        ids.CERTIFICATE: "A DBS certificate number is exactly 12 digits (spaces and dashes are "
                       "fine)."}}
    assert fresh(db, staff).dbs_certificate_last4 == "1111"


def test_a_recheck_before_the_issue_date_is_refused(server, db, user):
    _, staff = person(db, user, "Renew Rosa")
    view = opened(server, click(server, staff, user))

    errors = server.sender.interact(view_submission(view, renewal_values(
        view, issued=date(2026, 11, 10), recheck=date(2026, 10, 1)), user=user)).json()["errors"]

    [(block_id, message)] = errors.items()
    assert block_id.startswith(ids.RECHECK_DUE) and "must be after 10 Nov 2026" in message
    assert fresh(db, staff).dbs_recheck_due == date(2026, 11, 1)


def test_an_issue_date_in_the_future_is_refused(server, db, user):
    _, staff = person(db, user, "Renew Reg")
    view = opened(server, click(server, staff, user))

    errors = server.sender.interact(view_submission(view, renewal_values(
        view, issued=TODAY + timedelta(days=1)), user=user)).json()["errors"]

    assert list(errors) == [ids.ISSUED_ON]


def test_a_submission_by_someone_not_entitled_is_refused(server, db, user):
    _, staff = person(db, "U0MANAGERX", "Renew Remy")
    db.add(UserRole(slack_user_id="U0ADMINX", role=Role.ADMIN))
    db.commit()
    view = opened(server, click(server, staff, "U0ADMINX"))

    errors = server.sender.interact(view_submission(view, renewal_values(view),
                                                    user=user)).json()["errors"]

    assert ids.CERTIFICATE in errors and "Only a BSCP admin" in errors[ids.CERTIFICATE]
    assert fresh(db, staff).dbs_certificate_last4 == "1111"


def test_changing_the_issue_date_refreshes_the_recheck_prefill(server, db, user):
    _, staff = person(db, user, "Renew Rhea")
    view = opened(server, click(server, staff, user))
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T0TEST"},
               "api_app_id": "A0TEST", "trigger_id": "T-y",
               "view": {**view, "id": f"V{user}", "hash": "h1"},
               "actions": [{"type": "datepicker", "action_id": ids.RENEWAL_ISSUED_ON_ACTION,
                            "block_id": ids.ISSUED_ON, "selected_date": "2026-03-01"}]}

    server.sender.interact(payload)

    [update] = wait_for(lambda: [c for c in server.slack.calls_to("views.update")
                                 if c.params["view_id"] == f"V{user}"], what="views.update")
    assert_valid_view(update.params["view"])
    assert f"{ids.RECHECK_DUE}:2029-03-01" in {b.get("block_id")
                                             for b in update.params["view"]["blocks"]}
