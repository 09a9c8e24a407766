"""Claim → send → mark (jobs.delivery): one message, its ledger rows, and what Slack answered."""

from datetime import UTC, datetime
from typing import NamedTuple

from sqlmodel import Session

from bot.builders.common import Message
from jobs.delivery import Outgoing, deliver, dispatch
from models import ledger
from tests.jobs.helpers import context

NOW = datetime(2027, 3, 3, 9, 0, tzinfo=UTC)


class Item(NamedTuple):
    subject: str
    threshold: str


ITEMS = [Item(f"staff:{n}:2027-04-01", "30") for n in range(3)]


def outgoing(channel="C0ONE", **extra) -> Outgoing:
    return Outgoing("dbs", channel, channel, ITEMS,
                    lambda items: Message(f"{len(items)} item(s)", []), f"channel {channel}",
                    **extra)


def statuses(engine) -> dict[str, str]:
    with Session(engine) as session:
        found = ledger.lookup(session, kind="dbs", pairs=[(i.subject, i.threshold) for i in ITEMS])
    return {key.subject: entry.status for key, entry in found.items()}


def test_it_records_more_about_a_post_in_the_same_transaction(engine, settings, slack):
    seen = []
    out = outgoing(on_posted=lambda session, ts, now: seen.append((ts, now)))
    result = deliver(context(engine, settings, clock=lambda: NOW), out, out.keyed())
    [posted] = slack.history("C0ONE")
    assert result.outcome == "posted" and seen == [(posted["ts"], NOW)]
    assert set(statuses(engine).values()) == {"sent"}


def test_it_posts_only_the_items_it_claimed(engine, settings, slack):
    with Session(engine) as session:
        ledger.claim(session, [ledger.LedgerKey("dbs", ITEMS[0].subject, "30", "C0ONE")], now=NOW)
        session.commit()
    summary = dispatch(context(engine, settings, clock=lambda: NOW), [outgoing()])
    assert (summary.posted, summary.failed) == (1, 0)
    [post] = slack.posts()
    assert post.params["text"] == "2 item(s)"


def test_it_records_a_permanent_error_and_never_retries_it(engine, settings, slack):
    slack.channel_errors["C0GONE"] = "channel_not_found"
    first = dispatch(context(engine, settings, clock=lambda: NOW), [outgoing("C0GONE")])
    again = dispatch(context(engine, settings, clock=lambda: NOW), [outgoing("C0GONE")])
    assert (first.failed, again.already_sent) == (1, 1)
    assert set(statuses(engine).values()) == {"failed"}
