"""Facts read from the database agree with the pure rules."""

from datetime import date

from models import ThematicCheck
from models.enums import ContactLevel, ContractStatus, Rag
from models.facts import StaffFacts
from models.queries import contract_facts, contract_status, dbs_counts, provider_status
from models.standards import summarise_dbs
from tests.factories import (
    make_assessment,
    make_contract,
    make_meeting,
    make_provider,
    make_staff,
)

TODAY = date(2026, 12, 10)


def test_it_counts_dbs_facts_like_the_pure_rule(session):
    contract = make_contract(session, make_provider(session))
    rows = [
        {"dbs_recheck_due": date(2026, 12, 9)},  # overdue
        {"dbs_recheck_due": TODAY},  # due today
        {"dbs_recheck_due": date(2027, 1, 9)},  # 30 days: due soon
        {"dbs_recheck_due": date(2027, 1, 10)},  # 31 days: fine
        {"dbs_certificate_token": None, "dbs_certificate_last4": None},  # missing
        {"contact_level": ContactLevel.NONE, "dbs_recheck_due": date(2020, 1, 1)},  # ignored
        {"dbs_recheck_due": date(2020, 1, 1), "left_on": date(2026, 1, 1)},  # left: ignored
    ]
    staff = [make_staff(session, contract, **row) for row in rows]
    session.commit()
    pure = summarise_dbs([StaffFacts(s.contact_level, s.dbs_certificate_token is not None,
                                     s.dbs_recheck_due, left_on=s.left_on) for s in staff], TODAY)
    assert dbs_counts(session, contract_ids=[contract.id], today=TODAY)[contract.id] == pure
    assert (pure.in_contact, pure.missing, pure.overdue, pure.due_soon, pure.left) == \
        (5, 1, 1, 2, 1)


def test_it_reads_the_latest_meeting_and_check_per_contract(session):
    provider = make_provider(session)
    first, second = make_contract(session, provider), make_contract(session, provider)
    make_meeting(session, first, held_on=date(2026, 4, 30))
    make_meeting(session, first, held_on=date(2026, 7, 30), safeguarding_discussed=False)
    make_meeting(session, second, held_on=date(2026, 5, 2), next_meeting_on=date(2026, 8, 1))
    session.add(ThematicCheck(contract_id=first.id, theme="Online safety",
                              done_on=date(2026, 6, 1), outcome=Rag.AMBER, recorded_by="test"))
    session.add(ThematicCheck(contract_id=first.id, theme="Exploitation",
                              due_on=date(2026, 12, 1), recorded_by="test"))
    session.commit()
    a, b = contract_facts(session, contracts=[first, second], today=TODAY)
    assert (a.last_meeting_on, a.last_meeting_discussed_safeguarding) == (date(2026, 7, 30), False)
    assert (a.last_check_done_on, a.last_check_outcome) == (date(2026, 6, 1), Rag.AMBER)
    assert a.planned_check_due_on == date(2026, 12, 1)
    assert (b.last_meeting_on, b.agreed_next_meeting_on) == (date(2026, 5, 2), date(2026, 8, 1))
    assert b.last_check_done_on is None


def test_it_gives_a_contract_and_its_provider_six_standards(session):
    provider = make_provider(session)
    make_assessment(session, provider, completed_on=date(2026, 2, 1))
    good = make_contract(session, provider, start_date=date(2026, 10, 1))
    bad = make_contract(session, provider, start_date=date(2026, 10, 1),
                        clause_elements="legislation")
    make_contract(session, provider, start_date=date(2020, 1, 1), clause_elements="",
                  status=ContractStatus.ENDED)
    session.commit()
    assert [s.rag for s in contract_status(session, contract=good, today=TODAY)] == [
        Rag.GREEN, Rag.GREEN, Rag.RED, Rag.GREEN, Rag.GREEN, Rag.GREEN]
    overall, contracts = provider_status(session, provider=provider, today=TODAY)
    assert [c.reference for c, _ in contracts] == sorted([good.reference, bad.reference,
                                                          contracts[2][0].reference])
    assert overall[1].rag is Rag.RED and overall[1].reason.startswith(
        f"1 of 2 contracts red: {bad.reference}: 1 of 10 clause elements")
