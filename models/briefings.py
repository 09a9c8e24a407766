"""Standard 3: publishing a BSCP briefing to its audience, and when to chase it.

Rules:
- A briefing has a title, a summary, an http(s) link (models.links: no spaces, ``|``, ``<`` or
  ``>``), a kind and an audience: ``all``
  providers, the providers of one risk level (``risk:high``), or named providers
  (``providers:Name A;Name B``).
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

from sqlalchemy import CursorResult, select, update
from sqlmodel import Session, col

from models.activity import Briefing, BriefingDelivery
from models.audit import changed_fields, record_audit
from models.base import get_stored, id_of
from models.core import Provider
from models.enums import AuditAction, BriefingKind, Risk
from models.links import link_problem
from models.names import match_name

CHASE_AFTER_WORKING_DAYS = 5
ESCALATE_AFTER_WORKING_DAYS = 10
KIND_ALIASES = {"practice-review": BriefingKind.PRACTICE_REVIEW,
                "practice review lesson": BriefingKind.PRACTICE_REVIEW,
                "procedure-update": BriefingKind.PROCEDURE_UPDATE}


class BriefingError(ValueError):
    """A briefing that cannot be published; the message names the field and the problem."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field


@dataclass(frozen=True)
class Audience:
    risk: Risk | None = None
    provider_ids: tuple[int, ...] = ()

    def stored(self) -> str:
        if self.risk:
            return f"risk:{self.risk}"
        if self.provider_ids:
            return "providers:" + ";".join(str(i) for i in self.provider_ids)
        return "all"


def parse_kind(text: str | None) -> BriefingKind:
    cleaned = (text or "newsletter").strip().lower()
    if cleaned in KIND_ALIASES:
        return KIND_ALIASES[cleaned]
    try:
        return BriefingKind(cleaned.replace("-", "_").replace(" ", "_"))
    except ValueError:
        choices = ", ".join(k.value for k in BriefingKind)
        raise BriefingError("kind", f"{text!r} is not one of {choices}") from None


def parse_audience(session: Session, text: str | None) -> Audience:
    """``all`` (default), ``risk:<low|medium|high>``, or ``providers:<name>;<name>…``."""
    cleaned = (text or "all").strip()
    head, _, rest = cleaned.partition(":")
    if head.lower() == "all" and not rest:
        return Audience()
    if head.lower() == "risk":
        try:
            return Audience(risk=Risk(rest.strip().lower()))
        except ValueError:
            raise BriefingError("audience", f"{rest!r} is not a risk level "
                                "(low, medium, high)") from None
    if head.lower() == "providers" and rest.strip():
        return Audience(provider_ids=named_providers(session, rest))
    raise BriefingError("audience", f"{cleaned!r} is not 'all', 'risk:<level>' or "
                        "'providers:<name>;<name>'")


def named_providers(session: Session, text: str) -> tuple[int, ...]:
    """The ids of the providers named in ``Name A;Name B`` (models.names: exact, else but for
    case and spacing); every name not found is named, with "did you mean" the nearest."""
    stored = [(name, (provider_id, name)) for provider_id, name in
              session.execute(select(col(Provider.id), col(Provider.name)))]
    found, problems = set(), []
    for name in (n.strip() for n in text.split(";")):
        if not name:
            continue
        matched = match_name(name, stored)
        if matched.found:
            found.add(matched.found[0])
            continue
        near = matched.several or matched.nearest
        hint = f" (did you mean {' or '.join(repr(n) for _, n in near)}?)" if near else ""
        problems.append(f"no provider {name!r}{hint}")
    if problems:
        raise BriefingError("audience", "; ".join(problems))
    return tuple(sorted(found))


def audience_providers(session: Session, audience: Audience) -> list[Provider]:
    query = select(Provider).order_by(col(Provider.name))
    if audience.risk:
        query = query.where(col(Provider.risk) == audience.risk)
    elif audience.provider_ids:
        query = query.where(col(Provider.id).in_(audience.provider_ids))
    return list(session.scalars(query))


def publish_briefing(session: Session, *, title: str, summary: str, url: str,
                     kind: str | None, audience: str | None, actor: str,
                     now: datetime) -> Briefing:
    """Validate, store the briefing and one delivery per audience provider, and audit it.

    Raises BriefingError (nothing written) when a field is wrong or the audience is empty.
    """
    title, summary, url = (title or "").strip(), (summary or "").strip(), (url or "").strip()
    if not title or len(title) > 200:
        raise BriefingError("title", "required, at most 200 characters")
    if not summary:
        raise BriefingError("summary", "required")
    problem = link_problem(url)
    if problem:
        raise BriefingError("url", f"{url!r} is not a link Slack can show: {problem}")
    parsed = parse_audience(session, audience)
    providers = audience_providers(session, parsed)
    if not providers:
        raise BriefingError("audience", f"{parsed.stored()!r} matches no provider")
    briefing = Briefing(title=title, summary=summary, url=url, kind=parse_kind(kind),
                        audience=parsed.stored(), published_by=actor, published_at=now)
    session.add(briefing)
    session.flush()
    for provider in providers:
        session.add(BriefingDelivery(briefing_id=id_of(briefing), provider_id=id_of(provider)))
    record_audit(session, actor=actor, action=AuditAction.CREATE, entity="briefing",
                 entity_id=briefing.id, at=now, note=f"published to {len(providers)} providers",
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
