"""The demo's DBS Update Service: invented details for subscribed staff, and how the local
stand-in for the DBS (safecomm.dbs_standin) answers their status checks.

Most subscribed staff get a surname (the last word of their name), an invented date of birth
and a consent date; a few lack the consent or the date of birth (their managers are listed
them as "cannot be status-checked"). Of those that can be checked, two have new information,
one finds no match and one has details the DBS refuses; the rest are current. Deterministic
for a given seed; a random stream of its own, so the rest of the demo data is unchanged.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, col, select

from models import Contract, Staff
from models.crypto import CertificateCipher
from models.enums import ContactLevel, ContractStatus

SPECIAL_ANSWERS = ("NEW_INFO", "NEW_INFO", "NO_MATCH_FOUND", "400")
ORGANISATION = "Invented Borough Council (demo)"
CHECKER = "Sam Whitfield"


def seed_update_service(session: Session, *, today: date, cipher: CertificateCipher,
                        seed: int = 2027) -> dict[str, str]:
    """Write the details in ``session``; returns the stand-in's answers by certificate number
    (anyone not in it: current)."""
    rng = random.Random(seed)
    rows = session.scalars(
        select(Staff).join(Contract, col(Contract.id) == col(Staff.contract_id))
        .where(col(Staff.update_service).is_(True), col(Staff.dbs_certificate_token).is_not(None),
               col(Contract.status) != ContractStatus.ENDED).order_by(col(Staff.id))).all()
    checkable = []
    for staff in rows:
        draw = rng.random()
        born = date(rng.randint(1962, 2001), rng.randint(1, 12), rng.randint(1, 28))
        staff.surname = staff.name.split()[-1]
        staff.date_of_birth_token = None if draw < 0.03 else cipher.encrypt(born.isoformat())
        staff.update_service_consent = None if 0.03 <= draw < 0.07 else \
            today - timedelta(days=rng.randint(20, 400))
        session.add(staff)
        if draw >= 0.07 and staff.left_on is None and staff.contact_level != ContactLevel.NONE:
            checkable.append(staff)
    chosen = rng.sample(checkable, len(SPECIAL_ANSWERS))
    return {cipher.decrypt(staff.dbs_certificate_token or ""): answer
            for staff, answer in zip(chosen, SPECIAL_ANSWERS, strict=True)}
