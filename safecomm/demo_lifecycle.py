"""The demo's contracts at the two ends of their life (SPEC "Lifecycle"): a tender starting
in three weeks that is not ready to engage (two clause elements missing from the draft, one
member of staff with no DBS record), and a decommissioning contract ending in under two
weeks whose exit monitoring meeting is due. A provider with a missing Child Safeguarding
Statement comes from its assessment state (safecomm.demo_people)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, select

from models import Contract, MonitoringMeeting, Provider, Staff, ThematicCheck
from models.base import id_of
from models.crypto import CertificateCipher
from models.enums import CLAUSE_ELEMENTS, ContactLevel, ContractStatus, DbsLevel, Rag
from safecomm.demo_people import MANAGERS, PROVIDERS

TENDER, ENDING = "BSC-201", "BSC-202"


def seed_lifecycle(session: Session, *, today: date, cipher: CertificateCipher) -> int:
    """Add the tender and the decommissioning contract; returns how many staff were added."""
    first, second = (session.exec(select(Provider).where(Provider.name == spec.name)).one()
                     for spec in (PROVIDERS[1], PROVIDERS[2]))
    tender = _contract(session, first, TENDER, "Tutoring", today + timedelta(days=21),
                       status=ContractStatus.TENDER, elements=CLAUSE_ELEMENTS[:8])
    ending = _contract(session, second, ENDING, "Youth club", today - relativedelta(years=3),
                       status=ContractStatus.DECOMMISSIONING, end=today + timedelta(days=12))
    session.add(MonitoringMeeting(contract_id=id_of(ending), held_on=today - timedelta(days=110),
                                  safeguarding_discussed=True, recorded_by="demo",
                                  notes="Invented meeting: exit plan agreed",
                                  next_meeting_on=today + timedelta(days=40)))
    session.add(ThematicCheck(contract_id=id_of(ending), theme="Online safety",
                              done_on=today - timedelta(days=60), outcome=Rag.GREEN,
                              recorded_by="demo"))
    staff = [(tender, "Bethan Rudd", "0027 1830 5521"), (tender, "Callum Thwaite", None),
             (ending, "Dilys Marsh", "0031 4470 2209"), (ending, "Eamon Gale", "0048 9062 1175")]
    for n, (contract, name, number) in enumerate(staff):
        digits = number.replace(" ", "") if number else None
        session.add(Staff(
            contract_id=id_of(contract), staff_ref=f"{contract.reference}-S{n:03d}", name=name,
            role="Tutor" if contract is tender else "Youth worker",
            contact_level=ContactLevel.REGULAR, dbs_level=DbsLevel.ENHANCED if digits else None,
            dbs_certificate_token=cipher.encrypt(digits) if digits else None,
            dbs_certificate_last4=digits[-4:] if digits else None,
            dbs_issue_date=today - timedelta(days=400) if digits else None,
            dbs_recheck_due=today + timedelta(days=695) if digits else None))
    return len(staff)


def _contract(session: Session, provider: Provider, reference: str, service: str, start: date,
              *, status: ContractStatus, elements: tuple[str, ...] = CLAUSE_ELEMENTS,
              end: date | None = None) -> Contract:
    contract = Contract(reference=reference, provider_id=id_of(provider), service=service,
                        start_date=start, end_date=end, contract_manager=MANAGERS[1][0],
                        status=status, clause_elements=Contract.join_clause_elements(elements),
                        safeguarding_metrics=True)
    session.add(contract)
    session.flush()
    return contract
