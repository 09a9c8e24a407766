"""What has happened in the demo partnership: self-assessments, training, monitoring meetings,
thematic checks, briefings (published with models.briefings and partly acknowledged) and the
BSCP admin's role. Each duty is placed so that its standard comes out as the provider's
profile or state says (see safecomm.demo_data and safecomm.demo_people).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, select

from models import (
    Contract,
    MonitoringMeeting,
    Provider,
    SelfAssessment,
    ThematicCheck,
    TrainingAttendance,
)
from models.activity import BriefingDelivery
from models.base import id_of
from models.briefings import publish_briefing
from models.cadence import slot, thematic_every_months
from models.enums import Rag, Role
from models.roles import grant_role
from models.working_days import is_working_day
from safecomm.demo_people import ADMIN, PROVIDERS

ZONE = ZoneInfo("Europe/London")
THEMES = ["Safer recruitment", "Allegations management", "Online safety", "Missing from care",
          "Exploitation (CSE/CCE)", "Transport and escorts"]
# Per profile: the chance the latest meeting is on track, due within 14 days, overdue, or one
# where safeguarding was not discussed.
MEETINGS = {"strong": (0.8, 0.2, 0.0, 0.0), "steady": (0.65, 0.2, 0.1, 0.05),
            "struggling": (0.2, 0.1, 0.4, 0.3)}
CHECKS = {"strong": (1.0, 0.0), "steady": (0.85, 0.15), "struggling": (0.35, 0.35)}  # on time, late
OUTCOMES = {"strong": [Rag.GREEN], "steady": [Rag.GREEN] * 3 + [Rag.AMBER],
            "struggling": [Rag.GREEN, Rag.AMBER, Rag.RED]}


def seed_assessment(session: Session, provider: Provider, state: str, today: date,
                    rng: random.Random) -> int:
    """Two years of annual self-assessments; the latest placed for ``state``."""
    if state == "missing":
        return 0
    ago = {"green": rng.randint(40, 300), "amber": rng.randint(340, 355),
           "overdue": rng.randint(385, 440), "no_statement": rng.randint(60, 200)}[state]
    last = today - timedelta(days=ago)
    for done in (last - relativedelta(years=1), last):
        statement = None if state == "no_statement" else done + timedelta(days=rng.randint(0, 9))
        session.add(SelfAssessment(provider_id=id_of(provider), completed_on=done,
                                   statement_received_on=statement, recorded_by="demo",
                                   notes="Invented self-assessment"))
    return 2


def seed_training(session: Session, provider: Provider, state: str, today: date,
                  rng: random.Random) -> None:
    if state == "none":
        return
    ago = {"green": rng.randint(30, 300), "amber": rng.randint(340, 358),
           "overdue": rng.randint(390, 480)}[state]
    session.add(TrainingAttendance(provider_id=id_of(provider),
                                   course="BSCP safeguarding essentials",
                                   attended_on=today - timedelta(days=ago),
                                   attendees=rng.randint(3, 18)))


def _pick(rng: random.Random, weights) -> int:
    draw, total = rng.random(), 0.0
    for index, weight in enumerate(weights):
        total += weight
        if draw < total:
            return index
    return len(weights) - 1


def seed_meetings(session: Session, rng: random.Random, contract: Contract, profile: str,
                  today: date) -> int:
    """Up to four meetings on the contract's interval; the latest agreed the next one."""
    state = _pick(rng, MEETINGS[profile])  # 0 on track, 1 soon, 2 overdue, 3 not discussed
    days = [rng.randint(15, 80), rng.randint(0, 14), -rng.randint(3, 70), rng.randint(10, 60)]
    agreed = today + timedelta(days=days[state])
    every = relativedelta(months=contract.monitoring_every_months)
    held, count = agreed - every, 0
    while held >= contract.start_date and count < 4:
        discussed = not (count == 0 and state == 3) and not (count == 2 and profile == "steady"
                                                             and rng.random() < 0.3)
        session.add(MonitoringMeeting(
            contract_id=id_of(contract), held_on=held, safeguarding_discussed=discussed,
            metrics="Referrals, allegations, missing episodes, training compliance",
            actions="" if discussed else "Put safeguarding back on the standing agenda",
            next_meeting_on=agreed if count == 0 else None, recorded_by="demo"))
        agreed, held, count = held, held - every - timedelta(days=rng.randint(-5, 5)), count + 1
    return count


def seed_checks(session: Session, rng: random.Random, contract: Contract, spec,
                today: date) -> int:
    """Thematic checks at the risk cadence's slots; late ones miss the latest slot."""
    latest, slots = thematic_slots(contract, spec.risk, today)
    state = _pick(rng, CHECKS[spec.profile])  # 0 on time, 1 late, 2 never
    if state == 2:
        return 0
    done_slots = slots[1:latest + 1] if state == 0 else slots[1:latest]
    count = 0
    for index, when in enumerate(done_slots[-3:]):
        last = index == len(done_slots[-3:]) - 1
        session.add(ThematicCheck(
            contract_id=id_of(contract), theme=rng.choice(THEMES),
            done_on=min(when + timedelta(days=rng.randint(-8, 8)), today),
            outcome=rng.choice(OUTCOMES[spec.profile]) if last else Rag.GREEN,
            findings="Invented findings: policies seen, staff files sampled",
            recorded_by="demo"))
        count += 1
    if rng.random() < 0.15:  # a planned check, prefilled in the check form
        session.add(ThematicCheck(contract_id=id_of(contract), theme=rng.choice(THEMES),
                                  due_on=slots[latest + 1], recorded_by="demo"))
    return count


def thematic_slots(contract: Contract, risk, today: date) -> tuple[int, list[date]]:
    """A contract's thematic-check slots up to the first after today, and the index of the
    latest on or before today (0: the contract's start)."""
    every = thematic_every_months(risk)
    slots = [contract.start_date]
    while slots[-1] <= today:
        slots.append(slot(contract.start_date, every, len(slots)))
    return len(slots) - 2, slots


def working_days_before(day: date, count: int) -> date:
    while count:
        day -= timedelta(days=1)
        count -= is_working_day(day)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local time on ``day`` as a UTC datetime (what the database stores)."""
    return datetime.combine(day, time(hour, minute), ZONE).astimezone(UTC)


BRIEFINGS = [  # title, summary, kind, audience, working days ago, providers not acknowledging
    ("Child T: lessons from a practice review",
     "Missing episodes are a sign of exploitation: share them with the child's social worker "
     "the same day, and check contextual risks (CSE and CCE) at every review.",
     "practice_review", "all", 10, {"Kestrel Sports Academy", "Lanternhouse Respite",
                                    "Riverside Play Association"}),
    ("New LADO referral form",
     "From 1 December allegations against staff go to the LADO on the new online form, within "
     "one working day. The old e-mail address closes.", "procedure_update", "all", 5,
     {"Kestrel Sports Academy", "Lanternhouse Respite", "Stonebridge Transport Services",
      "Willowbank Residential Care"}),
    ("Spring safeguarding training dates",
     "New dates for Safer recruitment and Working with the LADO; high-risk services should "
     "book at least two places.", "training", "risk:high", None, set()),
]


def seed_briefings(session: Session, *, today: date, rng: random.Random) -> int:
    """Two briefings delivered 10 and 5 working days ago, partly acknowledged, and one
    published this morning (the briefings job posts it)."""
    leads = {p.name: p.lead for p in PROVIDERS}
    for title, summary, kind, audience, ago, silent in BRIEFINGS:
        day = today if ago is None else working_days_before(today, ago)
        briefing = publish_briefing(session, title=title, summary=summary,
                                    url="https://bscp.example.org/briefings/"
                                        + title.lower().replace(" ", "-").replace(":", ""),
                                    kind=kind, audience=audience, actor=f"slack:{ADMIN[0]}",
                                    now=at(day, 8, 30))
        session.flush()
        if ago is None:
            continue
        rows = session.exec(select(BriefingDelivery, Provider).join(
            Provider, col(Provider.id) == col(BriefingDelivery.provider_id))
            .where(col(BriefingDelivery.briefing_id) == briefing.id)).all()
        for n, (delivery, provider) in enumerate(rows):
            delivery.channel, delivery.delivered_at = provider.slack_channel, at(day, 9)
            delivery.message_ts = f"{int(at(day, 9).timestamp())}.{n:06d}"
            if provider.name not in silent:
                delivery.acknowledged_by = leads[provider.name]
                delivery.acknowledged_at = at(working_days_before(
                    today, rng.randint(max(ago - 4, 1), ago)), rng.randint(10, 16))
            session.add(delivery)
    return len(BRIEFINGS)


def seed_admin(session: Session, *, today: date) -> None:
    grant_role(session, user=ADMIN[0], role=Role.ADMIN, actor="demo", now=at(today, 8))
