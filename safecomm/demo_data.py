"""Invented but realistic demo data: providers of mixed risk, contracts (some missing clause
elements), staff with re-check dates from long overdue to two years out, meetings (some where
safeguarding was not discussed), thematic checks, self-assessments and training.

Deterministic for a given seed and ``today``; every name and number is made up.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from models import (
    Contract,
    MonitoringMeeting,
    Provider,
    SelfAssessment,
    Staff,
    ThematicCheck,
    TrainingAttendance,
)
from models.cadence import default_recheck_due
from models.crypto import CertificateCipher
from models.enums import CLAUSE_ELEMENTS, ContactLevel, DbsLevel, Rag, Risk

PROVIDER_NAMES = [
    "Brightwell Youth Trust", "Harbour Lane Fostering", "Oakmere Family Support",
    "Kestrel Sports Academy", "Willowbank Residential Care", "Northgate Tutoring",
    "Riverside Play Association", "Copperfield Mentoring", "Lanternhouse Respite",
    "Meadowview Holiday Clubs", "Stonebridge Transport Services", "Fairhaven Counselling",
]
SERVICES = ["Residential care", "Foster placements", "Short breaks", "Tutoring",
            "Holiday activities", "Home-to-school transport", "Mentoring", "Counselling",
            "Youth club", "Family support"]
FIRST = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hari", "Isla", "Jon",
         "Kemi", "Liam", "Maya", "Noah", "Orla", "Priya", "Quinn", "Rosa", "Sam", "Tariq"]
LAST = ["Ashby", "Bramley", "Colne", "Dunmore", "Elwick", "Farrow", "Gale", "Hollins",
        "Ingram", "Jessop", "Kirkby", "Lowther", "Marsh", "Nettle", "Oakes", "Penrose"]
ROLES = ["Support worker", "Residential worker", "Tutor", "Driver", "Passenger assistant",
         "Mentor", "Coach", "Team leader", "Counsellor", "Play worker"]
MANAGERS = ["U0DEMOCM01", "U0DEMOCM02", "U0DEMOCM03", "commissioning.lead@example.org"]
THEMES = ["Safer recruitment", "Allegations management", "Online safety",
          "Missing from care", "Exploitation (CSE/CCE)"]


def certificate(rng: random.Random) -> str:
    """An invented 12-digit number (starting 00 so it cannot be a real certificate)."""
    return "00" + "".join(rng.choice("0123456789") for _ in range(10))


def seed_demo(session: Session, *, today: date, cipher: CertificateCipher, seed: int = 2026,
              staff_per_contract: int = 13) -> None:
    rng = random.Random(seed)
    for p_index, name in enumerate(PROVIDER_NAMES):
        provider = Provider(name=name, risk=rng.choice(list(Risk)),
                            safeguarding_lead=f"U0DEMOPL{p_index:02d}",
                            slack_channel=f"C0DEMO{p_index:04d}")
        session.add(provider)
        session.flush()
        if p_index % 5 != 4:
            done = today - timedelta(days=rng.randint(20, 400))
            session.add(SelfAssessment(
                provider_id=provider.id, completed_on=done, recorded_by="demo",
                statement_received_on=None if p_index % 6 == 5 else done))
        if p_index % 4 != 3:
            session.add(TrainingAttendance(provider_id=provider.id, course="Safeguarding basics",
                                           attended_on=today - timedelta(days=rng.randint(10, 420)),
                                           attendees=rng.randint(2, 15)))
        for c_index in range(2 + (p_index % 3 == 0)):
            _seed_contract(session, rng, provider, f"BSC-{100 + p_index * 3 + c_index}",
                           today, cipher, staff_per_contract)


def _seed_contract(session, rng, provider, reference, today, cipher, staff_count) -> None:
    start = today - relativedelta(months=rng.randint(4, 30), days=rng.randint(0, 27))
    elements = list(CLAUSE_ELEMENTS)
    if rng.random() < 0.3:
        for code in rng.sample(elements, rng.randint(1, 3)):
            elements.remove(code)
    contract = Contract(reference=reference, provider_id=provider.id, service=rng.choice(SERVICES),
                        start_date=start, end_date=start + relativedelta(years=3),
                        contract_manager=rng.choice(MANAGERS),
                        clause_elements=Contract.join_clause_elements(elements),
                        safeguarding_metrics=rng.random() > 0.15)
    session.add(contract)
    session.flush()
    for s_index in range(staff_count):
        level = rng.choice([ContactLevel.REGULATED] * 3 + [ContactLevel.REGULAR] * 2
                           + [ContactLevel.OCCASIONAL, ContactLevel.NONE])
        issued = today - timedelta(days=rng.randint(180, 1095 + 400))
        number = None if level == ContactLevel.NONE else certificate(rng)
        session.add(Staff(
            contract_id=contract.id, staff_ref=f"{reference}-S{s_index:03d}",
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", role=rng.choice(ROLES),
            contact_level=level, dbs_level=None if number is None else DbsLevel.ENHANCED_BARRED,
            dbs_certificate_token=cipher.encrypt(number) if number else None,
            dbs_certificate_last4=number[-4:] if number else None,
            dbs_issue_date=issued if number else None,
            dbs_recheck_due=default_recheck_due(issued) if number else None,
            update_service=rng.random() < 0.4))
    for m_index in range(rng.randint(0, 3)):
        held = today - timedelta(days=30 + 91 * m_index + rng.randint(0, 20))
        session.add(MonitoringMeeting(contract_id=contract.id, held_on=held,
                                      safeguarding_discussed=rng.random() > 0.2,
                                      metrics="Referrals, incidents, training compliance",
                                      recorded_by="demo"))
    if rng.random() < 0.7:
        session.add(ThematicCheck(contract_id=contract.id, theme=rng.choice(THEMES),
                                  done_on=today - timedelta(days=rng.randint(20, 300)),
                                  outcome=rng.choice(list(Rag)), findings="Invented findings",
                                  recorded_by="demo"))
