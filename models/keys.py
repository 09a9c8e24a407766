"""Rotating the certificate encryption key.

To rotate: put a new key in front of the old one (``SAFECOMM_ENCRYPTION_KEY=NEW,OLD``), run
``safecomm keys rotate`` (every token is re-encrypted under NEW, in batches, each committed),
then drop OLD from the setting. A token no key can read stops the rotation with an error.

A command that reads or writes certificate numbers (``serve``, ``socket``, ``import``) first
checks that the key reads what is stored (:func:`check_key`): a wrong key would otherwise
only show later, after new numbers had been encrypted under a key the old ones do not share.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, inspect, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from models.core import Staff
from models.crypto import CertificateCipher

BATCH = 2_000


def rotate_certificates(engine: Engine, cipher: CertificateCipher, *, batch: int = BATCH,
                        progress: Callable[[int], None] = lambda done: None) -> int:
    """Re-encrypt every stored certificate (and date of birth) under the cipher's first key;
    returns the count of records."""
    done, last_id = 0, 0
    certificate, birth = Staff.dbs_certificate_token, Staff.date_of_birth_token
    while True:
        with Session(engine) as session:
            rows = session.execute(
                select(col(Staff.id), col(certificate), col(birth))
                .where(col(Staff.id) > last_id,
                       or_(col(certificate).is_not(None), col(birth).is_not(None)))
                .order_by(col(Staff.id)).limit(batch)).all()
            if not rows:
                return done
            for staff_id, token, birth_token in rows:
                session.execute(update(Staff).where(col(Staff.id) == staff_id).values(
                    dbs_certificate_token=token and cipher.rotate(token),
                    date_of_birth_token=birth_token and cipher.rotate(birth_token)))
            session.commit()
        done += len(rows)
        last_id = rows[-1][0]
        progress(done)


def check_key(engine: Engine, cipher: CertificateCipher) -> None:
    """Raise CertificateKeyError when ``cipher`` cannot read the stored certificate numbers.

    The oldest and the newest stored token are tried (a rotation goes oldest first, so one
    stopped half-way shows at the newest). Nothing stored, no tables yet, or a database that
    does not answer (``serve`` starts anyway and its health check says so) passes."""
    try:
        if not inspect(engine).has_table(Staff.__tablename__):
            return
    except OperationalError:
        return
    token = col(Staff.dbs_certificate_token)
    with Session(engine) as session:
        stored = {session.scalar(select(token).where(token.is_not(None))
                                 .order_by(order).limit(1))
                  for order in (col(Staff.id), col(Staff.id).desc())}
    for value in stored:
        if value is not None:
            cipher.decrypt(value)
