"""Rows for tests, with invented values; each takes the session and keyword overrides."""

from __future__ import annotations

from datetime import date
from itertools import count

from sqlmodel import Session

from models import Contract, MonitoringMeeting, Provider, SelfAssessment, Staff
from models.enums import CLAUSE_ELEMENTS, ContactLevel, DbsLevel

_serial = count(1)


def make_provider(session: Session, **fields) -> Provider:
    n = next(_serial)
    provider = Provider(**{"name": f"Test Provider {n}", "slack_channel": f"C0TEST{n:04d}",
                           "safeguarding_lead": f"U0LEAD{n:04d}", **fields})
    session.add(provider)
    session.flush()
    return provider


def make_contract(session: Session, provider: Provider, **fields) -> Contract:
    n = next(_serial)
    contract = Contract(**{
        "reference": f"TST-{n:04d}", "provider_id": provider.id, "service": "Short breaks",
        "start_date": date(2026, 1, 31), "contract_manager": f"U0CM{n:04d}",
        "clause_elements": Contract.join_clause_elements(CLAUSE_ELEMENTS),
        "safeguarding_metrics": True, **fields})
    session.add(contract)
    session.flush()
    return contract


def make_staff(session: Session, contract: Contract, **fields) -> Staff:
    n = next(_serial)
    staff = Staff(**{
        "contract_id": contract.id, "staff_ref": f"S{n:05d}", "name": f"Invented Person {n}",
        "role": "Support worker", "contact_level": ContactLevel.REGULATED,
        "dbs_level": DbsLevel.ENHANCED_BARRED, "dbs_certificate_token": "token",
        "dbs_certificate_last4": f"{n % 10000:04d}", "dbs_issue_date": date(2024, 1, 1),
        "dbs_recheck_due": date(2027, 1, 1), **fields})
    session.add(staff)
    session.flush()
    return staff


def make_meeting(session: Session, contract: Contract, **fields) -> MonitoringMeeting:
    meeting = MonitoringMeeting(**{"contract_id": contract.id, "held_on": date(2026, 4, 30),
                                   "safeguarding_discussed": True, "recorded_by": "test",
                                   **fields})
    session.add(meeting)
    session.flush()
    return meeting


def make_assessment(session: Session, provider: Provider, **fields) -> SelfAssessment:
    done = fields.pop("completed_on", date(2026, 1, 31))
    assessment = SelfAssessment(**{"provider_id": provider.id, "completed_on": done,
                                   "statement_received_on": done, "recorded_by": "test",
                                   **fields})
    session.add(assessment)
    session.flush()
    return assessment
