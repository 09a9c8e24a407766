"""Who is commissioned to do what: providers, their contracts, and the staff on them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import created_at_field, updated_at_field
from models.enums import CLAUSE_ELEMENTS, ContactLevel, ContractStatus, DbsLevel, Risk
from models.types import UTCDateTime


class Provider(SQLModel, table=True):
    """An organisation commissioned to deliver services for children."""

    __tablename__ = "providers"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    risk: Risk = Field(default=Risk.MEDIUM, sa_type=String(10))
    safeguarding_lead: str | None = Field(default=None, max_length=254)  # Slack ID or e-mail
    slack_channel: str | None = Field(default=None, max_length=80)
    # Standard 1: months between self-assessments; None means the BSCP default (12).
    self_assessment_every_months: int | None = Field(default=None)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Contract(SQLModel, table=True):
    """One contract with a provider; most standards are judged per contract."""

    __tablename__ = "contracts"
    __table_args__ = (
        Index("ix_contracts_provider_id", "provider_id"),
        Index("ix_contracts_contract_manager", "contract_manager"),
        Index("ix_contracts_updated_at", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=60, unique=True)
    provider_id: int = Field(foreign_key="providers.id", ondelete="RESTRICT")
    service: str = Field(default="", max_length=200)
    start_date: date
    end_date: date | None = None
    contract_manager: str | None = Field(default=None, max_length=254)  # Slack ID or e-mail
    slack_channel: str | None = Field(default=None, max_length=80)  # None: the provider's
    monitoring_every_months: int = Field(default=3)
    # Standard 2: the clause element codes this contract holds, sorted and ';'-joined.
    clause_elements: str = Field(default="", max_length=400)
    safeguarding_metrics: bool = False
    status: ContractStatus = Field(default=ContractStatus.ACTIVE, sa_type=String(20))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()

    @property
    def clause_element_set(self) -> frozenset[str]:
        return frozenset(code for code in self.clause_elements.split(";") if code)

    @staticmethod
    def join_clause_elements(codes: Iterable[str]) -> str:
        """The stored form of a set of codes, in SPEC order."""
        wanted = set(codes)
        return ";".join(code for code in CLAUSE_ELEMENTS if code in wanted)


class Staff(SQLModel, table=True):
    """A person working on a contract, and their DBS record (standard 4)."""

    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("contract_id", "staff_ref"),
        # the re-check date; with it NULL, the day a check was applied for (whom an
        # incremental DBS reminder run reads among those with no re-check date)
        Index("ix_staff_dbs_recheck_due_applied_on", "dbs_recheck_due", "dbs_applied_on"),
        Index("ix_staff_contract_id_dbs_recheck_due", "contract_id", "dbs_recheck_due"),
        Index("ix_staff_updated_at", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", ondelete="CASCADE")
    staff_ref: str = Field(max_length=120)  # key within the contract
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=200)
    contact_level: ContactLevel = Field(sa_type=String(12))
    dbs_level: DbsLevel | None = Field(default=None, sa_type=String(20))
    # The certificate number is never stored in clear: an encrypted token, and the last 4
    # digits for display.
    dbs_certificate_token: str | None = Field(default=None, max_length=400)
    dbs_certificate_last4: str | None = Field(default=None, max_length=4)
    dbs_issue_date: date | None = None
    dbs_recheck_due: date | None = None
    update_service: bool = False
    left_on: date | None = None
    # A check applied for: with no certificate yet the person is awaiting one.
    dbs_applied_on: date | None = None
    # For DBS Update Service status checks: the surname as on the certificate, the date of
    # birth (encrypted like the certificate number, never shown) and the day the person
    # consented to status checks.
    surname: str | None = Field(default=None, max_length=100)
    date_of_birth_token: str | None = Field(default=None, max_length=400)
    update_service_consent: date | None = None
    # The last status check: its result (the DBS's status, or an error kind), when, and the
    # certificate's print date the DBS returned.
    status_check_result: str | None = Field(default=None, max_length=30)
    status_checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status_check_print_date: date | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
