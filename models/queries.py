"""Reading the facts the standards need from the database, in a few set-based queries.

Every function takes an explicit session and keyword arguments; ``today`` is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, case, func, not_, select
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col

from models import standards, update_service
from models.activity import (
    BriefingDelivery,
    MonitoringMeeting,
    SelfAssessment,
    ThematicCheck,
    TrainingAttendance,
)
from models.base import get_stored, id_of
from models.briefings import chase_dates
from models.core import Contract, Provider, Staff
from models.dbs_states import DBS_AWAITING_DAYS, awaiting_red_on
from models.enums import ContactLevel, Rag
from models.facts import BriefingFacts, ContractFacts, DbsCounts, ProviderFacts, StandardStatus
from models.ledger import chunks
from models.live_staff import awaiting_certificate, dbs_on_file, has_left, no_dbs_record
from models.working_days import is_working_day

Dated = TypeVar("Dated", MonitoringMeeting, ThematicCheck)


def dbs_counts(session: Session, *, contract_ids: Sequence[int], today: date,
               window_days: int = standards.DBS_WARNING_DAYS,
               awaiting_days: int = DBS_AWAITING_DAYS) -> dict[int, DbsCounts]:
    """Standard 4's counts per contract, as one aggregate (models.live_staff: who counts;
    models.dbs_states: each person's state); "due soon" is within ``window_days`` (standard
    4's warning window unless given)."""
    soon = today + timedelta(days=window_days)
    recorded, due = dbs_on_file(), col(Staff.dbs_recheck_due)
    live = not_(has_left(today))
    counted = and_(live, recorded, not_(update_service.current_clause(today)))  # no countdown
    awaiting, applied = and_(live, awaiting_certificate()), col(Staff.dbs_applied_on)
    late_before = today - timedelta(days=awaiting_days)  # applied before it: red

    def count(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    rows = session.execute(
        select(
            col(Staff.contract_id), count(live), count(and_(live, no_dbs_record())),
            count(and_(counted, due < today)), count(and_(counted, due >= today, due <= soon)),
            func.min(case((counted, due))),
            count(and_(live, update_service.new_info_clause())),
            count(and_(live, update_service.no_match_clause())),
            count(awaiting), count(and_(awaiting, applied < late_before)),
            func.min(case((and_(awaiting, applied >= late_before), applied))),
            count(not_(live)),
        )
        .where(col(Staff.contract_id).in_(contract_ids),
               col(Staff.contact_level) != ContactLevel.NONE)
        .group_by(col(Staff.contract_id))
    )
    found = {}
    for cid, n, missing, overdue, soon_n, next_due, new, unmatched, waiting, late, \
            first_applied, left in rows:
        if first_applied is not None:
            red_on = awaiting_red_on(first_applied, awaiting_days)
            next_due = red_on if next_due is None else min(next_due, red_on)
        found[cid] = DbsCounts(n or 0, missing or 0, overdue or 0, soon_n or 0, next_due,
                               new or 0, unmatched or 0, waiting or 0, late or 0, left or 0,
                               awaiting_days)
    return found


def provider_facts(session: Session, *, provider: Provider, today: date) -> ProviderFacts:
    """Standards 1 and 3's facts for one provider."""
    return providers_facts(session, providers=[provider], today=today)[id_of(provider)]


def providers_facts(session: Session, *, providers: Sequence[Provider],
                    today: date) -> dict[int, ProviderFacts]:
    """Standards 1 and 3's facts for each of ``providers``, by id: three aggregate queries per
    900 providers, however many there are."""
    found: dict[int, ProviderFacts] = {}
    for part in chunks(list(providers), 900):
        ids = [id_of(p) for p in part]
        assessed, briefings = _assessed(session, ids), _briefings(session, ids)
        training = _trained(session, ids, today)
        for p in part:
            first, last, statement = assessed.get(id_of(p), (None, None, None))
            found[id_of(p)] = ProviderFacts(
                risk=p.risk, self_assessment_every_months=p.self_assessment_every_months,
                first_assessment_on=first, last_assessment_on=last,
                last_statement_received_on=statement,
                briefings=tuple(briefings.get(id_of(p), ())),
                last_training_on=training.get(id_of(p)))
    return found


Assessed = tuple[date | None, date | None, date | None]  # first, last, latest statement


def _assessed(session: Session, ids: Sequence[int]) -> dict[int, Assessed]:
    provider_id, completed = col(SelfAssessment.provider_id), col(SelfAssessment.completed_on)
    rows = session.execute(
        select(provider_id, func.min(completed), func.max(completed),
               func.max(col(SelfAssessment.statement_received_on)))
        .where(provider_id.in_(ids)).group_by(provider_id))
    return {pid: (first, last, statement) for pid, first, last, statement in rows}


def _briefings(session: Session, ids: Sequence[int]) -> dict[int, list[BriefingFacts]]:
    found: dict[int, list[BriefingFacts]] = {}
    delivered_at = col(BriefingDelivery.delivered_at)
    for pid, delivered, acknowledged in session.execute(
            select(col(BriefingDelivery.provider_id), delivered_at,
                   col(BriefingDelivery.acknowledged_at))
            .where(col(BriefingDelivery.provider_id).in_(ids), delivered_at.is_not(None))):
        found.setdefault(pid, []).append(_briefing_facts(
            delivered.date(), acknowledged.date() if acknowledged else None))
    return found


def _trained(session: Session, ids: Sequence[int], today: date) -> dict[int, date]:
    provider_id = col(TrainingAttendance.provider_id)
    attended = col(TrainingAttendance.attended_on)
    rows = session.execute(
        select(provider_id, func.max(attended))
        .where(provider_id.in_(ids), attended <= today).group_by(provider_id))
    return {pid: last for pid, last in rows}


def _briefing_facts(delivered_on: date, acknowledged_on: date | None) -> BriefingFacts:
    """A delivery's facts, with its escalation day counted in working days."""
    return BriefingFacts(delivered_on, acknowledged_on,
                         chase_dates(delivered_on, is_working_day)[1])


def contract_facts(session: Session, *, contracts: Sequence[Contract], today: date,
                   awaiting_days: int = DBS_AWAITING_DAYS) -> list[ContractFacts]:
    """Standards 2, 4, 5 and 6's facts for each of ``contracts``, in the same order."""
    ids = [id_of(c) for c in contracts]
    dbs = dbs_counts(session, contract_ids=ids, today=today, awaiting_days=awaiting_days)
    meetings = _latest_by_contract(session, MonitoringMeeting, col(MonitoringMeeting.held_on), ids)
    checks = _latest_by_contract(session, ThematicCheck, col(ThematicCheck.done_on), ids)
    planned: dict[int, date] = {cid: due for cid, due in session.execute(
        select(col(ThematicCheck.contract_id), func.min(col(ThematicCheck.due_on)))
        .where(col(ThematicCheck.contract_id).in_(ids), col(ThematicCheck.done_on).is_(None),
               col(ThematicCheck.due_on).is_not(None))
        .group_by(col(ThematicCheck.contract_id)))}
    facts = []
    for c, cid in zip(contracts, ids, strict=True):
        meeting, check = meetings.get(cid), checks.get(cid)
        facts.append(ContractFacts(
            reference=c.reference, start_date=c.start_date, end_date=c.end_date,
            status=c.status, monitoring_every_months=c.monitoring_every_months,
            clause_elements=c.clause_element_set, safeguarding_metrics=c.safeguarding_metrics,
            dbs=dbs.get(cid, DbsCounts()),
            last_meeting_on=meeting.held_on if meeting else None,
            last_meeting_discussed_safeguarding=meeting.safeguarding_discussed if meeting else None,
            agreed_next_meeting_on=meeting.next_meeting_on if meeting else None,
            last_check_done_on=check.done_on if check else None,
            last_check_outcome=Rag(check.outcome) if check and check.outcome else None,
            planned_check_due_on=planned.get(cid),
        ))
    return facts


def _latest_by_contract(session: Session, table: type[Dated], date_column: Mapped[Any],
                        contract_ids: Sequence[int]) -> dict[int, Dated]:
    """The latest row of ``table`` per contract by ``date_column`` (ties: the last recorded)."""
    row_id, contract_id = col(table.id), col(table.contract_id)
    ranked = (select(row_id, func.row_number().over(
        partition_by=contract_id, order_by=(date_column.desc(), row_id.desc())).label("n"))
        .where(contract_id.in_(contract_ids), date_column.is_not(None)).subquery())
    rows = session.scalars(select(table).join(ranked, ranked.c.id == row_id)
                           .where(ranked.c.n == 1))
    return {row.contract_id: row for row in rows}


def contracts_of(session: Session, *, provider: Provider) -> list[Contract]:
    return list(session.scalars(select(Contract).where(col(Contract.provider_id) == provider.id)
                                .order_by(col(Contract.reference))))


def contract_status(session: Session, *, contract: Contract, today: date,
                    awaiting_days: int = DBS_AWAITING_DAYS) -> list[StandardStatus]:
    """The six standards of one contract as of ``today``."""
    provider = get_stored(session, Provider, contract.provider_id)
    [facts] = contract_facts(session, contracts=[contract], today=today,
                             awaiting_days=awaiting_days)
    return standards.contract_standards(
        facts, provider_facts(session, provider=provider, today=today), today)


def provider_status(session: Session, *, provider: Provider, today: date,
                    awaiting_days: int = DBS_AWAITING_DAYS
                    ) -> tuple[list[StandardStatus], list[tuple[Contract, list[StandardStatus]]]]:
    """A provider's six standards, and each of its contracts' six, as of ``today``."""
    contracts = contracts_of(session, provider=provider)
    pfacts = provider_facts(session, provider=provider, today=today)
    cfacts = contract_facts(session, contracts=contracts, today=today,
                            awaiting_days=awaiting_days)
    overall = standards.provider_standards(pfacts, cfacts, today)
    return overall, [(c, standards.contract_standards(f, pfacts, today))
                     for c, f in zip(contracts, cfacts, strict=True)]
