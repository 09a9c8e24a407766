"""Shared by the job tests: a fixed day, a fast-retrying client, message checks."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import NamedTuple

from slack_sdk.models.blocks import Block
from sqlalchemy import func, select
from sqlmodel import Session

from bot.builders.dbs_digest import DigestEntry
from bot.slack_client import make_web_client
from jobs.context import JobContext
from models import Notification, SlackIdentity, StatusSnapshot
from tests.factories import make_contract, make_provider, make_staff

TODAY = date(2027, 3, 3)  # a Wednesday
TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")


class Person(NamedTuple):
    staff_id: int
    name: str
    last4: str | None
    applied_on: date | None = None


class Contract(NamedTuple):
    reference: str
    service: str
    provider_name: str = ""


def digest_entry(staff_id: int, name: str, last4: str | None, due: date, reference: str,
                 service: str, provider: str = "") -> DigestEntry:
    """A re-check in a DBS digest, as the reminder job makes one."""
    return DigestEntry(Person(staff_id, name, last4), Contract(reference, service, provider), due)


def client_for(settings):
    return make_web_client(settings, time_scale=0.01)


def context(engine, settings, *, today: date = TODAY, client="default", **options) -> JobContext:
    """A job run's context as of ``today``; ``client`` by default talks to the stand-in."""
    client = client_for(settings) if client == "default" else client
    return JobContext(engine=engine, settings=settings, today=today, client=client, **options)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def assert_valid_blocks(blocks) -> None:
    """Valid Block Kit: slack_sdk parses every block and to_dict() raises on any limit."""
    assert 0 < len(blocks) <= 50
    parsed = Block.parse_all(blocks)
    assert None not in parsed, [b.get("type") for b in blocks]
    assert [b.to_dict() for b in parsed]


def assert_valid_posts(slack) -> None:
    for call in slack.posts():
        assert call.params.get("text"), "every message has a text fallback"
        assert_valid_blocks(call.params["blocks"])
        assert not TWELVE_DIGITS.search(call.text_everywhere())


def dm_to(slack, user: str):
    return [c for c in slack.posts() if c.channel == user]


def everything(call) -> str:
    return json.dumps(call.params, ensure_ascii=False)


def counts(session: Session) -> tuple[int, int, int]:
    return tuple(session.scalar(select(func.count()).select_from(t))
                 for t in (Notification, SlackIdentity, StatusSnapshot))


def contract_with_staff(session: Session, *dues: int, manager: str = "U0CM0001",
                        channel: str = "C0CHAN01", provider=None, **contract_fields):
    """A contract managed by ``manager`` with one member of staff per re-check offset."""
    provider = provider or make_provider(session, slack_channel=channel)
    contract = make_contract(session, provider, contract_manager=manager, **contract_fields)
    staff = [make_staff(session, contract, dbs_recheck_due=days(d)) for d in dues]
    session.commit()
    return contract, staff
