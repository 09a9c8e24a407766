"""What a stored Update Service status check means: who is due one, standard 4 (the SQL
aggregate and its pure twin agree), the DBS re-check reminders, ``dbs NAME`` and
``export dbs``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.builders.dbs_list import build_dbs_list_blocks
from bot.listeners.commands.dbs_rows import dbs_entries
from jobs import dbs_candidates
from jobs.dbs_reminders import find_reminders
from models import update_service as rules
from models.enums import Rag
from models.facts import StaffFacts
from models.queries import contract_status, dbs_counts
from models.settings import load_settings
from models.standards import summarise_dbs
from safecomm.dataio.exports import dbs_export
from tests.factories import make_contract, make_provider, make_staff

TODAY = date(2027, 3, 3)
CHECKED = datetime(2027, 2, 20, 7, 30, tzinfo=UTC)
SUBSCRIBED = {"update_service": True, "surname": "Ashby", "date_of_birth_token": "token",
              "update_service_consent": date(2026, 1, 5)}


def facts(**changes) -> rules.CheckFacts:
    values = {"update_service": True, "has_certificate": True, "has_surname": True,
              "has_date_of_birth": True, "consent_on": date(2026, 1, 5)}
    return rules.CheckFacts(**{**values, **changes})


@pytest.mark.parametrize(("changes", "due"), [
    ({}, True),
    ({"checked_at": datetime(2027, 2, 1, 23, 59, tzinfo=UTC)}, True),  # 30 days before
    ({"checked_at": datetime(2027, 2, 2, 0, 0, tzinfo=UTC)}, False),  # 29 days before
    ({"checked_at": datetime(2026, 1, 1, tzinfo=UTC), "result": "NEW_INFO"}, False),
    ({"checked_at": datetime(2027, 1, 1, tzinfo=UTC), "result": "NO_MATCH_FOUND"}, True),
    ({"consent_on": None}, False),
    ({"has_date_of_birth": False}, False),
    ({"has_surname": False}, False),
    ({"has_certificate": False}, False),
    ({"update_service": False}, False),
])
def test_who_is_due_a_check(changes, due):
    assert rules.is_due(facts(**changes), today=TODAY, every_days=30) is due


def test_what_stops_a_check_is_named():
    assert rules.missing_details(facts(consent_on=None, has_date_of_birth=False)) == [
        "consent", "date of birth"]
    assert rules.missing_details(facts(update_service=False, consent_on=None)) == []
    assert rules.missing_details(facts()) == []


@pytest.mark.parametrize(("result", "checked_at", "update_service", "standing"), [
    ("BLANK_NO_NEW_INFO", CHECKED, True, rules.Standing.CURRENT),
    ("NON_BLANK_NO_NEW_INFO", CHECKED, True, rules.Standing.CURRENT),
    ("BLANK_NO_NEW_INFO", CHECKED - timedelta(days=100), True, rules.Standing.NONE),  # stale
    ("BLANK_NO_NEW_INFO", CHECKED, False, rules.Standing.NONE),  # left the Update Service
    ("NEW_INFO", CHECKED - timedelta(days=400), False, rules.Standing.NEW_INFO),
    ("NO_MATCH_FOUND", CHECKED, True, rules.Standing.NO_MATCH),
    ("DATA_ERROR", CHECKED, True, rules.Standing.NO_MATCH),
    (None, None, True, rules.Standing.NONE),
])
def test_what_a_stored_result_means(result, checked_at, update_service, standing):
    assert rules.standing(result, checked_at, update_service=update_service,
                          today=TODAY) is standing


def people(session, contract):
    """One person per case, with the facts the pure rule reads."""
    overdue = {"dbs_recheck_due": date(2027, 1, 1)}
    soon = {"dbs_recheck_due": date(2027, 3, 20)}
    rows = [
        {**overdue, **SUBSCRIBED, "status_check_result": "BLANK_NO_NEW_INFO",
         "status_checked_at": CHECKED},  # current: the overdue date does not count
        {**overdue, **SUBSCRIBED, "status_check_result": "BLANK_NO_NEW_INFO",
         "status_checked_at": CHECKED - timedelta(days=120)},  # stale: overdue again
        {**soon, **SUBSCRIBED, "status_check_result": "NEW_INFO", "status_checked_at": CHECKED},
        {"dbs_recheck_due": date(2029, 1, 1), **SUBSCRIBED,
         "status_check_result": "NO_MATCH_FOUND", "status_checked_at": CHECKED},
        {**soon},  # not subscribed: due soon
    ]
    staff = [make_staff(session, contract, **row) for row in rows]
    session.commit()
    return staff


def test_standard_4_counts_in_sql_like_the_pure_rule(session):
    contract = make_contract(session, make_provider(session))
    staff = people(session, contract)

    pure = summarise_dbs([StaffFacts(s.contact_level, True, s.dbs_recheck_due, s.update_service,
                                     s.status_check_result, s.status_checked_at)
                          for s in staff], TODAY)

    assert dbs_counts(session, contract_ids=[contract.id], today=TODAY)[contract.id] == pure
    assert (pure.overdue, pure.due_soon, pure.new_info, pure.no_match) == (1, 2, 1, 1)


def test_new_information_is_red_and_no_match_amber(session):
    provider = make_provider(session)
    red, amber, green = (make_contract(session, provider) for _ in range(3))
    later = {"dbs_recheck_due": date(2029, 1, 1), **SUBSCRIBED, "status_checked_at": CHECKED}
    make_staff(session, red, **later, status_check_result="NEW_INFO")
    make_staff(session, amber, **later, status_check_result="NO_MATCH_FOUND")
    make_staff(session, green, **{**later, "dbs_recheck_due": date(2026, 1, 1)},
               status_check_result="NON_BLANK_NO_NEW_INFO")  # overdue date, but current
    session.commit()

    fourth = {c.reference: contract_status(session, contract=c, today=TODAY)[3]
              for c in (red, amber, green)}

    assert (fourth[red.reference].rag, fourth[red.reference].reason) == (
        Rag.RED, "1 with new information (DBS Update Service) of 1 staff")
    assert (fourth[amber.reference].rag, fourth[amber.reference].reason) == (
        Rag.AMBER, "1 of 1 staff with no match on the DBS Update Service")
    assert fourth[green.reference].rag is Rag.GREEN


def test_a_current_certificate_gets_no_re_check_reminder(session):
    contract = make_contract(session, make_provider(session))
    current, stale, new_info, _no_match, plain = people(session, contract)
    schedule = load_settings().dbs_schedule
    selection = dbs_candidates.Selection("full", TODAY, TODAY + timedelta(days=90), 10**6)

    reminded = {r.person.staff_id for group in find_reminders(session, selection, schedule)
                for r in group}

    assert reminded == {stale.id, new_info.id, plain.id}


def test_dbs_name_lists_new_information_first_with_each_persons_last_result(session):
    contract = make_contract(session, make_provider(session))
    current, stale, new_info, no_match, plain = people(session, contract)

    found = dbs_entries(session, contract_ids=[contract.id], today=TODAY, window_days=90)
    entries, total = found.entries, found.total

    assert [e.staff_id for e in entries] == [new_info.id, stale.id, plain.id, no_match.id]
    assert total == 4
    blocks = build_dbs_list_blocks(title="X", entries=entries, total=total, today=TODAY,
                                   window_days=90)
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert "Update Service: *new information* — ask for a new certificate (checked 20 Feb " \
           "2027)" in texts[0]
    assert "Update Service: current when last checked, too long ago to count (checked 23 Oct " \
           "2026)" in texts[1]
    assert "Update Service" not in texts[2]
    assert "Update Service: no match — check the details held (checked 20 Feb 2027)" in texts[3]


def test_export_dbs_has_the_status_columns_and_never_the_surname_or_birth(session):
    contract = make_contract(session, make_provider(session))
    make_staff(session, contract, **SUBSCRIBED, status_check_result="NEW_INFO",
               status_checked_at=CHECKED, status_check_print_date=date(2024, 5, 6))
    session.commit()

    header, rows = dbs_export(session, today=TODAY)
    [row] = list(rows)
    shown = dict(zip(header, row, strict=True))

    assert {k: shown[k] for k in ("update_service_consent", "status_check_result",
                                  "status_checked_on", "status_check_print_date")} == {
        "update_service_consent": date(2026, 1, 5), "status_check_result": "NEW_INFO",
        "status_checked_on": date(2027, 2, 20), "status_check_print_date": date(2024, 5, 6)}
    assert not {"surname", "date_of_birth", "date_of_birth_token"} & set(header)
    assert "Ashby" not in map(str, row)
