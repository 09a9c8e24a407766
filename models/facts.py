"""The facts the standards are judged on: plain frozen values, built by queries or tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from models.dbs_states import DBS_AWAITING_DAYS
from models.enums import ContactLevel, ContractStatus, Rag, Risk


@dataclass(frozen=True)
class StaffFacts:
    contact_level: ContactLevel
    has_certificate: bool
    recheck_due: date | None
    # the last DBS Update Service status check (models.update_service)
    update_service: bool = False
    status_check_result: str | None = None
    status_checked_at: datetime | None = None
    applied_on: date | None = None  # a DBS check applied for (awaiting, with no certificate)
    left_on: date | None = None


@dataclass(frozen=True)
class DbsCounts:
    """Standard 4 for one contract, summarised (a query can build this with one aggregate)."""

    in_contact: int = 0  # staff whose contact level is not "none", not left
    missing: int = 0  # of those, no DBS record: no certificate (nor check applied for) or date
    overdue: int = 0  # re-check date before today
    due_soon: int = 0  # re-check date today or within the warning window
    next_due: date | None = None  # earliest re-check date among them
    # DBS Update Service status checks (models.update_service): a current result takes the
    # person out of ``overdue``, ``due_soon`` and ``next_due``.
    new_info: int = 0  # the DBS has new information: red
    no_match: int = 0  # no match, or the details refused: amber
    # The lifecycle (models.dbs_states): awaiting a certificate (amber; red once
    # ``awaiting_days`` after applying: ``awaiting_late``, counted in ``awaiting`` too), and
    # people in contact with children who left (not in ``in_contact``: out of the standard).
    awaiting: int = 0
    awaiting_late: int = 0
    left: int = 0
    awaiting_days: int = DBS_AWAITING_DAYS


@dataclass(frozen=True)
class BriefingFacts:
    delivered_on: date
    acknowledged_on: date | None = None
    acknowledge_by: date | None = None  # the escalation day (10 working days); None: 14 days


@dataclass(frozen=True)
class ProviderFacts:
    risk: Risk = Risk.MEDIUM
    self_assessment_every_months: int | None = None
    first_assessment_on: date | None = None  # the anchor of the self-assessment cadence
    last_assessment_on: date | None = None
    last_statement_received_on: date | None = None
    briefings: tuple[BriefingFacts, ...] = ()
    last_training_on: date | None = None


@dataclass(frozen=True)
class ContractFacts:
    reference: str
    start_date: date
    end_date: date | None = None
    status: ContractStatus = ContractStatus.ACTIVE
    monitoring_every_months: int = 3
    clause_elements: frozenset[str] = frozenset()
    safeguarding_metrics: bool = False
    dbs: DbsCounts = field(default_factory=DbsCounts)
    last_meeting_on: date | None = None
    last_meeting_discussed_safeguarding: bool | None = None
    agreed_next_meeting_on: date | None = None  # "next meeting" of the last meeting, if set
    last_check_done_on: date | None = None
    last_check_outcome: Rag | None = None
    planned_check_due_on: date | None = None  # earliest planned check not yet done


@dataclass(frozen=True)
class StandardStatus:
    """One standard's colour, with a one-line reason and the next due date (if any)."""

    number: int
    title: str
    rag: Rag
    reason: str
    next_due: date | None = None


STANDARD_TITLES = {
    1: "Self-assessment and safeguarding statement",
    2: "Safeguarding clause in the contract",
    3: "BSCP briefings and training",
    4: "DBS checks recorded and in date",
    5: "Safeguarding at monitoring meetings",
    6: "Risk-based thematic checks",
}
