"""Standards 1 and 3's facts read for many providers at once are each provider's own."""

from datetime import UTC, date, datetime

from sqlmodel import select

from models import BriefingDelivery, TrainingAttendance
from models.briefings import publish_briefing
from models.facts import BriefingFacts, ProviderFacts
from models.queries import providers_facts
from tests.factories import make_assessment, make_provider

TODAY = date(2026, 12, 10)


def test_each_provider_gets_its_own_assessments_briefings_and_training(session):
    first, second, third = (make_provider(session) for _ in range(3))
    make_assessment(session, first, completed_on=date(2025, 3, 1))
    make_assessment(session, first, completed_on=date(2026, 3, 1), statement_received_on=None)
    make_assessment(session, second, completed_on=date(2026, 5, 4))
    session.add_all([
        TrainingAttendance(provider_id=first.id, course="A", attended_on=date(2026, 6, 1)),
        TrainingAttendance(provider_id=first.id, course="B", attended_on=date(2027, 1, 1)),
        TrainingAttendance(provider_id=third.id, course="A", attended_on=date(2026, 2, 2))])
    publish_briefing(session, title="T", summary="S", url="https://example.org/t",
                     kind="newsletter", audience="all", actor="test",
                     now=datetime(2026, 11, 2, 9, tzinfo=UTC))
    session.flush()
    for delivery in session.exec(select(BriefingDelivery)).all():
        if delivery.provider_id == second.id:
            delivery.delivered_at = datetime(2026, 11, 2, 10, tzinfo=UTC)
            delivery.acknowledged_at = datetime(2026, 11, 4, 10, tzinfo=UTC)
    session.commit()

    found = providers_facts(session, providers=[first, second, third], today=TODAY)

    assert found[first.id] == ProviderFacts(
        first.risk, None, date(2025, 3, 1), date(2026, 3, 1), date(2025, 3, 1), (),
        date(2026, 6, 1))  # training after today is not counted
    assert found[second.id].briefings == (
        BriefingFacts(date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 16)),)
    assert found[second.id].last_training_on is None
    assert found[third.id] == ProviderFacts(third.risk, last_training_on=date(2026, 2, 2))
