"""Rotating the certificate encryption key.

To rotate: put a new key in front of the old one (``SAFECOMM_ENCRYPTION_KEY=NEW,OLD``), run
``safecomm keys rotate`` (every token is re-encrypted under NEW, in batches, each committed),
then drop OLD from the setting. A token no key can read stops the rotation with an error.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select, update
from sqlmodel import Session

from models.core import Staff
from models.crypto import CertificateCipher

BATCH = 2_000


def rotate_certificates(engine: Engine, cipher: CertificateCipher, *, batch: int = BATCH,
                        progress: Callable[[int], None] = lambda done: None) -> int:
    """Re-encrypt every stored certificate under the cipher's first key; returns the count."""
    done, last_id = 0, 0
    while True:
        with Session(engine) as session:
            rows = session.execute(
                select(Staff.id, Staff.dbs_certificate_token)
                .where(Staff.id > last_id, Staff.dbs_certificate_token.is_not(None))
                .order_by(Staff.id).limit(batch)).all()
            if not rows:
                return done
            for staff_id, token in rows:
                session.execute(update(Staff).where(Staff.id == staff_id)
                                .values(dbs_certificate_token=cipher.rotate(token)))
            session.commit()
        done += len(rows)
        last_id = rows[-1][0]
        progress(done)
