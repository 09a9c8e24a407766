"""Each person's DBS state (models.dbs_states), and standard 4's counts of them in SQL agreeing
with the pure rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from models.dbs_states import (
    DbsState,
    PersonFacts,
    awaiting_red_on,
    no_record_threshold,
    person_state,
)
from models.enums import ContactLevel
from models.facts import StaffFacts
from models.queries import dbs_counts
from models.standards import summarise_dbs
from tests.factories import make_contract, make_provider, make_staff

TODAY = date(2027, 3, 3)
REGULAR = ContactLevel.REGULAR


def state(**facts) -> DbsState | None:
    values = {"contact_level": REGULAR, "has_certificate": True,
              "recheck_due": TODAY + timedelta(days=200), **facts}
    return person_state(PersonFacts(**values), today=TODAY, warning_days=30)


@pytest.mark.parametrize(("facts", "expected"), [
    ({}, DbsState.CURRENT),
    ({"recheck_due": TODAY + timedelta(days=31)}, DbsState.CURRENT),
    ({"recheck_due": TODAY + timedelta(days=30)}, DbsState.DUE),
    ({"recheck_due": TODAY}, DbsState.DUE),
    ({"recheck_due": TODAY - timedelta(days=1)}, DbsState.OVERDUE),
    ({"has_certificate": False, "recheck_due": None,
      "applied_on": TODAY - timedelta(days=28)}, DbsState.AWAITING),  # the last amber day
    ({"has_certificate": False, "recheck_due": None,
      "applied_on": TODAY - timedelta(days=29)}, DbsState.AWAITING_LATE),
    ({"has_certificate": False, "recheck_due": None}, DbsState.NO_RECORD),
    ({"recheck_due": None}, DbsState.NO_RECORD),
    ({"left_on": TODAY, "recheck_due": TODAY - timedelta(days=9)}, DbsState.LEFT),
    ({"left_on": TODAY + timedelta(days=1), "has_certificate": False,
      "recheck_due": None}, DbsState.NO_RECORD),  # leaving tomorrow: still counted
    ({"update_service": True, "status_check_result": "NEW_INFO",
      "status_checked_at": datetime(2027, 3, 1, tzinfo=UTC)}, DbsState.NEW_INFO),
    ({"update_service": True, "status_check_result": "BLANK_NO_NEW_INFO",
      "status_checked_at": datetime(2027, 3, 1, tzinfo=UTC),
      "recheck_due": TODAY - timedelta(days=3)}, DbsState.CURRENT),
    ({"contact_level": ContactLevel.NONE, "has_certificate": False}, None),
])
def test_it_gives_each_person_one_state(facts, expected):
    assert state(**facts) is expected


def test_the_awaiting_days_are_a_parameter():
    applied = TODAY - timedelta(days=10)
    assert awaiting_red_on(applied, 9) == TODAY - timedelta(days=1)
    facts = PersonFacts(REGULAR, False, None, applied_on=applied)
    assert person_state(facts, today=TODAY, warning_days=30, awaiting_days=9) \
        is DbsState.AWAITING_LATE
    assert person_state(facts, today=TODAY, warning_days=30, awaiting_days=10) \
        is DbsState.AWAITING


def test_no_record_reminders_change_each_monday():
    wednesday, _ = no_record_threshold(TODAY)
    sunday, _ = no_record_threshold(date(2027, 3, 7))
    monday, began = no_record_threshold(date(2027, 3, 8))
    assert wednesday == sunday != monday and began == date(2027, 3, 8)


def test_standard_4_counts_the_lifecycle_in_sql_like_the_pure_rule(session):
    contract = make_contract(session, make_provider(session))
    none = {"dbs_certificate_token": None, "dbs_certificate_last4": None,
            "dbs_recheck_due": None}
    rows = [
        {**none, "dbs_applied_on": TODAY - timedelta(days=3)},  # awaiting
        {**none, "dbs_applied_on": TODAY - timedelta(days=28)},  # awaiting, last amber day
        {**none, "dbs_applied_on": TODAY - timedelta(days=29)},  # awaiting too long
        {**none},  # no record
        {"dbs_recheck_due": TODAY - timedelta(days=2), "left_on": TODAY},  # left
        {**none, "left_on": TODAY - timedelta(days=50)},  # left
        {"dbs_recheck_due": TODAY + timedelta(days=400)},  # current
    ]
    staff = [make_staff(session, contract, **row) for row in rows]
    session.commit()

    pure = summarise_dbs([StaffFacts(s.contact_level, s.dbs_certificate_token is not None,
                                     s.dbs_recheck_due, applied_on=s.dbs_applied_on,
                                     left_on=s.left_on) for s in staff], TODAY)

    assert dbs_counts(session, contract_ids=[contract.id], today=TODAY)[contract.id] == pure
    assert (pure.in_contact, pure.awaiting, pure.awaiting_late, pure.missing, pure.left) == \
        (5, 3, 1, 1, 2)
    assert pure.next_due == TODAY  # the earliest awaiting red day: the last amber one is today
