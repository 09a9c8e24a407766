"""Every job posting to the local Slack stand-in, over a provider, contract, staff member and
briefing named to attack: nothing supplied reaches Slack raw in any post (blocks and
notification text); the acknowledgement's chat.update uses the same builder
(tests.bot.test_escaping)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from jobs import briefings, dbs_reminders, due_reminders
from models.briefings import publish_briefing
from tests.factories import make_contract, make_provider, make_staff
from tests.hostile import CONTRACT, PERSON, PROVIDER, SERVICE, SUMMARY, TITLE, assert_nothing_raw
from tests.jobs.helpers import TODAY, assert_valid_posts, context, days

LEAD, MANAGER, CHANNEL, URL = "U0LEAD01", "U0CM0001", "C0CHAN01", "https://bscp.example.org/b"
BOTS_OWN = (f"<@{LEAD}>", f"<#{CHANNEL}>", f"<{URL}|Read the full briefing>")


def hostile_world(session):
    provider = make_provider(session, name=PROVIDER, safeguarding_lead=LEAD,
                             slack_channel=CHANNEL)
    contract = make_contract(session, provider, reference=CONTRACT, service=SERVICE,
                             contract_manager=MANAGER, start_date=date(2026, 1, 31))
    make_staff(session, contract, name=PERSON, dbs_recheck_due=days(-3))
    make_staff(session, contract, name=PERSON + " Two", dbs_recheck_due=days(7))
    session.commit()
    return provider, contract


def run(job, engine, settings, today=TODAY):
    return job.run_once(context(engine, settings, today=today, echo=lambda line: None,
                                clock=lambda: datetime.combine(today, time(9), UTC)))


def test_no_job_posts_supplied_text_raw(session, engine, settings, slack):
    hostile_world(session)
    publish_briefing(session, title=TITLE, summary=SUMMARY, url=URL, kind="training",
                     audience="all", actor="cli:test",
                     now=datetime.combine(days(-20), time(9), UTC))
    session.commit()

    for day in (days(-15), days(-7)):  # posted, then chased 6 working days later
        run(briefings, engine, settings, today=day)
    for job in (dbs_reminders, due_reminders, briefings):  # escalated and reported
        run(job, engine, settings)

    posts = slack.posts()
    said = " ".join(p.params["text"] for p in posts)
    for what in ("BSCP briefing for", "Reminder: please acknowledge", "outstanding after 10",
                 "Cascade report", "DBS re-checks: 2 members", "Overdue DBS re-checks",
                 "Safeguarding duties"):
        assert what in said, what
    assert_valid_posts(slack)
    for post in posts:
        assert_nothing_raw({"text": post.params["text"], "blocks": post.params["blocks"]},
                           BOTS_OWN)
    assert any(PROVIDER.replace("<", "&lt;").replace(">", "&gt;") in p.params["text"]
               for p in posts), "the names are still there, escaped"
