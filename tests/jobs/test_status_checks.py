"""``run dbs-status-checks`` against the DBS stand-in and the Slack stand-in: the request the
DBS documents, each status, 400, 500, a timeout, hostile and malformed XML, who is due, the
alerts (each once), the dry run and concurrency."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from models import AuditEntry, Notification, Staff
from models.crypto import CertificateCipher
from models.enums import ContactLevel, ContractStatus
from tests.factories import make_contract, make_provider
from tests.jobs.helpers import TODAY, assert_valid_posts, client_for, dm_to, everything
from tests.jobs.status_check_helpers import NOW, dbs_settings, run_checks, subscribed

MANAGER = "U0CMSTAT1"


@pytest.fixture
def cipher(settings) -> CertificateCipher:
    return CertificateCipher(settings.encryption_key.get_secret_value())


@pytest.fixture
def contract(session):
    provider = make_provider(session, name="Invented Harbour Care")
    return make_contract(session, provider, contract_manager=MANAGER, reference="HBR-1")


@pytest.fixture
def run(settings, session, dbs):
    """``run(today=…, now=…, dry_run=…, **settings)``: the job once; returns its lines."""

    def go(*, today: date = TODAY, now: datetime = NOW, dry_run: bool = False,
           timeout: float = 5.0, **fields) -> list[str]:
        session.commit()
        lines: list[str] = []
        chosen = dbs_settings(settings, dbs, **fields)
        summary = run_checks(session.get_bind(), None if dry_run else client_for(chosen),
                           today=today, settings=chosen, dry_run=dry_run, echo=lines.append,
                           clock=lambda: now, timeout=timeout)
        session.expire_all()
        return [*lines, summary.line(dry_run=dry_run)]

    return go


def test_it_sends_the_documented_request_and_stores_and_audits_the_result(
        run, session, contract, cipher, dbs):
    person, number = subscribed(session, contract, cipher, surname="Ashby-Cole")

    lines = run()

    [request] = dbs.requests
    assert request == {"certificate": number, "dateOfBirth": "17/05/1990",
                       "surname": "Ashby-Cole", "hasAgreedTermsAndConditions": "true",
                       "organisationName": "Invented Borough Council",
                       "employeeSurname": "Checker", "employeeForename": "Pat"}
    stored = session.get(Staff, person.id)
    assert (stored.status_check_result, stored.status_checked_at,
            stored.status_check_print_date) == ("BLANK_NO_NEW_INFO", NOW, date(2025, 5, 6))
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.actor ==
                                                       "job:dbs-status-checks"))
    assert entry.changes["status_check_result"] == [None, "BLANK_NO_NEW_INFO"]
    trail = json.dumps(entry.changes) + entry.note
    assert "Ashby" not in trail and "1990" not in trail and number[:8] not in trail
    assert lines[0] == "status checks: 1 made (1 current)"


@pytest.mark.parametrize("status", ["BLANK_NO_NEW_INFO", "NON_BLANK_NO_NEW_INFO"])
def test_a_current_certificate_is_stored_and_nobody_is_told(run, session, contract, cipher,
                                                            dbs, slack, status):
    person, number = subscribed(session, contract, cipher)
    dbs.answer(number, status)

    run()

    assert session.get(Staff, person.id).status_check_result == status
    assert slack.posts() == []


def test_new_information_sends_one_urgent_dm_and_a_count_to_the_bscp_channel(
        run, session, contract, cipher, dbs, slack):
    person, number = subscribed(session, contract, cipher, name="Invented Dana Ashby")
    dbs.answer(number, "NEW_INFO")

    run()
    run()  # the same day again: nothing twice
    run(today=TODAY + timedelta(days=40), now=NOW + timedelta(days=40))  # never re-checked

    assert dbs.counts[number] == 1
    assert session.get(Staff, person.id).status_check_result == "NEW_INFO"
    [dm] = dm_to(slack, MANAGER)
    text = everything(dm)
    assert "Invented Dana Ashby" in text and f"••••••••{number[-4:]}" in text
    assert "new DBS certificate" in text and "review the risk" in text
    assert "Urgent" in dm.params["text"] and "Dana" not in dm.params["text"]
    [bscp] = dm_to(slack, "C0BSCP")
    assert "Invented Harbour Care*: 1" in everything(bscp) and "Dana" not in everything(bscp)
    assert_valid_posts(slack)


def test_no_match_tells_the_manager_whose_details_to_check_each_check(
        run, session, contract, cipher, dbs, slack):
    person, number = subscribed(session, contract, cipher, name="Invented Eli Brook")
    dbs.answer(number, "NO_MATCH_FOUND")

    run()
    later = TODAY + timedelta(days=30)
    run(today=later, now=NOW + timedelta(days=30))  # checked again, still no match: told again

    assert dbs.counts[number] == 2
    dms = dm_to(slack, MANAGER)
    assert len(dms) == 2 and all("Invented Eli Brook" in everything(d) for d in dms)
    assert "renew" in everything(dms[0]) and "correct them by import" in everything(dms[0])
    assert dm_to(slack, "C0BSCP") == []
    assert session.get(Staff, person.id).status_check_result == "NO_MATCH_FOUND"


def test_a_400_is_stored_as_a_data_error_and_not_retried_until_the_details_change(
        run, session, contract, cipher, dbs, slack):
    person, number = subscribed(session, contract, cipher)
    dbs.answer(number, "400")

    lines = run()
    run(today=TODAY + timedelta(days=1), now=NOW + timedelta(days=1))

    assert dbs.counts[number] == 1
    assert session.get(Staff, person.id).status_check_result == "DATA_ERROR"
    assert "1 data error" in lines[0]
    [dm] = dm_to(slack, MANAGER)
    assert "refused the details" in everything(dm)


@pytest.mark.parametrize(("behaviour", "kind", "why"), [
    ("500", "to retry on a later run", "HTTP 500: 1"),
    ("503", "to retry on a later run", "HTTP 503: 1"),
    ("slow", "to retry on a later run", "timeout: 1"),
    ("malformed", "answers not understood", "not XML: 1"),
    ("not-xml", "answers not understood", "XML, but not a statusCheckResult: 1"),
    ("wrong-xml", "answers not understood", "XML, but not a statusCheckResult: 1"),
    ("hostile-entities", "answers not understood", "XML with a DTD or entities (refused): 1"),
    ("hostile-external", "answers not understood", "XML with a DTD or entities (refused): 1"),
])
def test_an_error_leaves_the_person_due_and_the_others_are_checked(
        run, session, contract, cipher, dbs, slack, behaviour, kind, why):
    failing, number = subscribed(session, contract, cipher)
    fine, _ = subscribed(session, contract, cipher)
    dbs.answer(number, behaviour)
    dbs.slow_seconds = 1.0

    lines = run(timeout=0.3)

    assert session.get(Staff, failing.id).status_check_result is None
    assert session.get(Staff, fine.id).status_check_result == "BLANK_NO_NEW_INFO"
    assert kind in lines[0] and why in lines[0], lines
    dbs.answer(number, "NEW_INFO")
    run(today=TODAY + timedelta(days=1), now=NOW + timedelta(days=1))  # retried the next run
    assert session.get(Staff, failing.id).status_check_result == "NEW_INFO"
    assert dbs.counts[number] == 2
    assert len(dm_to(slack, MANAGER)) == 1


def test_who_is_due_a_check(run, session, contract, cipher, dbs):
    due = {
        "never checked": subscribed(session, contract, cipher)[1],
        "checked 30 days ago": subscribed(session, contract, cipher,
                                          status_check_result="BLANK_NO_NEW_INFO",
                                          status_checked_at=NOW - timedelta(days=30))[1],
        "no match 30 days ago": subscribed(session, contract, cipher,
                                           status_check_result="NO_MATCH_FOUND",
                                           status_checked_at=NOW - timedelta(days=30))[1],
    }
    ended = make_contract(session, contract_provider(session, contract),
                          status=ContractStatus.ENDED)
    not_due = {
        "checked 29 days ago": subscribed(session, contract, cipher,
                                          status_check_result="BLANK_NO_NEW_INFO",
                                          status_checked_at=NOW - timedelta(days=29))[1],
        "new information": subscribed(session, contract, cipher, status_check_result="NEW_INFO",
                                      status_checked_at=NOW - timedelta(days=90))[1],
        "not on the Update Service": subscribed(session, contract, cipher,
                                                update_service=False)[1],
        "no consent": subscribed(session, contract, cipher, consent=None)[1],
        "no date of birth": subscribed(session, contract, cipher, born=None)[1],
        "no surname": subscribed(session, contract, cipher, surname="")[1],
        "left": subscribed(session, contract, cipher, left_on=TODAY)[1],
        "no contact with children": subscribed(session, contract, cipher,
                                               contact_level=ContactLevel.NONE)[1],
        "contract ended": subscribed(session, ended, cipher)[1],
    }

    run()

    assert {what for what, number in due.items() if dbs.counts[number]} == set(due)
    assert {what for what, number in not_due.items() if dbs.counts[number]} == set()


def contract_provider(session, contract):
    from models import Provider

    return session.get(Provider, contract.provider_id)


def test_missing_consent_or_date_of_birth_is_listed_to_the_manager_once_a_week(
        run, session, contract, cipher, dbs, slack):
    subscribed(session, contract, cipher, name="Invented Finn Cole", consent=None)
    subscribed(session, contract, cipher, name="Invented Gail Dyke", born=None)
    subscribed(session, contract, cipher, name="Invented Hal Eyre", update_service=False,
               consent=None)

    for offset in (0, 1, 2):  # Wednesday to Friday: once
        run(today=TODAY + timedelta(days=offset), now=NOW + timedelta(days=offset))
    run(today=TODAY + timedelta(days=5), now=NOW + timedelta(days=5))  # next Monday: again

    dms = dm_to(slack, MANAGER)
    assert len(dms) == 2 and dbs.total == 0
    text = everything(dms[0])
    assert "Invented Finn Cole" in text and "missing consent" in text
    assert "Invented Gail Dyke" in text and "missing date of birth" in text
    assert "Invented Hal Eyre" not in text


def test_a_dry_run_asks_the_dbs_but_stores_and_posts_nothing(run, session, contract, cipher,
                                                             dbs, slack):
    person, number = subscribed(session, contract, cipher, name="Invented Iris Fell")
    dbs.answer(number, "NEW_INFO")

    lines = run(dry_run=True)

    text = "\n".join(lines)
    assert dbs.counts[number] == 1 and slack.calls == []
    assert session.get(Staff, person.id).status_check_result is None
    assert session.scalars(select(Notification)).all() == []
    assert "Invented Iris Fell" in text and "Urgent" in text and number not in text
    assert "dry run: no result stored" in text


def test_names_from_the_file_are_escaped_in_blocks_and_text(run, session, cipher, dbs,
                                                            slack):
    provider = make_provider(session, name="<!channel> & Co")
    contract = make_contract(session, provider, contract_manager=MANAGER,
                             reference="<@U0EVIL>")
    person, number = subscribed(session, contract, cipher, name="<!here> Ann <https://x.io|y>")
    dbs.answer(number, "NEW_INFO")

    run()

    for call in slack.posts():
        shown = everything(call)
        for raw in ("<!channel>", "<!here>", "<@U0EVIL>", "<https://x.io|y>"):
            assert raw not in shown, (raw, call.channel)
    assert "&lt;!here&gt;" in everything(dm_to(slack, MANAGER)[0])
    assert "&lt;@U0EVIL&gt;" in dm_to(slack, MANAGER)[0].params["text"]


def test_an_unknown_manager_is_reported_to_the_bscp_channel_without_names(
        run, session, cipher, dbs, slack):
    provider = make_provider(session)
    contract = make_contract(session, provider, contract_manager=None)
    _, number = subscribed(session, contract, cipher, name="Invented Jo Gray")
    dbs.answer(number, "NEW_INFO")

    run()
    run()

    posts = slack.posts()
    assert {c.channel for c in posts} == {"C0BSCP"} and len(posts) == 2
    assert all("Jo Gray" not in everything(c) for c in posts)
    assert any("could not be sent" in everything(c) for c in posts)


def test_at_most_the_configured_number_of_checks_are_in_flight(run, session, contract, cipher,
                                                               dbs):
    numbers = [subscribed(session, contract, cipher)[1] for _ in range(24)]
    dbs.delay = 0.05

    lines = run(dbs_concurrency=3)

    assert sorted(dbs.counts) == sorted(numbers) and set(dbs.counts.values()) == {1}
    assert 2 <= dbs.max_in_flight <= 3
    assert lines[0] == "status checks: 24 made (24 current)"


def test_a_dry_run_shows_the_results_it_would_store_not_the_stored_ones(run, session, contract,
                                                                        cipher, dbs):
    subscribed(session, contract, cipher, name="Invented Kit Hale",
               status_check_result="NO_MATCH_FOUND", status_checked_at=NOW - timedelta(days=40))

    lines = run(dry_run=True)  # corrected since: the DBS now finds the certificate current

    assert dbs.total == 1 and "Invented Kit Hale" not in "\n".join(lines)
