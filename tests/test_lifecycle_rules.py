"""The lifecycle's pure rules: a contract's stage on a day, the exit meeting, the one
thematic-check due date, and readiness to engage."""

from datetime import date

import pytest

from models import standards
from models.engagement import StaffRecords, judge
from models.enums import CLAUSE_ELEMENTS, ContractStatus, Rag
from models.facts import ContractFacts, ProviderFacts
from models.lifecycle import exit_meeting_held, is_judged, stage
from models.thematic import thematic_due

TODAY = date(2026, 11, 25)
ASSESSED = ProviderFacts(first_assessment_on=date(2026, 9, 1), last_assessment_on=date(2026, 9, 1),
                         last_statement_received_on=date(2026, 9, 1))


def facts(**fields) -> ContractFacts:
    return ContractFacts(**{"reference": "LIF-1", "start_date": date(2025, 12, 1),
                            "clause_elements": frozenset(CLAUSE_ELEMENTS),
                            "safeguarding_metrics": True, **fields})


@pytest.mark.parametrize(("status", "end", "expected"), [
    ("tender", None, "tender"), ("active", date(2026, 11, 25), "active"),
    ("active", date(2026, 11, 24), "ended"), ("decommissioning", date(2026, 12, 1),
                                               "decommissioning"),
    ("decommissioning", date(2026, 11, 24), "ended"), ("ended", None, "ended"),
])
def test_it_counts_a_contract_as_ended_the_day_after_its_end_date(status, end, expected):
    assert stage(status, end, TODAY) == expected
    assert is_judged(facts(status=ContractStatus(status), end_date=end), TODAY) == \
        (expected in ("active", "decommissioning"))


def test_it_counts_an_exit_meeting_only_in_the_final_interval_with_safeguarding_discussed():
    ending = {"status": ContractStatus.DECOMMISSIONING, "end_date": date(2026, 12, 20)}
    assert exit_meeting_held(facts(**ending, last_meeting_on=date(2026, 9, 20),
                                   last_meeting_discussed_safeguarding=True))
    assert not exit_meeting_held(facts(**ending, last_meeting_on=date(2026, 9, 19),
                                       last_meeting_discussed_safeguarding=True))
    assert not exit_meeting_held(facts(**ending, last_meeting_on=date(2026, 11, 1),
                                       last_meeting_discussed_safeguarding=False))
    assert not exit_meeting_held(facts(end_date=date(2026, 12, 20),
                                       last_meeting_on=date(2026, 11, 1),
                                       last_meeting_discussed_safeguarding=True))


def test_a_decommissioning_contracts_meeting_is_due_by_its_end_date():
    ending = facts(status=ContractStatus.DECOMMISSIONING, end_date=date(2026, 12, 20),
                   last_meeting_on=date(2026, 8, 1), last_meeting_discussed_safeguarding=True,
                   agreed_next_meeting_on=date(2027, 2, 1))
    status = standards.meetings_status(ending, TODAY)
    assert (status.next_due, status.rag) == (date(2026, 12, 20), Rag.GREEN)
    assert status.reason.startswith("exit monitoring meeting due 20 Dec 2026")
    assert standards.next_meeting_due(facts(agreed_next_meeting_on=date(2027, 2, 1),
                                            end_date=date(2026, 12, 20))) == date(2027, 2, 1)


@pytest.mark.parametrize(("planned", "due", "from_plan"), [
    (None, date(2026, 12, 1), False),  # medium risk: every 6 months from 1 Dec 2025
    (date(2026, 10, 1), date(2026, 10, 1), True),  # a plan brings the check forward
    (date(2026, 12, 1), date(2026, 12, 1), True),  # on the cadence's day: the plan's
    (date(2027, 3, 1), date(2026, 12, 1), False),  # a plan never postpones the cadence
])
def test_a_planned_check_and_the_risk_cadence_agree_by_the_earlier_date(planned, due,
                                                                        from_plan):
    found = thematic_due(start_date=date(2025, 12, 1), risk="medium",
                         last_done_on=date(2026, 6, 1), planned_due_on=planned)
    assert (found.due, found.from_plan) == (due, from_plan)
    status = standards.thematic_status(facts(last_check_done_on=date(2026, 6, 1),
                                             planned_check_due_on=planned), "medium", TODAY)
    assert status.next_due == due


def test_the_due_date_says_why():
    later = thematic_due(start_date=date(2026, 6, 9), risk="high", last_done_on=None,
                         planned_due_on=date(2026, 12, 9))
    assert later.basis() == ("the risk cadence (every 3 months); the planned date 9 Dec 2026 "
                             "is later than the cadence allows")
    assert thematic_due(start_date=date(2026, 6, 9), risk="low", last_done_on=None,
                        planned_due_on=date(2026, 7, 1)).basis() == "the planned check's date"


def test_a_tender_is_ready_with_all_five_items_and_names_each_unmet_one():
    ready = judge(contract=facts(status=ContractStatus.TENDER), provider=ASSESSED,
                  channel="C0CHAN", lead="U0LEAD", staff=StaffRecords(3, 0), today=TODAY)
    assert ready.ready and ready.line() == "ready to engage"
    unready = judge(contract=facts(clause_elements=frozenset(CLAUSE_ELEMENTS[:9]),
                                   safeguarding_metrics=False),
                    provider=ProviderFacts(last_assessment_on=date(2026, 9, 1),
                                           first_assessment_on=date(2026, 9, 1)),
                    channel=None, lead="U0LEAD", staff=StaffRecords(3, 1), today=TODAY)
    assert unready.line() == "not ready: 5 of 5 items unmet (1, 2, 3, 4, 5)"
    assert [item.detail for item in unready.unmet] == [
        "no Child Safeguarding Statement received",
        "9 of 10 clause elements; missing: allegations_lado",
        "the provider has no Slack channel",
        "1 of 3 members of staff in contact with children with no DBS record (no certificate, "
        "no check applied for)",
        "no safeguarding metrics"]
