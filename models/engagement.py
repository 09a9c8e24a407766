"""Is a contract ready to engage? SPEC "Lifecycle": a tender is judged on five items, one per
standard 1 to 5; ready means all five are met. Counts only: no staff names.

Rules:
1. standard 1 done within its interval: a self-assessment and a Child Safeguarding Statement
   on record, the next self-assessment not overdue (models.standards);
2. all ten clause elements in the (draft) contract;
3. the provider has a Slack channel and a safeguarding lead to receive briefings;
4. every member of staff in contact with children (not left) has a DBS record: a
   certificate, or a check applied for (``dbs_applied_on``);
5. safeguarding metrics in the contract, and a monitoring interval.
The same judgement answers ``ready REFERENCE`` for any contract, whatever its status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlmodel import Session, col

from models import standards
from models.base import get_stored, id_of
from models.core import Contract, Provider, Staff
from models.enums import CLAUSE_ELEMENTS, Rag
from models.facts import ContractFacts, ProviderFacts
from models.live_staff import staff_in_contact
from models.queries import contract_facts, provider_facts
from models.words import plural

TITLES = {1: "Self-assessment and safeguarding statement", 2: "Safeguarding clause",
          3: "Ready to receive BSCP briefings", 4: "DBS records for staff",
          5: "Safeguarding metrics and monitoring"}


@dataclass(frozen=True)
class Item:
    number: int
    met: bool
    detail: str

    @property
    def title(self) -> str:
        return TITLES[self.number]


@dataclass(frozen=True)
class Readiness:
    items: tuple[Item, ...]

    @property
    def ready(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def unmet(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.met)

    def line(self) -> str:
        """``ready to engage``, or ``not ready: 2 of 5 items unmet (1, 4)``."""
        if self.ready:
            return "ready to engage"
        numbers = ", ".join(str(item.number) for item in self.unmet)
        return f"not ready: {len(self.unmet)} of {len(self.items)} items unmet ({numbers})"


@dataclass(frozen=True)
class StaffRecords:
    in_contact: int = 0
    without_record: int = 0  # no certificate and no check applied for


def judge(*, contract: ContractFacts, provider: ProviderFacts, channel: str | None,
          lead: str | None, staff: StaffRecords, today: date) -> Readiness:
    """The five items of readiness to engage (see the module's rules)."""
    assessed = standards.self_assessment_status(provider, today)
    missing = [code for code in CLAUSE_ELEMENTS if code not in contract.clause_elements]
    receive = [what for what, value in (("Slack channel", channel),
                                        ("safeguarding lead", lead)) if not value]
    metrics = [what for what, ok in (("no safeguarding metrics", contract.safeguarding_metrics),
                                     ("no monitoring interval",
                                      contract.monitoring_every_months >= 1)) if not ok]
    return Readiness((
        Item(1, assessed.rag is not Rag.RED, assessed.reason),
        Item(2, not missing, f"{len(CLAUSE_ELEMENTS) - len(missing)} of 10 clause elements"
             + (f"; missing: {', '.join(missing)}" if missing else "")),
        Item(3, not receive, "the provider has a Slack channel and a safeguarding lead"
             if not receive else f"the provider has no {' and no '.join(receive)}"),
        Item(4, staff.without_record == 0, _staff_detail(staff)),
        Item(5, not metrics, "; ".join(metrics) or
             f"safeguarding metrics; meetings every {contract.monitoring_every_months} months"),
    ))


def _staff_detail(staff: StaffRecords) -> str:
    if staff.in_contact == 0:
        return "no staff in contact with children recorded"
    if staff.without_record:
        return (f"{staff.without_record} of {plural(staff.in_contact, 'member')} of staff in "
                "contact with children with no DBS record (no certificate, no check applied "
                "for)")
    return f"all {plural(staff.in_contact, 'member')} of staff in contact with children have a "\
        "DBS record"


def staff_records(session: Session, *, contract_ids: Sequence[int],
                  today: date) -> dict[int, StaffRecords]:
    """Item 4's counts per contract, in one aggregate."""
    none = and_(col(Staff.dbs_certificate_token).is_(None), col(Staff.dbs_applied_on).is_(None))
    rows = session.execute(
        select(col(Staff.contract_id), func.count(), func.sum(case((none, 1), else_=0)))
        .where(col(Staff.contract_id).in_(contract_ids), staff_in_contact(today))
        .group_by(col(Staff.contract_id)))
    return {cid: StaffRecords(n, without or 0) for cid, n, without in rows}


def contract_readiness(session: Session, *, contract: Contract, today: date) -> Readiness:
    """The readiness to engage of one contract as of ``today``."""
    provider = get_stored(session, Provider, contract.provider_id)
    [facts] = contract_facts(session, contracts=[contract], today=today)
    records = staff_records(session, contract_ids=[id_of(contract)], today=today)
    return judge(contract=facts, provider=provider_facts(session, provider=provider, today=today),
                 channel=provider.slack_channel, lead=provider.safeguarding_lead,
                 staff=records.get(id_of(contract), StaffRecords()), today=today)
