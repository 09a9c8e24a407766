"""Standard 3: publishing a BSCP briefing to its audience, and when to chase it.

Rules:
- A briefing has a title, a summary, an http(s) link, a kind and an audience, all checked
  together (models.briefing_fields: every wrong field is named at once).
- Publishing fixes the audience: one delivery row per audience provider is created at once,
  and the briefings job posts each of them exactly once.
- An unacknowledged delivery is chased after 5 working days (one chaser to the provider's
  lead) and listed to the BSCP channel after 10 working days.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col

from models.activity import Briefing, BriefingDelivery
from models.audit import changed_fields, record_audit
from models.base import get_stored, id_of
from models.briefing_fields import BriefingError, check_briefing
from models.core import Provider
from models.enums import AuditAction

CHASE_AFTER_WORKING_DAYS = 5
ESCALATE_AFTER_WORKING_DAYS = 10


def publish_briefing(session: Session, *, title: str, summary: str, url: str,
                     kind: str | None, audience: str | None, actor: str,
                     now: datetime) -> Briefing:
    """Validate, store the briefing and one delivery per audience provider, and audit it.

    Raises BriefingError naming every wrong field (nothing written).
    """
    checked = check_briefing(session, title=title, summary=summary, url=url, kind=kind,
                             audience=audience)
    if checked.problems or checked.kind is None or checked.audience is None:
        raise BriefingError.naming(checked.problems)
    briefing = Briefing(title=checked.title, summary=checked.summary, url=checked.url,
                        kind=checked.kind, audience=checked.audience.stored(),
                        published_by=actor, published_at=now)
    session.add(briefing)
    session.flush()
    for provider in checked.providers:
        session.add(BriefingDelivery(briefing_id=id_of(briefing), provider_id=id_of(provider)))
    record_audit(session, actor=actor, action=AuditAction.CREATE, entity="briefing",
                 entity_id=briefing.id, at=now,
                 note=f"published to {len(checked.providers)} providers",
                 changes=changed_fields(None, briefing.model_dump()))
    return briefing


def working_days_after(start: date, count: int, is_working_day: Callable[[date], bool]) -> date:
    """The day on which ``count`` working days have passed since ``start`` (not counted)."""
    day, passed = start, 0
    while passed < count:
        day += timedelta(days=1)
        passed += is_working_day(day)
    return day


def chase_dates(delivered_on: date, is_working_day: Callable[[date], bool]) -> tuple[date, date]:
    """(chaser to the lead, listing to the BSCP channel) for a delivery made on a day."""
    return (working_days_after(delivered_on, CHASE_AFTER_WORKING_DAYS, is_working_day),
            working_days_after(delivered_on, ESCALATE_AFTER_WORKING_DAYS, is_working_day))


@dataclass(frozen=True)
class Acknowledgement:
    """The outcome of pressing "Acknowledge": ``recorded`` now, ``already`` done (by whom and
    when), or ``refused`` with the reason naming who can."""

    outcome: str
    delivery: BriefingDelivery | None = None
    briefing: Briefing | None = None
    provider: Provider | None = None
    reason: str = ""


def acknowledge_delivery(session: Session, *, delivery_id: int, user: str,
                         now: datetime) -> Acknowledgement:
    """Record that ``user`` cascaded the briefing for the delivery's provider (idempotent).

    Only a member of that provider (its safeguarding lead, or anyone holding the provider
    role for it) or an admin may acknowledge; the first acknowledgement stands, and only
    its press is audited ("recorded"); every later one gets "already" with the first's.
    """
    from models.roles import is_admin, is_provider_member

    delivery = session.get(BriefingDelivery, delivery_id)
    if delivery is None:
        return Acknowledgement("refused", reason="This briefing is no longer in the register.")
    briefing = get_stored(session, Briefing, delivery.briefing_id)
    provider = get_stored(session, Provider, delivery.provider_id)
    if not (is_admin(session, user) or is_provider_member(session, user, provider)):
        return Acknowledgement(
            "refused", delivery, briefing, provider,
            f"Only {provider.name}'s safeguarding lead, someone with the provider role for "
            f"{provider.name}, or a BSCP admin can acknowledge this briefing.")
    # A conditional UPDATE: of many presses at once, exactly one finds the row unacknowledged.
    result = session.execute(
        update(BriefingDelivery)
        .where(col(BriefingDelivery.id) == delivery.id,
               col(BriefingDelivery.acknowledged_at).is_(None))
        .values(acknowledged_by=user, acknowledged_at=now)
        .execution_options(synchronize_session=False))
    won = cast(CursorResult[Any], result).rowcount == 1
    session.refresh(delivery)
    if not won:
        return Acknowledgement("already", delivery, briefing, provider)
    record_audit(session, actor=f"slack:{user}", action=AuditAction.UPDATE,
                 entity="briefing_delivery", entity_id=delivery.id, at=now,
                 changes=changed_fields({"acknowledged_by": None, "acknowledged_at": None},
                                        {"acknowledged_by": user, "acknowledged_at": now}))
    return Acknowledgement("recorded", delivery, briefing, provider)
