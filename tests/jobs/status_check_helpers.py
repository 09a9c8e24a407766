"""Shared by the status-check tests: the DBS stand-in, settings that point at it, and
subscribed people with invented details."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from models.crypto import CertificateCipher
from models.settings import Settings
from safecomm.dbs_standin import DbsStandIn
from tests.factories import make_staff

NOW = datetime(2027, 3, 3, 7, 30, tzinfo=UTC)
BORN = date(1990, 5, 17)
DBS_ENV = {"SAFECOMM_DBS_ORGANISATION": "Invented Borough Council",
           "SAFECOMM_DBS_CHECKER": "Pat Checker", "SAFECOMM_DBS_TERMS_AGREED": "yes"}


def invented_number() -> str:
    """A 12-digit certificate number of our own (invented ones start with 00)."""
    return f"00{uuid.uuid4().int % 10**10:010d}"


def dbs_settings(settings: Settings, dbs: DbsStandIn, **fields) -> Settings:
    """``settings`` with status checks set up against the stand-in."""
    return settings.model_copy(update={
        "dbs_api_url": dbs.api_url, "dbs_organisation": DBS_ENV["SAFECOMM_DBS_ORGANISATION"],
        "dbs_checker": DBS_ENV["SAFECOMM_DBS_CHECKER"], "dbs_terms_agreed": "yes", **fields})


def subscribed(session, contract, cipher: CertificateCipher, *, number: str | None = None,
               surname: str = "Ashby", born: date | None = BORN,
               consent: date | None = date(2026, 12, 1), **fields):
    """A person on the Update Service with consent; returns (staff, their number)."""
    number = number or invented_number()
    staff = make_staff(session, contract, **{
        "update_service": True, "surname": surname, "update_service_consent": consent,
        "date_of_birth_token": born and cipher.encrypt(born.isoformat()),
        "dbs_certificate_token": cipher.encrypt(number), "dbs_certificate_last4": number[-4:],
        **fields})
    return staff, number


def run_checks(engine, client, *, timeout: float = 5.0, **context):
    """The status-check job once, with a context of ``engine``, ``client`` and ``context``."""
    from jobs.context import JobContext
    from jobs.dbs_status_checks import run_once

    return run_once(JobContext(engine=engine, client=client, **context), timeout=timeout)
