"""The weekly partnership overview: counts per standard and the change since last week."""

from datetime import timedelta

from sqlalchemy import func, select

from jobs.summary import run_once
from models import StatusSnapshot
from tests.factories import make_contract, make_provider, make_staff
from tests.jobs.helpers import (
    TODAY,
    assert_valid_posts,
    context,
    counts,
    days,
    everything,
)


def run(engine, settings, today=TODAY, **options):
    return run_once(context(engine, settings, today=today, **options))


def snapshots(session, day):
    return session.scalar(select(func.count()).select_from(StatusSnapshot)
                          .where(StatusSnapshot.taken_on == day))


def test_it_counts_contracts_per_standard_and_says_what_changed_since_last_week(
        session, engine, settings, slack):
    provider = make_provider(session)
    first = make_contract(session, provider, reference="BEN-000001")
    second = make_contract(session, provider, reference="BEN-000002")
    make_staff(session, first, dbs_recheck_due=days(200))
    make_staff(session, second, dbs_recheck_due=days(200))
    session.commit()
    week_ago = TODAY - timedelta(days=7)
    run(engine, settings, today=week_ago)
    make_staff(session, second, dbs_recheck_due=days(-2))  # standard 4 turns red
    session.commit()
    summary = run(engine, settings)
    assert summary.posted == 2  # the overview and this week's trend chart
    [_, post] = slack.posts()
    assert post.channel == "C0BSCP"
    [dbs] = [b["text"]["text"] for b in post.params["blocks"]
             if b["type"] == "section" and b["text"]["text"].startswith("*4.")]
    assert ":large_green_circle: 1 green" in dbs and ":red_circle: 1 red" in dbs
    assert "Since then: red +1, green -1; 1 worse; now red: BEN-000002" in dbs
    assert f"compared with {week_ago.day} {week_ago:%b %Y}" in everything(post)
    assert snapshots(session, TODAY) == 12 and snapshots(session, week_ago) == 12
    assert_valid_posts(slack)


def test_it_posts_once_a_day_and_a_dry_run_stores_nothing(session, engine, settings, slack):
    make_contract(session, make_provider(session))
    session.commit()
    before, lines = counts(session), []
    dry = run(engine, settings, dry_run=True, echo=lines.append)
    assert counts(session) == before and slack.calls == [] and dry.posted == 2
    assert "Partnership overview" in "\n".join(lines) and "no snapshot" in "\n".join(lines)
    run(engine, settings)
    again = run(engine, settings)
    assert (again.posted, again.already_sent) == (0, 2) and len(slack.posts()) == 1


def test_it_compares_only_with_a_snapshot_at_least_a_week_old(session, engine, settings, slack):
    make_contract(session, make_provider(session))
    session.commit()
    run(engine, settings, today=TODAY - timedelta(days=3))
    run(engine, settings)
    assert "no snapshot from a week or more ago" in everything(slack.posts()[-1])
