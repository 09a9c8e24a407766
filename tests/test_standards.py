"""Each standard's colour at its boundaries: the day before, on and after the due date, and
either side of the warning window's first day."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from models import standards
from models.enums import CLAUSE_ELEMENTS, ContactLevel, ContractStatus, Rag, Risk
from models.facts import BriefingFacts, ContractFacts, ProviderFacts, StaffFacts


def boundary_cases(due: date, warning_days: int):
    """(today, expected colour) around a due date and its warning window."""
    return [
        (due - timedelta(days=warning_days + 1), Rag.GREEN),
        (due - timedelta(days=warning_days), Rag.AMBER),
        (due - timedelta(days=1), Rag.AMBER),
        (due, Rag.AMBER),
        (due + timedelta(days=1), Rag.RED),
    ]


JAN31 = date(2026, 1, 31)
ALL = frozenset(CLAUSE_ELEMENTS)
PROVIDER = ProviderFacts(first_assessment_on=JAN31, last_assessment_on=JAN31,
                         last_statement_received_on=JAN31, last_training_on=JAN31)
CONTRACT = ContractFacts(reference="TST-1", start_date=JAN31, clause_elements=ALL,
                         safeguarding_metrics=True)


@pytest.mark.parametrize(("today", "expected"), boundary_cases(date(2027, 1, 31), 30))
def test_it_colours_the_self_assessment_around_its_due_date(today, expected):
    status = standards.self_assessment_status(PROVIDER, today)
    assert (status.number, status.rag, status.next_due) == (1, expected, date(2027, 1, 31))


def test_it_honours_a_providers_self_assessment_interval_override():
    provider = replace(PROVIDER, self_assessment_every_months=6)
    assert standards.self_assessment_status(provider, JAN31).next_due == date(2026, 7, 31)


def test_it_keeps_the_self_assessment_schedule_anchored_on_the_first_one():
    provider = replace(PROVIDER, last_assessment_on=date(2027, 2, 3))  # done 3 days late
    assert standards.self_assessment_status(provider, JAN31).next_due == date(2028, 1, 31)


def test_it_turns_standard_1_red_without_an_assessment_or_a_statement():
    none = standards.self_assessment_status(ProviderFacts(), JAN31)
    no_statement = standards.self_assessment_status(
        replace(PROVIDER, last_statement_received_on=None), JAN31)
    assert (none.rag, none.reason) == (Rag.RED, "no self-assessment on record")
    assert (no_statement.rag, no_statement.reason) == (
        Rag.RED, "no Child Safeguarding Statement received")


def test_it_turns_standard_2_green_with_all_ten_elements():
    status = standards.clause_status(CONTRACT)
    assert (status.rag, status.reason) == (Rag.GREEN, "all 10 clause elements present")


def test_it_turns_standard_2_red_with_nine_of_ten_elements_and_names_the_missing_one():
    contract = replace(CONTRACT, clause_elements=ALL - {"signs_of_abuse"})
    status = standards.clause_status(contract)
    assert status.rag is Rag.RED
    assert status.reason == "9 of 10 clause elements; missing: signs_of_abuse"


@pytest.mark.parametrize(("today", "expected"), boundary_cases(date(2027, 1, 31), 30))
def test_it_colours_bscp_training_around_its_anniversary(today, expected):
    status = standards.briefings_status(PROVIDER, today)
    assert (status.number, status.rag) == (3, expected)


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 6, 1), Rag.AMBER), (date(2026, 6, 15), Rag.AMBER), (date(2026, 6, 16), Rag.RED)])
def test_it_turns_standard_3_red_when_a_briefing_goes_unacknowledged_too_long(today, expected):
    provider = replace(PROVIDER, briefings=(BriefingFacts(date(2026, 6, 1)),))
    status = standards.briefings_status(provider, today)
    assert status.rag is expected
    assert "0/1 briefings acknowledged" in status.reason


def test_it_keeps_standard_3_green_once_briefings_are_acknowledged():
    provider = replace(PROVIDER, briefings=(BriefingFacts(date(2026, 6, 1), date(2026, 6, 3)),))
    status = standards.briefings_status(provider, date(2026, 9, 1))
    assert status.rag is Rag.GREEN
    assert status.reason == "1/1 briefings acknowledged; training in date"


def test_it_turns_standard_3_red_without_training():
    status = standards.briefings_status(replace(PROVIDER, last_training_on=None), JAN31)
    assert status.rag is Rag.RED and status.reason.startswith("no BSCP training on record")


def dbs_contract(staff, today):
    return replace(CONTRACT, dbs=standards.summarise_dbs(staff, today))


@pytest.mark.parametrize(("today", "expected"), boundary_cases(date(2027, 1, 31), 30))
def test_it_colours_a_dbs_recheck_around_its_due_date(today, expected):
    staff = [StaffFacts(ContactLevel.REGULATED, True, date(2027, 1, 31)),
             StaffFacts(ContactLevel.REGULAR, True, date(2028, 6, 1))]
    status = standards.dbs_status(dbs_contract(staff, today))
    assert (status.number, status.rag, status.next_due) == (4, expected, date(2027, 1, 31))


def test_it_turns_standard_4_red_for_staff_in_contact_without_a_certificate():
    staff = [StaffFacts(ContactLevel.OCCASIONAL, False, None)]
    status = standards.dbs_status(dbs_contract(staff, JAN31))
    assert (status.rag, status.reason) == (Rag.RED, "1 missing a DBS record of 1 staff")


def test_it_ignores_staff_with_no_contact_with_children():
    staff = [StaffFacts(ContactLevel.NONE, False, None)]
    status = standards.dbs_status(dbs_contract(staff, JAN31))
    assert status.rag is Rag.GREEN


@pytest.mark.parametrize(("today", "expected"), boundary_cases(date(2026, 4, 30), 14))
def test_it_colours_the_monitoring_meeting_around_its_due_date(today, expected):
    status = standards.meetings_status(CONTRACT, today)
    assert (status.number, status.rag, status.next_due) == (5, expected, date(2026, 4, 30))


def test_it_turns_standard_5_red_when_safeguarding_was_not_discussed():
    contract = replace(CONTRACT, last_meeting_on=date(2026, 4, 28),
                       last_meeting_discussed_safeguarding=False)
    status = standards.meetings_status(contract, date(2026, 5, 1))
    assert status.rag is Rag.RED
    assert status.reason == "safeguarding not discussed at the meeting of 28 Apr 2026"


def test_it_turns_standard_5_red_without_safeguarding_metrics():
    status = standards.meetings_status(replace(CONTRACT, safeguarding_metrics=False), JAN31)
    assert (status.rag, status.reason) == (Rag.RED, "no safeguarding metrics in the contract")


def test_it_prefers_the_agreed_next_meeting_date():
    contract = replace(CONTRACT, last_meeting_on=date(2026, 4, 28),
                       last_meeting_discussed_safeguarding=True,
                       agreed_next_meeting_on=date(2026, 6, 15))
    assert standards.meetings_status(contract, date(2026, 5, 1)).next_due == date(2026, 6, 15)


@pytest.mark.parametrize(("today", "expected"), boundary_cases(date(2026, 4, 30), 30))
def test_it_colours_a_high_risk_thematic_check_around_its_due_date(today, expected):
    status = standards.thematic_status(CONTRACT, Risk.HIGH, today)
    assert (status.number, status.rag, status.next_due) == (6, expected, date(2026, 4, 30))


@pytest.mark.parametrize(("risk", "due"), [
    (Risk.HIGH, date(2026, 4, 30)),
    (Risk.MEDIUM, date(2026, 7, 31)),
    (Risk.LOW, date(2027, 1, 31)),
])
def test_it_spaces_thematic_checks_by_risk(risk, due):
    assert standards.thematic_status(CONTRACT, risk, JAN31).next_due == due


@pytest.mark.parametrize(("outcome", "expected"), [
    (Rag.RED, Rag.RED), (Rag.AMBER, Rag.AMBER), (Rag.GREEN, Rag.GREEN)])
def test_it_carries_the_last_thematic_checks_outcome(outcome, expected):
    contract = replace(CONTRACT, last_check_done_on=date(2026, 4, 29), last_check_outcome=outcome)
    status = standards.thematic_status(contract, Risk.HIGH, date(2026, 5, 1))
    assert status.rag is expected


def test_it_gives_a_provider_the_worst_colour_of_its_live_contracts():
    nine = replace(CONTRACT, reference="TST-2", clause_elements=ALL - {"cascade"})
    ended = replace(CONTRACT, reference="TST-3", clause_elements=frozenset(),
                    status=ContractStatus.ENDED)
    result = standards.provider_standards(PROVIDER, [CONTRACT, nine, ended], JAN31)
    assert [s.number for s in result] == [1, 2, 3, 4, 5, 6]
    assert result[1].rag is Rag.RED
    assert result[1].reason == ("1 of 2 contracts red: TST-2: 9 of 10 clause elements; "
                                "missing: cascade")


def test_it_reports_green_for_a_provider_without_live_contracts():
    result = standards.provider_standards(PROVIDER, [], JAN31)
    assert (result[3].rag, result[3].reason) == (Rag.GREEN, "no live contracts")


def test_it_turns_standard_3_red_the_day_after_the_working_day_deadline():
    briefing = BriefingFacts(date(2026, 12, 21), acknowledge_by=date(2027, 1, 6))
    provider = replace(PROVIDER, last_training_on=date(2026, 6, 1), briefings=(briefing,))
    assert standards.briefings_status(provider, date(2027, 1, 6)).rag is Rag.AMBER
    assert standards.briefings_status(provider, date(2027, 1, 7)).rag is Rag.RED
