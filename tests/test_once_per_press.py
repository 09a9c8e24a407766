"""Ten presses of one briefing's Acknowledge at once: one acknowledgement, by the first to
reach the database, with one audit entry; every other press sees it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from models import AuditEntry, BriefingDelivery
from models.briefings import acknowledge_delivery, publish_briefing
from models.db import session_scope
from models.enums import Role
from models.ops import UserRole
from tests.factories import make_provider

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


def test_ten_presses_at_once_record_one_acknowledgement(engine):
    with session_scope(engine) as session:
        make_provider(session)
        users = [f"U0PRESS{n:02d}" for n in range(10)]
        session.add_all(UserRole(slack_user_id=u, role=Role.ADMIN) for u in users)
        publish_briefing(session, title="Invented lesson", summary="Invented.",
                         url="https://example.org/b", kind="practice_review", audience="all",
                         actor="cli:test", now=NOW)
    with Session(engine) as session:
        [delivery] = session.exec(select(BriefingDelivery)).all()
    start, outcomes = threading.Barrier(len(users)), {}

    def press(user: str, n: int) -> None:
        start.wait()
        with session_scope(engine) as session:
            result = acknowledge_delivery(session, delivery_id=delivery.id, user=user,
                                          now=NOW + timedelta(seconds=n))
            outcomes[user] = (result.outcome, result.delivery.acknowledged_by)

    threads = [threading.Thread(target=press, args=(u, n)) for n, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with Session(engine) as session:
        stored = session.get(BriefingDelivery, delivery.id)
        entries = session.exec(select(AuditEntry).where(
            AuditEntry.entity == "briefing_delivery")).all()
    winners = [u for u, (outcome, _) in outcomes.items() if outcome == "recorded"]
    assert len(winners) == 1 and stored.acknowledged_by == winners[0]
    assert {by for _, by in outcomes.values()} == {winners[0]}
    assert [(e.actor, e.entity_id) for e in entries] == [(f"slack:{winners[0]}",
                                                          str(delivery.id))]
