"""Reading the facts the standards need from the database, in a few set-based queries.

Every function takes an explicit session and keyword arguments; ``today`` is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from models import standards
from models.activity import (
    BriefingDelivery,
    MonitoringMeeting,
    SelfAssessment,
    ThematicCheck,
    TrainingAttendance,
)
from models.briefings import chase_dates
from models.core import Contract, Provider, Staff
from models.enums import ContactLevel, Rag
from models.facts import BriefingFacts, ContractFacts, DbsCounts, ProviderFacts, StandardStatus
from models.ledger import chunks
from models.working_days import is_working_day


def dbs_counts(session: Session, *, contract_ids: Sequence[int],
               today: date) -> dict[int, DbsCounts]:
    """Standard 4's counts per contract, as one aggregate (staff who left are not counted)."""
    soon = today + timedelta(days=standards.DBS_WARNING_DAYS)
    recorded = and_(Staff.dbs_certificate_token.is_not(None), Staff.dbs_recheck_due.is_not(None))
    rows = session.execute(
        select(
            Staff.contract_id,
            func.count(),
            func.sum(case((recorded, 0), else_=1)),
            func.sum(case((and_(recorded, Staff.dbs_recheck_due < today), 1), else_=0)),
            func.sum(case((and_(recorded, Staff.dbs_recheck_due >= today,
                                Staff.dbs_recheck_due <= soon), 1), else_=0)),
            func.min(case((recorded, Staff.dbs_recheck_due))),
        )
        .where(Staff.contract_id.in_(contract_ids), Staff.contact_level != ContactLevel.NONE,
               or_(Staff.left_on.is_(None), Staff.left_on > today))
        .group_by(Staff.contract_id)
    )
    return {cid: DbsCounts(n, missing or 0, overdue or 0, soon_n or 0, next_due)
            for cid, n, missing, overdue, soon_n, next_due in rows}


def provider_facts(session: Session, *, provider: Provider, today: date) -> ProviderFacts:
    """Standards 1 and 3's facts for one provider."""
    return providers_facts(session, providers=[provider], today=today)[provider.id]


def providers_facts(session: Session, *, providers: Sequence[Provider],
                    today: date) -> dict[int, ProviderFacts]:
    """Standards 1 and 3's facts for each of ``providers``, by id: three aggregate queries per
    900 providers, however many there are."""
    found: dict[int, ProviderFacts] = {}
    for part in chunks(list(providers), 900):
        ids = [p.id for p in part]
        assessed = {pid: rest for pid, *rest in session.execute(
            select(SelfAssessment.provider_id, func.min(SelfAssessment.completed_on),
                   func.max(SelfAssessment.completed_on),
                   func.max(SelfAssessment.statement_received_on))
            .where(SelfAssessment.provider_id.in_(ids)).group_by(SelfAssessment.provider_id))}
        briefings: dict[int, list[BriefingFacts]] = {}
        for pid, delivered, acknowledged in session.execute(
                select(BriefingDelivery.provider_id, BriefingDelivery.delivered_at,
                       BriefingDelivery.acknowledged_at)
                .where(BriefingDelivery.provider_id.in_(ids),
                       BriefingDelivery.delivered_at.is_not(None))):
            briefings.setdefault(pid, []).append(_briefing_facts(
                delivered.date(), acknowledged.date() if acknowledged else None))
        training = dict(session.execute(
            select(TrainingAttendance.provider_id, func.max(TrainingAttendance.attended_on))
            .where(TrainingAttendance.provider_id.in_(ids),
                   TrainingAttendance.attended_on <= today)
            .group_by(TrainingAttendance.provider_id)).all())
        for p in part:
            first, last, statement = assessed.get(p.id, (None, None, None))
            found[p.id] = ProviderFacts(
                risk=p.risk, self_assessment_every_months=p.self_assessment_every_months,
                first_assessment_on=first, last_assessment_on=last,
                last_statement_received_on=statement,
                briefings=tuple(briefings.get(p.id, ())), last_training_on=training.get(p.id))
    return found


def _briefing_facts(delivered_on: date, acknowledged_on: date | None) -> BriefingFacts:
    """A delivery's facts, with its escalation day counted in working days."""
    return BriefingFacts(delivered_on, acknowledged_on,
                         chase_dates(delivered_on, is_working_day)[1])


def contract_facts(session: Session, *, contracts: Sequence[Contract],
                   today: date) -> list[ContractFacts]:
    """Standards 2, 4, 5 and 6's facts for each of ``contracts``, in the same order."""
    ids = [c.id for c in contracts]
    dbs = dbs_counts(session, contract_ids=ids, today=today)
    meetings = _latest_by_contract(session, MonitoringMeeting, MonitoringMeeting.held_on, ids)
    checks = _latest_by_contract(session, ThematicCheck, ThematicCheck.done_on, ids)
    planned = dict(session.execute(
        select(ThematicCheck.contract_id, func.min(ThematicCheck.due_on))
        .where(ThematicCheck.contract_id.in_(ids), ThematicCheck.done_on.is_(None),
               ThematicCheck.due_on.is_not(None))
        .group_by(ThematicCheck.contract_id)).all())
    facts = []
    for c in contracts:
        meeting, check = meetings.get(c.id), checks.get(c.id)
        facts.append(ContractFacts(
            reference=c.reference, start_date=c.start_date, end_date=c.end_date,
            status=c.status, monitoring_every_months=c.monitoring_every_months,
            clause_elements=c.clause_element_set, safeguarding_metrics=c.safeguarding_metrics,
            dbs=dbs.get(c.id, DbsCounts()),
            last_meeting_on=meeting.held_on if meeting else None,
            last_meeting_discussed_safeguarding=meeting.safeguarding_discussed if meeting else None,
            agreed_next_meeting_on=meeting.next_meeting_on if meeting else None,
            last_check_done_on=check.done_on if check else None,
            last_check_outcome=Rag(check.outcome) if check and check.outcome else None,
            planned_check_due_on=planned.get(c.id),
        ))
    return facts


def _latest_by_contract(session: Session, table, date_column, contract_ids: Sequence[int]):
    """The latest row of ``table`` per contract by ``date_column`` (ties: the last recorded)."""
    ranked = (select(table.id, func.row_number().over(
        partition_by=table.contract_id, order_by=(date_column.desc(), table.id.desc())).label("n"))
        .where(table.contract_id.in_(contract_ids), date_column.is_not(None)).subquery())
    rows = session.scalars(select(table).join(ranked, ranked.c.id == table.id)
                           .where(ranked.c.n == 1))
    return {row.contract_id: row for row in rows}


def contracts_of(session: Session, *, provider: Provider) -> list[Contract]:
    return list(session.scalars(select(Contract).where(Contract.provider_id == provider.id)
                                .order_by(Contract.reference)))


def contract_status(session: Session, *, contract: Contract,
                    today: date) -> list[StandardStatus]:
    """The six standards of one contract as of ``today``."""
    provider = session.get(Provider, contract.provider_id)
    [facts] = contract_facts(session, contracts=[contract], today=today)
    return standards.contract_standards(
        facts, provider_facts(session, provider=provider, today=today), today)


def provider_status(session: Session, *, provider: Provider, today: date
                    ) -> tuple[list[StandardStatus], list[tuple[Contract, list[StandardStatus]]]]:
    """A provider's six standards, and each of its contracts' six, as of ``today``."""
    contracts = contracts_of(session, provider=provider)
    pfacts = provider_facts(session, provider=provider, today=today)
    cfacts = contract_facts(session, contracts=contracts, today=today)
    overall = standards.provider_standards(pfacts, cfacts, today)
    return overall, [(c, standards.contract_standards(f, pfacts, today))
                     for c, f in zip(contracts, cfacts, strict=True)]
