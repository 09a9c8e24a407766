"""``dbs NAME`` and ``status`` show each person's state; the digest's button records that a
person left (with the day; audited; no more reminders) as well as a renewal."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from bot import ids
from models import AuditEntry
from tests.bot.conftest import TODAY
from tests.bot.slackhttp import choice_value, date_value, view_submission, wait_for
from tests.bot.test_commands import ask, words
from tests.bot.test_renewal import click, fresh, opened, person
from tests.factories import make_contract, make_provider, make_staff

NO_CERTIFICATE = {"dbs_certificate_token": None, "dbs_certificate_last4": None,
                  "dbs_recheck_due": None}


def lifecycle_contract(db, name: str, manager: str):
    contract = make_contract(db, make_provider(db, name=name), contract_manager=manager)
    make_staff(db, contract, name="Waiting Wyn", dbs_applied_on=TODAY - timedelta(days=3),
               **NO_CERTIFICATE)
    make_staff(db, contract, name="Late Lyle", dbs_applied_on=TODAY - timedelta(days=40),
               **NO_CERTIFICATE)
    make_staff(db, contract, name="Nobody Nia", **NO_CERTIFICATE)
    make_staff(db, contract, name="Gone Gus", left_on=TODAY, dbs_recheck_due=date(2026, 1, 1))
    make_staff(db, contract, name="Fine Fay", dbs_recheck_due=date(2029, 1, 1))
    db.commit()
    return contract


def test_dbs_lists_no_record_then_awaiting_and_counts_leavers(server, db, user):
    contract = lifecycle_contract(db, "Lifecycle DBS List", user)

    text = words(ask(server, f"dbs {contract.reference}", user))

    order = [text.index(name) for name in ("Nobody Nia", "Late Lyle", "Waiting Wyn")]
    assert order == sorted(order)
    assert "no DBS record" in text and "awaiting a certificate (applied 22 Nov 2026)" in text
    assert "Gone Gus" not in text and "Fine Fay" not in text
    assert "1 person who left is no longer listed or reminded" in text


def test_status_counts_each_state(server, db, user):
    contract = lifecycle_contract(db, "Lifecycle Status", user)

    text = words(ask(server, f"status {contract.reference}", user))

    assert ("1 missing a DBS record; 1 awaiting a DBS certificate for over 28 days of 4 staff; "
            "1 left (out of the standard)") in text
    assert "Waiting Wyn" not in text and "Gone Gus" not in text


def leaver_values(left_on: date) -> dict:
    return {ids.RENEWAL_OUTCOME: choice_value(ids.LEFT), ids.LEFT_ON: date_value(left_on)}


def test_the_button_records_a_leaver_with_the_day_audited_and_confirmed(server, db, user):
    contract, staff = person(db, user, "Leaving Lena")
    view = opened(server, click(server, staff, user))

    answer = server.sender.interact(view_submission(view, leaver_values(TODAY), user=user))

    assert (answer.status, answer.body) == (200, "")
    assert fresh(db, staff).left_on == TODAY
    [audit] = db.exec(select(AuditEntry).where(AuditEntry.entity == "staff",
                                               AuditEntry.entity_id == str(staff.id))).all()
    assert (audit.actor, audit.changes) == (f"slack:{user}", {"left_on": [None, "2026-11-25"]})
    [dm] = wait_for(lambda: [c for c in server.slack.posts() if c.channel == user],
                    what="the confirmation")
    assert "left" in dm.params["blocks"][0]["text"]["text"]
    assert fresh(db, staff).dbs_certificate_last4 == "1111"  # the renewal fields ignored


def test_a_leaving_day_in_the_future_or_before_the_contract_is_refused(server, db, user):
    contract, staff = person(db, user, "Leaving Lars")
    view = opened(server, click(server, staff, user))

    future = server.sender.interact(view_submission(
        view, leaver_values(TODAY + timedelta(days=1)), user=user)).json()
    early = server.sender.interact(view_submission(
        view, leaver_values(contract.start_date - timedelta(days=1)), user=user)).json()

    assert list(future["errors"]) == [ids.LEFT_ON]
    assert "can't be before" in early["errors"][ids.LEFT_ON]
    assert fresh(db, staff).left_on is None
