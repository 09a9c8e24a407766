"""Managers given as e-mail addresses, undeliverable ones, and the dry run."""

from datetime import timedelta

from sqlalchemy import select

from jobs.dbs_reminders import run_once
from models import Notification, SlackIdentity
from tests.jobs.helpers import (
    TODAY,
    context,
    contract_with_staff,
    counts,
    dm_to,
    everything,
)


def run(engine, settings, client="default", today=TODAY, **options):
    return run_once(context(engine, settings, today=today, client=client, **options))


def test_it_resolves_an_email_manager_once_and_remembers_it(session, engine, settings, slack):
    contract_with_staff(session, 31, 7, manager="Manager@Example.org")
    slack.users_by_email["manager@example.org"] = "U0MAIL"
    run(engine, settings)
    run(engine, settings, today=TODAY + timedelta(days=1))  # 30 days: a second digest
    assert len(slack.calls_to("users.lookupByEmail")) == 1
    assert len(dm_to(slack, "U0MAIL")) == 2
    identity = session.scalar(select(SlackIdentity))
    assert (identity.email, identity.slack_user_id) == ("manager@example.org", "U0MAIL")
    assert {r.recipient for r in session.scalars(select(Notification).where(
        Notification.recipient.like("U%")))} == {"U0MAIL"}


def test_it_reports_an_unresolvable_manager_to_the_bscp_channel_once(
        session, engine, settings, slack):
    contract, staff = contract_with_staff(session, -2, 7, manager="nobody@example.org")
    run(engine, settings)
    run(engine, settings)
    [report] = [c for c in slack.posts() if c.channel == "C0BSCP" and "Undelivered" in
                everything(c)]
    text = everything(report)
    assert "nobody@example.org" in text and contract.reference in text
    assert "2 DBS re-checks" in text and not any(p.name in text for p in staff)
    assert len(slack.calls_to("users.lookupByEmail")) == 1
    failed = list(session.scalars(select(Notification).where(
        Notification.recipient == "nobody@example.org")))
    assert len(failed) == 2 and all(r.status == "failed" for r in failed)
    assert "users_not_found" in failed[0].error


def test_it_reports_a_contract_without_a_manager(session, engine, settings, slack):
    contract, _ = contract_with_staff(session, 3, manager=None)
    run(engine, settings)
    [report] = [c for c in slack.posts() if "Undelivered" in everything(c)]
    assert report.channel == "C0BSCP" and "no one is recorded" in everything(report)


def test_a_dry_run_writes_nothing_calls_nothing_and_prints_what_people_would_read(
        session, engine, settings, slack):
    contract, (late, soon) = contract_with_staff(session, -2, 7, manager="cm@example.org")
    slack.users_by_email["cm@example.org"] = "U0MAIL"
    before, lines = counts(session), []
    summary = run(engine, settings, client=None, dry_run=True, echo=lines.append)
    output = "\n".join(lines)
    assert counts(session) == before and slack.calls == []
    assert "DM to cm@example.org" in output and "channel C0CHAN01" in output
    assert late.name in output and "overdue by 2 days" in output
    assert f"••••••••{late.dbs_certificate_last4}" in output and "[Renewal or leaver]" in output
    assert "{" not in output and "mrkdwn" not in output  # read as text, not JSON
    assert summary.posted == 3  # DM, channel, BSCP overdue counts
    assert "would post 3" in summary.line(dry_run=True)


def test_a_dry_run_shows_only_what_is_not_yet_sent(session, engine, settings, slack):
    _, (person,) = contract_with_staff(session, 7)
    run(engine, settings)
    lines = []
    summary = run(engine, settings, client=None, dry_run=True, echo=lines.append)
    assert (summary.posted, summary.already_sent) == (0, 2) and person.name not in str(lines)


def test_a_dry_run_a_week_later_shows_only_what_became_due_since_the_last_run(
        session, engine, settings, slack):
    _, (sent_before, due_today) = contract_with_staff(session, 30, 37)
    run(engine, settings)  # Wednesday: "30 days" for one, "60 days" for the other
    run(engine, settings, today=TODAY + timedelta(days=1))  # Thursday: nothing new
    lines: list[str] = []
    week_on = run(engine, settings, client=None, dry_run=True, echo=lines.append,
                  today=TODAY + timedelta(days=7))  # a full sweep: reads everyone again
    assert due_today.name in str(lines)  # reached "30 days" today
    assert sent_before.name not in str(lines)  # still at "30 days", sent a week ago
    assert (week_on.posted, week_on.already_sent) == (2, 0)  # the DM and the channel
