"""Invented but realistic demo data, as of a day: a dozen providers of mixed risk, about 30
contracts (some missing clause elements), about 400 staff with re-check dates from long
overdue to two years out, monitoring meetings (some where safeguarding was not discussed),
thematic checks, self-assessments, training, and briefings (see safecomm.demo_activity).

The partnership is mostly sound, as a real one would be: each provider has a *profile* —
``strong`` (green, the odd amber), ``steady`` (a few late duties) or ``struggling`` (red on
several standards) — which sets how its contracts' duties fall. Re-check dates follow the
three-year DBS cycle (spread evenly up to two years out), with overdue ones at the weaker
providers only. Deterministic for a given seed and ``today``; every name and number is made
up, and certificate numbers start with 00.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, select

from models import Contract, Provider, Staff
from models.base import id_of
from models.crypto import CertificateCipher
from models.enums import CLAUSE_ELEMENTS, ContactLevel, ContractStatus, DbsLevel, Risk
from safecomm import demo_activity as activity
from safecomm.demo_lifecycle import seed_lifecycle
from safecomm.demo_people import MANAGERS, PROVIDERS, DemoProvider
from safecomm.demo_starters import seed_lifecycle_people

SERVICES = ["Residential care", "Foster placements", "Short breaks", "Tutoring",
            "Holiday activities", "Home-to-school transport", "Mentoring", "Counselling",
            "Youth club", "Family support"]
FIRST = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hari", "Isla", "Jon", "Kemi",
         "Liam", "Maya", "Noah", "Orla", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor",
         "Wren", "Yusuf", "Zara", "Aled", "Bethan", "Callum", "Dilys", "Eamon"]
LAST = ["Ashby", "Bramley", "Colne", "Dunmore", "Elwick", "Farrow", "Gale", "Hollins", "Ingram",
        "Jessop", "Kirkby", "Lowther", "Marsh", "Nettle", "Oakes", "Penrose", "Quarmby", "Rudd",
        "Sowerby", "Thwaite", "Umpleby", "Varley", "Whitlock", "Yardley"]
ROLES = ["Support worker", "Residential worker", "Tutor", "Driver", "Passenger assistant",
         "Mentor", "Coach", "Team leader", "Counsellor", "Play worker"]
CONTACT = ([ContactLevel.REGULATED] * 9 + [ContactLevel.REGULAR] * 6
           + [ContactLevel.OCCASIONAL] * 3 + [ContactLevel.NONE] * 2)
DBS_LEVEL = {ContactLevel.REGULATED: DbsLevel.ENHANCED_BARRED,
             ContactLevel.REGULAR: DbsLevel.ENHANCED, ContactLevel.OCCASIONAL: DbsLevel.STANDARD}
# Per profile: chance a re-check is overdue (and by up to how many days), due within 30 days,
# or within 31–90 days; the rest fall evenly 91 days to two years out.
RECHECKS = {"strong": (0.0, 0, 0.03, 0.06), "steady": (0.025, 45, 0.05, 0.07),
            "struggling": (0.15, 420, 0.07, 0.08)}
MISSING_CLAUSE = {"strong": 0.0, "steady": 0.12, "struggling": 0.5}


@dataclass
class Built:
    """What was made, for the demo's opening lines."""

    providers: int = 0
    contracts: int = 0
    staff: int = 0
    meetings: int = 0
    checks: int = 0
    assessments: int = 0
    briefings: int = 0


def certificate(rng: random.Random) -> str:
    """An invented 12-digit number (starting 00 so it cannot be a real certificate)."""
    return "00" + "".join(rng.choice("0123456789") for _ in range(10))


def seed_demo(session: Session, *, today: date, cipher: CertificateCipher,
              seed: int = 2026) -> Built:
    """Write the whole demo partnership in ``session`` (the caller commits)."""
    rng, built = random.Random(seed), Built()
    references = iter(range(101, 200))
    for spec in PROVIDERS:
        provider = Provider(name=spec.name, risk=spec.risk, safeguarding_lead=spec.lead,
                            slack_channel=spec.channel)
        session.add(provider)
        session.flush()
        built.providers += 1
        built.assessments += activity.seed_assessment(session, provider, spec.assessment, today,
                                                      rng)
        activity.seed_training(session, provider, spec.training, today, rng)
        for index in range(spec.contracts):
            contract = _contract(session, rng, provider, spec, f"BSC-{next(references)}",
                                 MANAGERS[(built.contracts + index) % len(MANAGERS)][0], today)
            built.staff += _staff(session, rng, contract, spec.profile, today, cipher)
            built.meetings += activity.seed_meetings(session, rng, contract, spec.profile, today)
            built.checks += activity.seed_checks(session, rng, contract, spec, today)
        built.contracts += spec.contracts
    built.staff += _ended_contract(session, rng, today, cipher)
    built.staff += seed_lifecycle(session, today=today, cipher=cipher)
    built.contracts += 2  # a tender and a decommissioning contract
    built.briefings = activity.seed_briefings(session, today=today, rng=rng)
    activity.seed_admin(session, today=today)
    built.staff += seed_lifecycle_people(session, today=today, cipher=cipher)
    return built


def _contract(session: Session, rng: random.Random, provider: Provider, spec: DemoProvider,
              reference: str, manager: str, today: date) -> Contract:
    start = today - relativedelta(months=rng.randint(9, 40), days=rng.randint(0, 27))
    elements = list(CLAUSE_ELEMENTS)
    if rng.random() < MISSING_CLAUSE[spec.profile]:
        for code in rng.sample(elements, 1 if spec.profile == "steady" else rng.randint(1, 3)):
            elements.remove(code)
    contract = Contract(
        reference=reference, provider_id=id_of(provider), service=rng.choice(SERVICES),
        start_date=start, end_date=start + relativedelta(years=rng.choice([4, 5])),
        contract_manager=manager, monitoring_every_months=6 if spec.risk == Risk.LOW else 3,
        clause_elements=Contract.join_clause_elements(elements),
        safeguarding_metrics=spec.profile != "struggling" or rng.random() < 0.6)
    session.add(contract)
    session.flush()
    return contract


def recheck_offset(rng: random.Random, profile: str) -> int:
    """Days from today to a re-check date, following the profile's mix (see RECHECKS)."""
    overdue, worst, within_30, within_90 = RECHECKS[profile]
    draw = rng.random()
    if draw < overdue:
        return -rng.randint(1, worst)
    if draw < overdue + within_30:
        return rng.randint(0, 30)
    if draw < overdue + within_30 + within_90:
        return rng.randint(31, 90)
    return rng.randint(91, 730)


def _staff(session: Session, rng: random.Random, contract: Contract, profile: str, today: date,
           cipher: CertificateCipher, count: int | None = None) -> int:
    count = count or rng.randint(10, 17)
    for index in range(count):
        level = rng.choice(CONTACT)
        missing = profile == "struggling" and index == 0 and rng.random() < 0.4
        number = None if level == ContactLevel.NONE or missing else certificate(rng)
        due = today + timedelta(days=recheck_offset(rng, profile)) if number else None
        left = today - timedelta(days=rng.randint(200, 260)) if rng.random() < 0.005 else None
        session.add(Staff(
            contract_id=id_of(contract), staff_ref=f"{contract.reference}-S{index:03d}",
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", role=rng.choice(ROLES),
            contact_level=level, dbs_level=DBS_LEVEL.get(level) if number else None,
            dbs_certificate_token=cipher.encrypt(number) if number else None,
            dbs_certificate_last4=number[-4:] if number else None,
            dbs_issue_date=due - relativedelta(years=3) if due else None,
            dbs_recheck_due=due, update_service=rng.random() < 0.4, left_on=left))
    return count


def _ended_contract(session: Session, rng: random.Random, today: date,
                    cipher: CertificateCipher) -> int:
    """A contract that ended eight months ago: its staff records are past retention."""
    provider = session.exec(select(Provider).where(Provider.name == PROVIDERS[0].name)).one()
    ended = today - relativedelta(months=8)
    contract = Contract(reference="BSC-090", provider_id=id_of(provider),
                        service="Holiday activities",
                        start_date=ended - relativedelta(years=2), end_date=ended,
                        contract_manager=MANAGERS[0][0], status=ContractStatus.ENDED,
                        clause_elements=Contract.join_clause_elements(CLAUSE_ELEMENTS),
                        safeguarding_metrics=True)
    session.add(contract)
    session.flush()
    return _staff(session, rng, contract, "strong", today, cipher, count=4)

