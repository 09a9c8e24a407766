"""A contract's lifecycle in Slack: ``ready REFERENCE`` to anyone, counts only; ``status`` of a
tender is its readiness, of a decommissioning contract its end and exit meeting, of a contract
past its end date "ended"; the check form gives the one thematic-check due date."""

from __future__ import annotations

from datetime import date

from models import SelfAssessment, ThematicCheck, UserRole
from models.enums import ContactLevel, Role
from tests.bot.test_commands import ask, words
from tests.bot.test_modals import open_form
from tests.factories import make_assessment, make_contract, make_meeting, make_provider, make_staff


def test_it_answers_ready_for_a_tender_that_meets_all_five_items(server, db, user):
    provider = make_provider(db, name="Ready Tender Provider")
    make_assessment(db, provider, completed_on=date(2026, 9, 1))
    tender = make_contract(db, provider, reference="RDY-1", status="tender",
                           start_date=date(2026, 12, 14))
    make_staff(db, tender, name="Awaiting Applicant", dbs_certificate_token=None,
               dbs_certificate_last4=None, dbs_recheck_due=None, dbs_applied_on=date(2026, 11, 2))
    db.commit()

    reply = ask(server, "ready rdy-1", user)

    assert reply["text"] == "RDY-1: ready to engage"
    text = words(reply)
    assert "*Ready to engage*: all 5 items met." in text
    assert "due 14 Dec 2026 (in 19 days)" in text and "tender, starts 14 Dec 2026" in text
    assert "Awaiting Applicant" not in text


def test_it_names_each_unmet_item_of_a_tender_as_counts(server, db, user):
    provider = make_provider(db, name="Unready Tender Provider", safeguarding_lead=None)
    tender = make_contract(db, provider, reference="UNR-1", status="tender",
                           clause_elements="legislation;training", safeguarding_metrics=False,
                           start_date=date(2027, 1, 4))
    make_staff(db, tender, name="Nobody Checked", dbs_certificate_token=None,
               dbs_certificate_last4=None, dbs_recheck_due=None)
    make_staff(db, tender, name="Fine Person")
    make_staff(db, tender, name="Office Only", contact_level=ContactLevel.NONE,
               dbs_certificate_token=None)
    db.commit()

    for command in ("ready UNR-1", "status unr-1"):  # a tender's status is its readiness
        reply = ask(server, command, user)
        text = words(reply)
        assert reply["text"] == "UNR-1: not ready: 5 of 5 items unmet (1, 2, 3, 4, 5)"
        assert "no self-assessment on record" in text
        assert "2 of 10 clause elements; missing: safeguarding_reference" in text
        assert "the provider has no safeguarding lead" in text
        assert "1 of 2 members of staff in contact with children with no DBS record" in text
        assert "no safeguarding metrics" in text
        assert "Nobody Checked" not in text and "*6." not in text


def test_it_answers_ready_to_anyone_without_a_role(server, db):
    provider = make_provider(db, name="Anyone Ready Provider")
    make_contract(db, provider, reference="ANY-RDY-1", status="tender",
                  start_date=date(2027, 2, 1))
    db.commit()
    reply = ask(server, "ready ANY-RDY-1", "U0NOROLE99")
    assert reply["text"].startswith("ANY-RDY-1: not ready: 1 of 5 items unmet (1)")


def test_it_shows_a_decommissioning_contract_with_its_end_and_exit_meeting(server, db, user):
    provider = make_provider(db, name="Winding Down Provider")
    make_assessment(db, provider, completed_on=date(2026, 9, 1))
    contract = make_contract(db, provider, reference="WDP-1", status="decommissioning",
                             start_date=date(2025, 12, 1), end_date=date(2026, 12, 20))
    make_meeting(db, contract, held_on=date(2026, 9, 1))
    db.commit()

    text = words(ask(server, "status WDP-1", user))

    assert "decommissioning, ends 20 Dec 2026" in text
    assert "exit monitoring meeting due 1 Dec 2026 (in 6 days)" in text

    make_meeting(db, contract, held_on=date(2026, 11, 20))
    db.commit()
    text = words(ask(server, "status wdp-1", user))
    assert "exit monitoring meeting held 20 Nov 2026; the contract ends 20 Dec 2026" in text


def test_it_counts_a_contract_past_its_end_date_as_ended(server, db, user):
    provider = make_provider(db, name="Past End Provider")
    make_contract(db, provider, reference="PEP-1", status="decommissioning",
                  end_date=date(2026, 11, 24), clause_elements="")
    make_contract(db, provider, reference="PEP-2", status="tender", start_date=date(2027, 3, 1))
    make_contract(db, provider, reference="PEP-3")
    db.commit()

    text = words(ask(server, "status Past End Provider", user))

    assert "(1 live, 1 tender)" in text
    assert "`PEP-1` Short breaks (ended 24 Nov 2026)" in text
    assert "`PEP-2` Short breaks (tender)" in text
    assert "0 of 10 clause elements" not in text  # the ended contract is out of standard 2


def test_it_gives_the_same_thematic_check_date_in_the_form_and_in_status(server, db, user):
    db.add(UserRole(slack_user_id=user, role=Role.COMMISSIONER))
    provider = make_provider(db, name="One Date Provider", risk="high")
    db.add(SelfAssessment(provider_id=provider.id, completed_on=date(2026, 9, 1),
                          statement_received_on=date(2026, 9, 1), recorded_by="test"))
    contract = make_contract(db, provider, reference="ODP-1", start_date=date(2026, 6, 9))
    db.add(ThematicCheck(contract_id=contract.id, theme="Online safety",
                         due_on=date(2026, 12, 9), recorded_by="test"))
    db.commit()

    view = open_form(server, "check ODP-1", user)
    status = words(ask(server, "status ODP-1", user))

    form = view["blocks"][0]["elements"][0]["text"]
    assert "next thematic check was due 9 Sep 2026 (overdue by 77 days)" in form
    assert "the planned date 9 Dec 2026 is later than the cadence allows" in form
    assert "next thematic check was due 9 Sep 2026 (overdue by 77 days)" in status
