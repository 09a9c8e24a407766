"""With SAFECOMM_BSCP_CHANNEL unset, every run says what it could not send there (and the
worker says so when it starts); nothing meant for the BSCP channel disappears silently."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from typer.testing import CliRunner

from jobs.notices import unset_bscp_channel_note
from models.briefings import publish_briefing
from safecomm.cli import app
from tests.factories import make_assessment, make_contract, make_provider, make_staff
from tests.jobs.helpers import TODAY, days

UNSET = "not sent to the BSCP channel (SAFECOMM_BSCP_CHANNEL is not set): "


@pytest.fixture
def env(settings, monkeypatch):
    values = {"DATABASE_URL": settings.database_url, "SLACK_API_URL": settings.slack_api_url,
              "SLACK_BOT_TOKEN": "xoxb-test-invented",
              "SAFECOMM_ENCRYPTION_KEY": settings.encryption_key.get_secret_value()}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SAFECOMM_BSCP_CHANNEL", raising=False)


def run(job: str, day=TODAY, *options: str) -> str:
    result = CliRunner().invoke(app, ["run", job, "--today", day.isoformat(), *options])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_dbs_reminders_say_the_overdue_counts_were_not_sent(env, session, slack, dry_run):
    contract = make_contract(session, make_provider(session))
    for offset in (-3, -40):
        make_staff(session, contract, dbs_recheck_due=days(offset))
    session.commit()

    output = run("dbs-reminders", TODAY, *dry_run)

    assert UNSET + "2 overdue DBS re-checks (counts per provider)" in output
    assert not any(p.channel == "C0BSCP" for p in slack.posts())


def test_due_reminders_say_the_self_assessments_were_not_sent(env, session, slack):
    provider = make_provider(session)
    make_assessment(session, provider, completed_on=days(-360))
    make_contract(session, provider)
    session.commit()

    assert UNSET + "1 self-assessment reminder" in run("due-reminders")


def test_briefings_say_what_could_not_be_reported(env, session, slack):
    make_provider(session, name="Channel-less Care", slack_channel=None)
    make_provider(session, name="Slow Care")  # posted, never acknowledged
    publish_briefing(session, title="Invented lessons", summary="Invented.",
                     url="https://example.org/l", kind="training", audience="all",
                     actor="cli:test", now=datetime.combine(days(-15), time(9), UTC))
    session.commit()

    first = run("briefings", days(-15))
    later = run("briefings", TODAY)

    assert (UNSET + "briefing 'Invented lessons' could not be posted to Channel-less Care "
            "(no Slack channel recorded)") in first
    assert UNSET + "1 briefing acknowledgement outstanding after 10 working days" in later
    assert UNSET + "the cascade report of 'Invented lessons'" in later


def test_the_summary_says_so_too(env, session):
    assert "SAFECOMM_BSCP_CHANNEL" in run("summary", TODAY, "--dry-run")


def test_the_worker_start_line_says_what_will_not_be_posted():
    assert "SAFECOMM_BSCP_CHANNEL is not set: escalations" in unset_bscp_channel_note(None)
    assert unset_bscp_channel_note("C0BSCP") == ""
