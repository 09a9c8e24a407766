"""Meetings, thematic checks and self-assessments coming due: to the person responsible, once."""

from datetime import date, timedelta

from sqlalchemy import select

from jobs.due_reminders import run_once
from models import Notification
from tests.factories import make_assessment, make_contract, make_meeting, make_provider
from tests.jobs.helpers import TODAY, assert_valid_posts, context, dm_to, everything


def run(engine, settings, today=TODAY, **options):
    return run_once(context(engine, settings, today=today, **options))


def world(session, *, lead="U0LEAD01", assessed_on=date(2026, 3, 20)):
    """A medium-risk provider assessed on ``assessed_on`` (due a year on); a contract started
    1 Oct 2026 (thematic check due 1 Apr 2027, 29 days away) whose last meeting agreed the
    next for 13 Mar 2027 (10 days away)."""
    provider = make_provider(session, name="Harbour Lane Fostering", safeguarding_lead=lead)
    if assessed_on:
        make_assessment(session, provider, completed_on=assessed_on)
    contract = make_contract(session, provider, contract_manager="U0CM0001",
                             start_date=date(2026, 10, 1), reference="BEN-000101")
    make_meeting(session, contract, held_on=date(2027, 1, 5), next_meeting_on=date(2027, 3, 13))
    session.commit()
    return provider, contract


def test_it_reminds_the_manager_of_meetings_and_checks_and_the_lead_of_the_assessment(
        session, engine, settings, slack):
    world(session)
    summary = run(engine, settings)
    [manager] = dm_to(slack, "U0CM0001")
    assert "Monitoring meeting" in everything(manager) and "Thematic check" in everything(manager)
    assert "/safeguarding meeting BEN-000101" in everything(manager)
    assert "(in 10 days)" in everything(manager) and "(in 29 days)" in everything(manager)
    [lead] = dm_to(slack, "U0LEAD01")
    [bscp] = dm_to(slack, "C0BSCP")
    for call in (lead, bscp):
        assert "Self-assessment" in everything(call) and "(in 17 days)" in everything(call)
    assert (summary.posted, summary.failed) == (3, 0)
    assert_valid_posts(slack)
    rows = {(r.subject.split(":")[0], r.threshold, r.recipient)
            for r in session.scalars(select(Notification).where(Notification.kind == "due"))}
    assert rows == {("meeting", "14", "U0CM0001"), ("thematic", "30", "U0CM0001"),
                    ("assessment", "30", "U0LEAD01"), ("assessment", "30", "C0BSCP")}


def test_it_posts_nothing_twice_and_again_when_overdue(session, engine, settings, slack):
    world(session)
    run(engine, settings)
    again = run(engine, settings)
    assert again.posted == 0 and again.already_sent == 3 and len(slack.posts()) == 3
    run(engine, settings, today=date(2027, 3, 14))  # the meeting is a day late
    [_, late] = dm_to(slack, "U0CM0001")
    assert "overdue by 1 day" in everything(late) and "Thematic" not in everything(late)


def test_it_reminds_a_provider_that_never_assessed_itself(session, engine, settings, slack):
    world(session, assessed_on=None)
    run(engine, settings)
    [lead] = dm_to(slack, "U0LEAD01")
    assert "none on record" in everything(lead)
    run(engine, settings, today=TODAY + timedelta(days=7))
    assert len(dm_to(slack, "U0LEAD01")) == 1  # "missing" is reported once


def test_it_reports_a_lead_nobody_can_reach_to_the_bscp_channel(session, engine, settings, slack):
    world(session, lead="lead@nowhere.example")
    run(engine, settings)
    reports = [c for c in dm_to(slack, "C0BSCP") if "Undelivered" in everything(c)]
    assert len(reports) == 1 and "lead@nowhere.example" in everything(reports[0])


def test_it_skips_ended_contracts(session, engine, settings, slack):
    provider = make_provider(session, safeguarding_lead=None)
    make_assessment(session, provider, completed_on=date(2026, 12, 1))
    make_contract(session, provider, contract_manager="U0CM0009", end_date=date(2027, 2, 1))
    session.commit()
    run(engine, settings)
    assert dm_to(slack, "U0CM0009") == []
