"""The evidence pack's tables, standard by standard, for a provider's live contracts.

Rules:
- 1: every self-assessment and when its Child Safeguarding Statement was received;
- 2: each contract's clause: the ten elements, present or missing;
- 3: each briefing delivered to the provider (acknowledged by whom, when, in time or not) and
  each BSCP training attended;
- 4: models.evidence_dbs (counts per contract, and each person's masked record and state);
- 5: each contract's safeguarding metrics and its monitoring meetings, newest first (a
  contract with none still has a row);
- 6: each contract's thematic checks with outcomes and findings, planned ones first, then
  newest done first (likewise);
- a per-contract table also shows that contract's colour and reason for the standard.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import UnaryExpression, select
from sqlmodel import Session, col

from models import cadence, evidence_dbs
from models.activity import (
    Briefing,
    BriefingDelivery,
    MonitoringMeeting,
    SelfAssessment,
    ThematicCheck,
    TrainingAttendance,
)
from models.base import id_of
from models.briefings import chase_dates
from models.core import Contract, Provider
from models.enums import CLAUSE_ELEMENTS, ContractStatus
from models.evidence_tables import Cell, Table, local, yes_no
from models.facts import StandardStatus
from models.working_days import is_working_day

Judged = list[tuple[Contract, list[StandardStatus]]]  # contracts with their six standards
Dated = TypeVar("Dated", MonitoringMeeting, ThematicCheck)


def standard_tables(session: Session, *, provider: Provider, contracts: Judged, today: date,
                    zone: ZoneInfo) -> list[Table]:
    live = [(c, s) for c, s in contracts if c.status != ContractStatus.ENDED]
    return [self_assessments(session, provider), clauses(live),
            briefings(session, provider, today, zone), training(session, provider),
            evidence_dbs.dbs_by_contract(session, live, today),
            evidence_dbs.dbs_staff(session, live, today), meetings(session, live),
            thematic_checks(session, live, provider)]


def _colour(statuses: list[StandardStatus], number: int) -> tuple[str, str]:
    status = statuses[number - 1]
    return str(status.rag), status.reason


def self_assessments(session: Session, provider: Provider) -> Table:
    rows = session.execute(
        select(col(SelfAssessment.completed_on), col(SelfAssessment.statement_received_on),
               col(SelfAssessment.recorded_by), col(SelfAssessment.notes))
        .where(col(SelfAssessment.provider_id) == provider.id)
        .order_by(col(SelfAssessment.completed_on).desc(), col(SelfAssessment.id).desc()))
    return Table("1 Self-assessment", "Standard 1: self-assessments and Child Safeguarding "
                 "Statements, newest first",
                 ("Completed on", "Statement received on", "Recorded by", "Notes"),
                 [tuple(row) for row in rows])


def clauses(live: Judged) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for contract, statuses in live:
        held = contract.clause_element_set
        missing = [code for code in CLAUSE_ELEMENTS if code not in held]
        rows.append((contract.reference, contract.service, str(contract.status),
                     *_colour(statuses, 2), len(CLAUSE_ELEMENTS) - len(missing),
                     ", ".join(missing) or "none",
                     *("present" if code in held else "missing" for code in CLAUSE_ELEMENTS)))
    return Table("2 Clause", "Standard 2: each live contract's safeguarding clause elements",
                 ("Contract", "Service", "Contract status", "Colour", "Reason",
                  "Elements present (of 10)", "Missing", *CLAUSE_ELEMENTS), rows)


def briefings(session: Session, provider: Provider, today: date, zone: ZoneInfo) -> Table:
    found = session.execute(
        select(col(Briefing.title), col(Briefing.kind), col(Briefing.published_at),
               col(BriefingDelivery.delivered_at), col(BriefingDelivery.acknowledged_at),
               col(BriefingDelivery.acknowledged_by))
        .join(BriefingDelivery, col(BriefingDelivery.briefing_id) == col(Briefing.id))
        .where(col(BriefingDelivery.provider_id) == provider.id)
        .order_by(col(Briefing.published_at).desc(), col(Briefing.id).desc()))
    rows: list[tuple[Cell, ...]] = []
    for title, kind, published, delivered, acknowledged, by in found:
        delivered_at, acknowledged_at = local(delivered, zone), local(acknowledged, zone)
        deadline = (chase_dates(delivered_at.date(), is_working_day)[1]
                    if delivered_at is not None else None)
        rows.append((title, str(kind), local(published, zone), delivered_at, deadline,
                     acknowledged_at, by, _in_time(deadline, acknowledged_at, today)))
    return Table("3 Briefings", "Standard 3: BSCP briefings delivered to the provider and "
                 "acknowledged (by the escalation day: 10 working days)",
                 ("Briefing", "Kind", "Published", "Delivered", "Acknowledge by",
                  "Acknowledged", "Acknowledged by", "In time"), rows)


def _in_time(deadline: date | None, acknowledged: datetime | None, today: date) -> str:
    if deadline is None:
        return "not delivered yet"
    if acknowledged is not None:
        return "yes" if acknowledged.date() <= deadline else "late"
    return "overdue" if today > deadline else "awaiting"


def training(session: Session, provider: Provider) -> Table:
    rows = session.execute(
        select(col(TrainingAttendance.course), col(TrainingAttendance.attended_on),
               col(TrainingAttendance.attendees))
        .where(col(TrainingAttendance.provider_id) == provider.id)
        .order_by(col(TrainingAttendance.attended_on).desc()))
    return Table("3 Training", "Standard 3: BSCP training attended, newest first",
                 ("Course", "Date", "Attendees"), [tuple(row) for row in rows])


def meetings(session: Session, live: Judged) -> Table:
    by_contract = _by_contract(session, MonitoringMeeting, [id_of(c) for c, _ in live],
                               col(MonitoringMeeting.held_on).desc())
    rows: list[tuple[Cell, ...]] = []
    for contract, statuses in live:
        head = (contract.reference, *_colour(statuses, 5), yes_no(contract.safeguarding_metrics),
                contract.monitoring_every_months)
        found = by_contract.get(id_of(contract), [])
        rows += [(*head, m.held_on, yes_no(m.safeguarding_discussed), m.metrics, m.actions,
                  m.notes, m.next_meeting_on, m.recorded_by) for m in found]
        rows += [(*head, None, "no meeting recorded", None, None, None, None, None)] * (not found)
    return Table("5 Monitoring", "Standard 5: safeguarding metrics in each live contract and "
                 "safeguarding at each monitoring meeting, newest first",
                 ("Contract", "Colour", "Reason", "Safeguarding metrics in contract",
                  "Meets every (months)", "Held on", "Safeguarding discussed", "Metrics",
                  "Actions", "Notes", "Next meeting", "Recorded by"), rows)


def thematic_checks(session: Session, live: Judged, provider: Provider) -> Table:
    by_contract = _by_contract(session, ThematicCheck, [id_of(c) for c, _ in live],
                               col(ThematicCheck.done_on).desc().nulls_first(),
                               col(ThematicCheck.due_on).desc())
    every = cadence.thematic_every_months(provider.risk)
    rows: list[tuple[Cell, ...]] = []
    for contract, statuses in live:
        head = (contract.reference, *_colour(statuses, 6), every)
        found = by_contract.get(id_of(contract), [])
        rows += [(*head, c.theme, c.due_on, c.done_on, str(c.outcome) if c.outcome else None,
                  c.findings, c.recorded_by) for c in found]
        rows += [(*head, "no check recorded", None, None, None, None, None)] * (not found)
    return Table("6 Thematic checks", "Standard 6: thematic checks of each live contract, "
                 "planned and done, with outcomes and findings",
                 ("Contract", "Colour", "Reason", "Every (months, by risk)", "Theme", "Due on",
                  "Done on", "Outcome", "Findings", "Recorded by"), rows)


def _by_contract(session: Session, table: type[Dated], ids: Sequence[int],
                 *order: UnaryExpression[Any]) -> dict[int, list[Dated]]:
    """``table``'s rows of the contracts ``ids``, by contract, in ``order``."""
    found: dict[int, list[Dated]] = {}
    query = (select(table).where(col(table.contract_id).in_(ids))
             .order_by(*order, col(table.id).desc()))
    for row in session.scalars(query) if ids else []:
        found.setdefault(row.contract_id, []).append(row)
    return found
