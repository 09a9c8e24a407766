"""DBS reminders under failure: retries, permanent errors, crashes, two runs at once, stops."""

import threading
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import select

from jobs.dbs_reminders import run_once
from models import Notification, ledger
from models.db import make_engine
from tests.jobs.helpers import (
    TODAY,
    assert_valid_posts,
    client_for,
    context,
    contract_with_staff,
    days,
    dm_to,
)


def run(engine, settings, client=None, **options):
    return run_once(context(engine, settings, client=client or client_for(settings), **options))


def rows(session, **where):
    query = select(Notification).where(Notification.kind == "dbs",
                                       *(getattr(Notification, k) == v for k, v in where.items()))
    return list(session.scalars(query.execution_options(populate_existing=True)))


def test_it_waits_out_a_429_and_posts_once(session, engine, settings, slack):
    contract_with_staff(session, 7)
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    summary = run(engine, settings)
    assert summary.posted == 2 and summary.failed == 0
    assert len(slack.posts()) == 3  # the 429, then the DM, then the channel
    assert len(dm_to(slack, "U0CM0001")) == 2 and rows(session, status="sent")


def test_it_retries_a_500_and_posts_once(session, engine, settings, slack):
    contract_with_staff(session, 7)
    slack.fail_next("chat.postMessage", status=500)
    summary = run(engine, settings)
    assert (summary.posted, summary.failed) == (2, 0)
    assert all(r.status == "sent" for r in rows(session))


def test_it_records_a_permanent_error_does_not_retry_it_and_carries_on(
        session, engine, settings, slack):
    provider_channel = "C0CHAN01"
    contract_with_staff(session, 7, manager="U0GONE")
    contract_with_staff(session, 14, manager="U0HERE", channel="C0OTHER")
    slack.channel_errors["U0GONE"] = "users_not_found"
    slack.channel_errors[provider_channel] = "channel_not_found"
    summary = run(engine, settings)
    assert summary.failed == 2 and summary.posted == 2
    assert len(dm_to(slack, "U0HERE")) == 1
    [gone] = rows(session, recipient="U0GONE")
    assert (gone.status, gone.error) == ("failed", "users_not_found")
    assert rows(session, recipient=provider_channel)[0].error == "channel_not_found"
    again = run(engine, settings)
    assert len(dm_to(slack, "U0GONE")) == 1 and again.posted == 0 and again.failed == 0


def test_it_keeps_a_transient_failure_for_the_next_run(session, engine, settings, slack):
    contract_with_staff(session, 7)
    slack.fail_next("chat.postMessage", status=500, times=10)
    first = run(engine, settings, client=client_for(settings))
    assert first.failed >= 1 and all(r.status in ("claimed", "sent") for r in rows(session))
    later = datetime.now(UTC) + timedelta(minutes=10)
    slack.reset()
    second = run(engine, settings, clock=lambda: later)
    assert second.posted == first.failed and all(r.status == "sent" for r in rows(session))


def test_it_resends_what_a_crashed_run_claimed_but_not_what_a_live_run_holds(
        session, engine, settings, slack):
    _, (crashed, live) = contract_with_staff(session, 7, 14)
    now = datetime.now(UTC)
    for person, due, claimed_at in ((crashed, days(7), now - timedelta(minutes=30)),
                                    (live, days(14), now)):
        session.add(Notification(kind="dbs", subject=f"staff:{person.id}:{due}",
                                 threshold="7" if person is crashed else "14",
                                 recipient="U0CM0001", claimed_at=claimed_at, attempts=1))
    session.commit()
    run(engine, settings)
    [dm] = dm_to(slack, "U0CM0001")
    assert crashed.name in str(dm.params) and live.name not in str(dm.params)
    [retried] = rows(session, recipient="U0CM0001", status="sent")
    assert retried.attempts == 2


def test_two_runs_at_once_post_nothing_twice(database_url, session, settings, slack):
    for n in range(6):
        contract_with_staff(session, *range(-3, 10), manager=f"U0CM{n:04d}",
                            channel=f"C0CH{n:04d}")
    engines = [make_engine(database_url) for _ in range(2)]
    start, results = threading.Barrier(2), []

    def worker(engine):
        start.wait()
        results.append(run(engine, settings))

    threads = [threading.Thread(target=worker, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    targets = [call.channel for call in slack.posts()]
    assert sorted(targets) == sorted(set(targets)) and len(targets) == 13  # 6 + 6 + BSCP
    assert sum(r.posted for r in results) == 13 and sum(r.failed for r in results) == 0
    assert all(r.status == "sent" for r in rows(session))


def test_it_stops_between_posts_when_asked(session, engine, settings, slack):
    for n in range(3):
        contract_with_staff(session, 7, manager=f"U0CM{n:04d}")
    stop = threading.Event()

    class StoppingClient(WebClient):
        def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
            response = super().chat_postMessage(**kwargs)
            stop.set()
            return response

    base = client_for(settings)
    client = StoppingClient(token=base.token, base_url=base.base_url,
                            retry_handlers=base.retry_handlers)
    summary = run(engine, settings, client=client, stop=stop)
    assert summary.stopped and summary.posted == 1 and len(slack.posts()) == 1
    assert ledger.runs_before(session, job="dbs-reminders", day=TODAY + timedelta(days=1)) == []
    rest = run(engine, settings)  # the next run finishes the job
    assert rest.posted == 3 and len(slack.posts()) == 4  # two more DMs, one channel message


def test_no_message_holds_a_twelve_digit_number_or_a_channel_a_name(
        session, engine, settings, slack):
    _, staff = contract_with_staff(session, -20, -3, 0, 7, 29, 88)
    contract_with_staff(session, 1, manager="cm@example.org")
    slack.users_by_email["cm@example.org"] = "U0MAIL"
    run(engine, settings)
    assert_valid_posts(slack)
    in_channels = [call for call in slack.posts() if call.channel.startswith("C")]
    # the counts in the contracts' (shared) channel, and the overdue counts to the BSCP
    assert sorted(call.channel for call in in_channels) == ["C0BSCP", "C0CHAN01"]
    for call in in_channels:
        assert not any(person.name in str(call.params) for person in staff)
