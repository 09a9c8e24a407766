"""Each standard's whole answer — number, title, colour, the reason a person reads, the next
due date — stated literally for every branch of its rule."""

from dataclasses import astuple, replace
from datetime import date

import pytest

from models import standards
from models.enums import CLAUSE_ELEMENTS, ContactLevel, ContractStatus, Rag, Risk
from models.facts import BriefingFacts, ContractFacts, DbsCounts, ProviderFacts, StaffFacts

TODAY = date(2026, 11, 25)
ALL = frozenset(CLAUSE_ELEMENTS)
ASSESSED = ProviderFacts(first_assessment_on=date(2026, 1, 31),
                         last_assessment_on=date(2026, 1, 31),
                         last_statement_received_on=date(2026, 2, 3),
                         last_training_on=date(2026, 6, 1))
CONTRACT = ContractFacts(reference="REF-1", start_date=date(2026, 1, 31), clause_elements=ALL,
                         safeguarding_metrics=True)
S1 = "Self-assessment and safeguarding statement"
S2 = "Safeguarding clause in the contract"
S3 = "BSCP briefings and training"
S4 = "DBS checks recorded and in date"
S5 = "Safeguarding at monitoring meetings"
S6 = "Risk-based thematic checks"


def whole(status) -> tuple:
    return astuple(status)


@pytest.mark.parametrize(("today", "reason", "rag"), [
    (date(2026, 11, 25), "next self-assessment due 31 Jan 2027 (in 67 days)", Rag.GREEN),
    (date(2027, 1, 29), "next self-assessment due 31 Jan 2027 (in 2 days)", Rag.AMBER),
    (date(2027, 1, 30), "next self-assessment due 31 Jan 2027 (in 1 day)", Rag.AMBER),
    (date(2027, 1, 31), "next self-assessment due today (31 Jan 2027)", Rag.AMBER),
    (date(2027, 2, 1), "next self-assessment was due 31 Jan 2027 (overdue by 1 day)", Rag.RED),
    (date(2027, 2, 2), "next self-assessment was due 31 Jan 2027 (overdue by 2 days)", Rag.RED),
])
def test_it_says_when_the_next_self_assessment_is_due_in_words(today, reason, rag):
    assert whole(standards.self_assessment_status(ASSESSED, today)) == (
        1, S1, rag, reason, date(2027, 1, 31))


def test_it_says_what_standard_1_is_missing():
    assert whole(standards.self_assessment_status(ProviderFacts(), TODAY)) == (
        1, S1, Rag.RED, "no self-assessment on record", None)
    no_statement = replace(ASSESSED, last_statement_received_on=None)
    assert whole(standards.self_assessment_status(no_statement, TODAY)) == (
        1, S1, Rag.RED, "no Child Safeguarding Statement received", date(2027, 1, 31))


def test_it_names_every_missing_clause_element_in_order():
    assert whole(standards.clause_status(CONTRACT)) == (
        2, S2, Rag.GREEN, "all 10 clause elements present", None)
    two_missing = replace(CONTRACT, clause_elements=ALL - {"training", "legislation"})
    assert whole(standards.clause_status(two_missing)) == (
        2, S2, Rag.RED, "8 of 10 clause elements; missing: legislation, training", None)


ACKED = BriefingFacts(date(2026, 9, 1), acknowledged_on=date(2026, 9, 2))
LATE = BriefingFacts(date(2026, 10, 1))  # two weeks passed on 15 October
WAITING = BriefingFacts(date(2026, 11, 20))  # to be acknowledged by 4 December
WAITING_BY_DEADLINE = BriefingFacts(date(2026, 11, 23), acknowledge_by=date(2026, 12, 1))


@pytest.mark.parametrize(("provider", "expected"), [
    (replace(ASSESSED, last_training_on=None, briefings=(ACKED, WAITING)),
     (Rag.RED, "no BSCP training on record; 1/2 briefings acknowledged", date(2026, 12, 4))),
    (replace(ASSESSED, briefings=(ACKED, LATE, WAITING)),
     (Rag.RED, "1 briefing not acknowledged in time; 1/3 briefings acknowledged",
      date(2026, 12, 4))),
    (replace(ASSESSED, last_training_on=date(2025, 11, 1), briefings=(WAITING,)),
     (Rag.RED, "BSCP training was due 1 Nov 2026 (overdue by 24 days); 0/1 briefings "
               "acknowledged", date(2026, 11, 1))),
    (replace(ASSESSED, briefings=(WAITING, WAITING_BY_DEADLINE, ACKED)),
     (Rag.AMBER, "2 briefings awaiting acknowledgement; 1/3 briefings acknowledged",
      date(2026, 12, 1))),
    (replace(ASSESSED, last_training_on=date(2025, 12, 10), briefings=(ACKED,)),
     (Rag.AMBER, "BSCP training due 10 Dec 2026 (in 15 days); 1/1 briefings acknowledged",
      date(2026, 12, 10))),
    (replace(ASSESSED, briefings=(ACKED,)),
     (Rag.GREEN, "1/1 briefings acknowledged; training in date", date(2027, 6, 1))),
    (replace(ASSESSED, last_training_on=date(2025, 12, 20), briefings=(WAITING,)),
     (Rag.AMBER, "1 briefing awaiting acknowledgement; 0/1 briefings acknowledged",
      date(2026, 12, 4))),
])
def test_it_explains_standard_3_and_its_next_date(provider, expected):
    assert whole(standards.briefings_status(provider, TODAY)) == (3, S3, *expected)


def test_it_counts_standard_4_facts_whatever_order_the_staff_come_in():
    staff = [
        StaffFacts(ContactLevel.NONE, False, None),  # not in contact: not counted
        StaffFacts(ContactLevel.REGULATED, False, date(2027, 6, 1)),  # no number: missing
        StaffFacts(ContactLevel.REGULAR, True, None),  # no re-check date: missing
        StaffFacts(ContactLevel.REGULAR, True, date(2028, 1, 1)),
        StaffFacts(ContactLevel.OCCASIONAL, True, date(2026, 11, 24)),  # overdue
        StaffFacts(ContactLevel.REGULATED, True, date(2026, 12, 25)),  # within 30 days
        StaffFacts(ContactLevel.REGULATED, True, date(2026, 12, 26)),  # 31 days: in date
        StaffFacts(ContactLevel.NONE, True, date(2026, 1, 1)),
    ]
    assert standards.summarise_dbs(staff, TODAY) == DbsCounts(
        in_contact=6, missing=2, overdue=1, due_soon=1, next_due=date(2026, 11, 24))
    assert standards.summarise_dbs(staff[3:4] + staff[6:7], TODAY) == DbsCounts(
        2, 0, 0, 0, date(2026, 12, 26))


def test_it_counts_people_awaiting_a_certificate_by_the_awaiting_days_given():
    def awaiting(applied_on: date) -> StaffFacts:
        return StaffFacts(ContactLevel.REGULAR, False, None, applied_on=applied_on)

    staff = [awaiting(date(2026, 11, 10)),  # red after 20 Nov with 10 days: late
             awaiting(date(2026, 11, 16)),  # red after 26 Nov: the earliest next date
             awaiting(date(2026, 11, 20))]  # red after 30 Nov
    assert standards.summarise_dbs(staff, TODAY, awaiting_days=10) == DbsCounts(
        in_contact=3, next_due=date(2026, 11, 26), awaiting=3, awaiting_late=1,
        awaiting_days=10)
    assert standards.summarise_dbs(staff, TODAY) == DbsCounts(
        in_contact=3, next_due=date(2026, 12, 8), awaiting=3, awaiting_late=0,
        awaiting_days=28)


@pytest.mark.parametrize(("counts", "rag", "reason"), [
    (DbsCounts(), Rag.GREEN, "no staff in contact with children recorded"),
    (DbsCounts(6, 2, 1, 1), Rag.RED, "2 missing a DBS record; 1 re-check overdue of 6 staff"),
    (DbsCounts(3, 0, 2, 1), Rag.RED, "2 re-checks overdue of 3 staff"),
    (DbsCounts(3, 1, 0, 1), Rag.RED, "1 missing a DBS record of 3 staff"),
    (DbsCounts(3, 0, 0, 2), Rag.AMBER, "2 of 3 re-checks due within 30 days"),
    (DbsCounts(4, due_soon=1, no_match=1, awaiting=1), Rag.AMBER,
     "1 of 4 staff with no match on the DBS Update Service; 1 of 4 staff awaiting a DBS "
     "certificate; 1 of 4 re-checks due within 30 days"),
    (DbsCounts(3, 0, 0, 0), Rag.GREEN, "all 3 DBS re-checks in date"),
])
def test_it_explains_standard_4(counts, rag, reason):
    next_due = None if counts.in_contact == 0 else date(2026, 12, 1)
    contract = replace(CONTRACT, dbs=replace(counts, next_due=next_due))
    assert whole(standards.dbs_status(contract)) == (4, S4, rag, reason, next_due)


@pytest.mark.parametrize(("contract", "expected"), [
    (replace(CONTRACT, safeguarding_metrics=False),
     (Rag.RED, "no safeguarding metrics in the contract", date(2026, 4, 30))),
    (replace(CONTRACT, last_meeting_on=date(2026, 11, 3),
             last_meeting_discussed_safeguarding=False),
     (Rag.RED, "safeguarding not discussed at the meeting of 3 Nov 2026", date(2027, 1, 31))),
    (replace(CONTRACT, last_meeting_on=date(2026, 10, 30),
             last_meeting_discussed_safeguarding=True),
     (Rag.GREEN, "next monitoring meeting due 31 Jan 2027 (in 67 days)", date(2027, 1, 31))),
    (replace(CONTRACT, last_meeting_on=date(2026, 10, 30),
             last_meeting_discussed_safeguarding=True, agreed_next_meeting_on=date(2026, 12, 2)),
     (Rag.AMBER, "next monitoring meeting due 2 Dec 2026 (in 7 days)", date(2026, 12, 2))),
    (CONTRACT, (Rag.RED, "next monitoring meeting was due 30 Apr 2026 (overdue by 209 days)",
                date(2026, 4, 30))),
    (replace(CONTRACT, status=ContractStatus.DECOMMISSIONING, end_date=date(2026, 12, 20),
             last_meeting_on=date(2026, 11, 3), last_meeting_discussed_safeguarding=True),
     (Rag.GREEN, "exit monitoring meeting held 3 Nov 2026; the contract ends 20 Dec 2026",
      None)),
])
def test_it_explains_standard_5(contract, expected):
    assert whole(standards.meetings_status(contract, TODAY)) == (5, S5, *expected)


@pytest.mark.parametrize(("contract", "risk", "expected"), [
    (replace(CONTRACT, last_check_done_on=date(2026, 7, 30)), Risk.MEDIUM,
     (Rag.GREEN, "next thematic check due 31 Jan 2027 (in 67 days)", date(2027, 1, 31))),
    (replace(CONTRACT, last_check_done_on=date(2026, 7, 30),
             planned_check_due_on=date(2026, 12, 10)), Risk.MEDIUM,
     (Rag.AMBER, "next thematic check due 10 Dec 2026 (in 15 days)", date(2026, 12, 10))),
    (replace(CONTRACT, last_check_done_on=date(2026, 7, 30),
             planned_check_due_on=date(2027, 3, 1)), Risk.MEDIUM,
     (Rag.GREEN, "next thematic check due 31 Jan 2027 (in 67 days)", date(2027, 1, 31))),
    (replace(CONTRACT, last_check_done_on=date(2026, 7, 30), last_check_outcome=Rag.AMBER),
     Risk.MEDIUM, (Rag.AMBER, "last check rated amber; next thematic check due 31 Jan "
                              "2027 (in 67 days)", date(2027, 1, 31))),
    (replace(CONTRACT, last_check_done_on=date(2026, 7, 30), last_check_outcome=Rag.RED),
     Risk.MEDIUM, (Rag.RED, "last check rated red; next thematic check due 31 Jan "
                            "2027 (in 67 days)", date(2027, 1, 31))),
    (replace(CONTRACT, last_check_done_on=date(2026, 7, 30), last_check_outcome=Rag.AMBER),
     Risk.HIGH, (Rag.RED, "next thematic check was due 31 Oct 2026 (overdue by 25 days)",
                 date(2026, 10, 31))),
    (replace(CONTRACT, last_check_done_on=date(2026, 7, 30), last_check_outcome=Rag.GREEN),
     Risk.LOW, (Rag.GREEN, "next thematic check due 31 Jan 2027 (in 67 days)",
                date(2027, 1, 31))),
])
def test_it_explains_standard_6(contract, risk, expected):
    assert whole(standards.thematic_status(contract, risk, TODAY)) == (6, S6, *expected)


def contract(reference: str, **changes) -> ContractFacts:
    return replace(CONTRACT, **{"reference": reference, "last_meeting_on": date(2026, 10, 30),
                                "last_meeting_discussed_safeguarding": True,
                                "last_check_done_on": date(2026, 7, 30), **changes})


def test_it_names_the_first_flagged_contract_and_counts_the_others():
    contracts = [contract("A-1"), contract("B-2", clause_elements=ALL - {"cascade"}),
                 contract("C-3", clause_elements=ALL - {"reporting"}),
                 contract("D-4", agreed_next_meeting_on=date(2026, 12, 2))]
    result = standards.provider_standards(ASSESSED, contracts, TODAY)
    assert [s.number for s in result] == [1, 2, 3, 4, 5, 6]
    assert whole(result[1]) == (2, S2, Rag.RED, "2 of 4 contracts red: B-2: 9 of 10 clause "
                                "elements; missing: cascade (and 1 more)", None)
    assert whole(result[4]) == (5, S5, Rag.AMBER, "1 of 4 contracts amber: D-4: next "
                                "monitoring meeting due 2 Dec 2026 (in 7 days)",
                                date(2026, 12, 2))


def test_it_gives_the_earliest_next_date_when_every_contract_is_green():
    contracts = [contract("A-1", last_check_done_on=date(2026, 10, 30)), contract("B-2"),
                 contract("C-3", status=ContractStatus.ENDED, clause_elements=frozenset())]
    result = standards.provider_standards(replace(ASSESSED, risk=Risk.LOW), contracts, TODAY)
    assert whole(result[1]) == (2, S2, Rag.GREEN, "all 2 contracts green", None)
    assert whole(result[3]) == (4, S4, Rag.GREEN, "all 2 contracts green", None)
    assert whole(result[5]) == (6, S6, Rag.GREEN, "all 2 contracts green", date(2027, 1, 31))
    assert whole(result[0]) == whole(standards.self_assessment_status(ASSESSED, TODAY))


def test_a_provider_with_no_live_contract_is_green_with_that_reason():
    ended = contract("E-1", status=ContractStatus.ENDED, clause_elements=frozenset())
    result = standards.provider_standards(ASSESSED, [ended], TODAY)
    assert [whole(s) for s in result[3:4]] == [(4, S4, Rag.GREEN, "no live contracts", None)]
    assert [(s.number, s.reason) for s in result] == [
        (1, "next self-assessment due 31 Jan 2027 (in 67 days)"),
        (2, "no live contracts"), (3, "0/0 briefings acknowledged; training in date"),
        (4, "no live contracts"), (5, "no live contracts"), (6, "no live contracts")]
