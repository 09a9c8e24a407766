"""The demo's people at the two ends of the lifecycle (models.dbs_states): a new starter
awaiting their DBS certificate and a recent leaver, both on the first contract. Invented."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from models.core import Contract, Staff
from models.crypto import CertificateCipher
from models.enums import ContactLevel

STARTER = "Rowan Pryce"  # applied 10 days ago: amber, in the digest
LEAVER = "Idris Kell"  # left three weeks ago: out of the standard, never reminded


LEAVER_CERTIFICATE = "004417720963"  # invented (00…)


def seed_lifecycle_people(session: Session, *, today: date, cipher: CertificateCipher) -> int:
    """Add the starter and the leaver to the first contract; returns how many (2)."""
    contract = session.exec(select(Contract).where(Contract.reference == "BSC-101")).one()
    assert contract.id is not None
    session.add(Staff(contract_id=contract.id, staff_ref=f"{contract.reference}-NEW1",
                      name=STARTER, role="Support worker", contact_level=ContactLevel.REGULAR,
                      dbs_applied_on=today - timedelta(days=10)))
    session.add(Staff(contract_id=contract.id, staff_ref=f"{contract.reference}-LEFT1",
                      name=LEAVER, role="Sessional worker", contact_level=ContactLevel.REGULATED,
                      dbs_certificate_token=cipher.encrypt(LEAVER_CERTIFICATE),
                      dbs_certificate_last4=LEAVER_CERTIFICATE[-4:],
                      dbs_recheck_due=today - timedelta(days=5),
                      left_on=today - timedelta(days=21)))
    return 2
