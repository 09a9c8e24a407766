"""The briefing cascade: each delivery posted once with its button, chasers and the BSCP
listing on the right working days, the cascade report once, nothing on non-working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import select

from bot.builders.briefing import ACKNOWLEDGE_LABEL
from jobs.briefings import run_once
from models import BriefingDelivery, Notification
from models.briefings import publish_briefing
from tests.factories import make_provider
from tests.jobs.helpers import assert_valid_posts, context

PUBLISHED = date(2026, 11, 25)  # Wednesday
AT = datetime(2026, 11, 25, 9, tzinfo=UTC)


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), UTC)


def run(engine, settings, slack, day: date, **options):
    return run_once(context(engine, settings, today=day, echo=lambda line: None,
                            clock=lambda: at(day), **options))


def cascade(session, *, providers: int = 3, **provider_fields):
    made = [make_provider(session, **provider_fields) for _ in range(providers)]
    briefing = publish_briefing(session, title="Invented review lessons", summary="Invented.",
                                url="https://example.org/r", kind="practice_review",
                                audience="all", actor="cli:test", now=AT)
    session.commit()
    return briefing, made


def deliveries(session):
    session.expire_all()
    return session.exec(select(BriefingDelivery).order_by(BriefingDelivery.id)).all()


def test_it_posts_each_delivery_once_with_the_acknowledge_button(engine, session, settings,
                                                                 slack):
    _, providers = cascade(session)
    first = run(engine, settings, slack, PUBLISHED)
    second = run(engine, settings, slack, PUBLISHED)
    posts = slack.posts()
    assert sorted(p.channel for p in posts) == sorted(p.slack_channel for p in providers)
    assert all(ACKNOWLEDGE_LABEL in p.text_everywhere() for p in posts)
    assert (first.posted, second.posted, len(posts)) == (3, 0, 3)
    assert_valid_posts(slack)
    rows = deliveries(session)
    assert all(d.delivered_at == at(PUBLISHED) and d.message_ts and d.channel for d in rows)


def test_it_resumes_after_a_rate_limit_without_posting_twice(engine, session, settings, slack):
    cascade(session, providers=4)
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    summary = run(engine, settings, slack, PUBLISHED)
    channels = [p.channel for p in slack.posts()]
    assert summary.posted == 4 and len(channels) == 5 and len(set(channels)) == 4


def test_it_records_a_permanent_error_and_goes_on(engine, session, settings, slack):
    _, providers = cascade(session)
    slack.channel_errors[providers[0].slack_channel] = "is_archived"
    summary = run(engine, settings, slack, PUBLISHED)
    again = run(engine, settings, slack, PUBLISHED)
    assert (summary.posted, summary.failed, again.posted) == (2, 1, 0)
    failed = session.exec(select(Notification).where(Notification.status == "failed")).one()
    assert failed.error == "is_archived"


def test_it_reports_a_provider_without_a_channel_to_the_bscp_channel(engine, session,
                                                                     settings, slack):
    cascade(session, providers=1, slack_channel=None)
    run(engine, settings, slack, PUBLISHED)
    run(engine, settings, slack, PUBLISHED)
    [post] = slack.posts()
    assert post.channel == "C0BSCP" and "no Slack channel is recorded" in post.text_everywhere()


def test_it_posts_nothing_on_a_bank_holiday_or_a_weekend(session, settings, slack,
                                                          monkeypatch):
    from typer.testing import CliRunner

    from safecomm.cli import app

    cascade(session)
    for name, value in {"DATABASE_URL": settings.database_url,
                        "SLACK_API_URL": settings.slack_api_url,
                        "SLACK_BOT_TOKEN": "xoxb-test-invented",
                        "SAFECOMM_ENCRYPTION_KEY": settings.encryption_key.get_secret_value()
                        }.items():
        monkeypatch.setenv(name, value)
    for day in ("2026-12-25", "2026-11-28"):  # Christmas Day; a Saturday
        result = CliRunner().invoke(app, ["run", "briefings", "--today", day])
        assert result.exit_code == 0, result.output
        assert "is not a working day" in result.output
    assert slack.posts() == []
    result = CliRunner().invoke(app, ["run", "briefings", "--today", "2026-11-30"])
    assert "posted 3" in result.output and len(slack.posts()) == 3


def test_a_dry_run_on_a_weekend_previews_the_next_working_days_run(session, settings, slack,
                                                                   monkeypatch):
    from typer.testing import CliRunner

    from safecomm.cli import app

    _, providers = cascade(session)
    for name, value in {"DATABASE_URL": settings.database_url,
                        "SLACK_API_URL": settings.slack_api_url,
                        "SLACK_BOT_TOKEN": "xoxb-test-invented",
                        "SAFECOMM_ENCRYPTION_KEY": settings.encryption_key.get_secret_value()
                        }.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["run", "briefings", "--today", "2026-12-26",
                                      "--dry-run"])  # Boxing Day, a Saturday
    assert result.exit_code == 0, result.output
    first, rest = result.output.split("\n", 1)
    assert first == ("Saturday 26 Dec 2026 is not a working day: showing what Tuesday 29 Dec "
                     "2026's run would send")  # Monday 28 Dec is the substitute bank holiday
    assert all(p.name in rest for p in providers)
    assert "dry run: would post 3" in rest
    assert slack.posts() == [] and all(d.delivered_at is None for d in deliveries(session))


def test_it_chases_after_five_and_lists_after_ten_working_days(engine, session, settings,
                                                               slack):
    _, (lead_done, waiting) = cascade(session, providers=2)
    run(engine, settings, slack, PUBLISHED)
    done = next(d for d in deliveries(session) if d.provider_id == lead_done.id)
    done.acknowledged_by, done.acknowledged_at = lead_done.safeguarding_lead, at(PUBLISHED)
    session.add(done)
    session.commit()
    slack.reset()
    # 5 working days after Wed 25 Nov is Wed 2 Dec; 10 is Wed 9 Dec.
    for day in (date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)):
        run(engine, settings, slack, day)
    [chaser] = slack.posts()
    assert chaser.channel == waiting.safeguarding_lead and "has not been acknowledged" in \
        chaser.text_everywhere()
    slack.reset()
    for day in (date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 10)):
        run(engine, settings, slack, day)
    listing, report = sorted(slack.posts(), key=lambda c: "cascade report" in c.text_everywhere())
    assert listing.channel == report.channel == "C0BSCP"
    assert waiting.name in listing.text_everywhere()
    assert lead_done.name not in listing.text_everywhere()
    assert "acknowledged 1/2" in report.params["text"]
    assert_valid_posts(slack)


def test_it_shows_messages_in_a_dry_run_and_writes_nothing(engine, session, settings, slack):
    cascade(session, providers=2)
    lines = []
    summary = run_once(context(engine, settings, today=PUBLISHED, client=None, dry_run=True,
                               echo=lines.append, clock=lambda: AT))
    text = "\n".join(lines)
    assert summary.posted == 2 and slack.calls == []
    assert "[Acknowledge — cascaded to our staff]" in text and "──── channel" in text
    assert session.exec(select(Notification)).all() == []
    assert all(d.delivered_at is None for d in deliveries(session))


def test_it_keeps_a_long_escalation_within_slacks_limits():
    from bot.builders.briefing import Outstanding, build_escalation_message
    from tests.jobs.helpers import assert_valid_blocks

    items = [Outstanding(f"Invented briefing {n}", f"Provider {n:04d} " + "x" * 60, PUBLISHED)
             for n in range(3000)]
    message = build_escalation_message(items)
    assert_valid_blocks(message.blocks)
    assert len(message.blocks) <= 50
    shown = sum(b["text"]["text"].count("• ") for b in message.blocks if b["type"] == "section")
    hidden = int(message.blocks[-1]["text"]["text"].split()[1])
    assert shown + hidden == 3000
