"""Reading the partnership's live contracts and their facts in bulk, for the due reminders, the
weekly summary and ``due``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from models import ledger, queries
from models.activity import SelfAssessment
from models.base import id_of
from models.core import Contract, Provider
from models.facts import ContractFacts, ProviderFacts
from models.live_staff import contract_live

CONTRACTS_PER_BATCH = 500


def live_contracts(session: Session, *, today: date) -> list[tuple[Contract, Provider]]:
    """Live contracts (models.live_staff), with their providers, by reference."""
    rows = session.execute(
        select(Contract, Provider).join(Provider, col(Provider.id) == col(Contract.provider_id))
        .where(contract_live(today))
        .order_by(col(Contract.reference)))
    return [(contract, provider) for contract, provider in rows]


def contract_facts(session: Session, contracts: list[Contract], *,
                   today: date) -> dict[int, ContractFacts]:
    """models.queries.contract_facts, a batch of contracts at a time."""
    found: dict[int, ContractFacts] = {}
    for part in ledger.chunks(contracts, CONTRACTS_PER_BATCH):
        facts = queries.contract_facts(session, contracts=list(part), today=today)
        found.update({id_of(c): f for c, f in zip(part, facts, strict=True)})
    return found


def assessment_facts(session: Session, providers: list[Provider]) -> dict[int, ProviderFacts]:
    """Standard 1's facts (first and last self-assessment, last statement) for each provider,
    in one aggregate; enough for models.standards.self_assessment_status."""
    rows = session.execute(
        select(col(SelfAssessment.provider_id), func.min(col(SelfAssessment.completed_on)),
               func.max(col(SelfAssessment.completed_on)),
               func.max(col(SelfAssessment.statement_received_on)))
        .group_by(col(SelfAssessment.provider_id)))
    found = {pid: (first, last, statement) for pid, first, last, statement in rows}
    return {id_of(p): ProviderFacts(risk=p.risk,
                                self_assessment_every_months=p.self_assessment_every_months,
                                first_assessment_on=found.get(p.id, (None,) * 3)[0],
                                last_assessment_on=found.get(p.id, (None,) * 3)[1],
                                last_statement_received_on=found.get(p.id, (None,) * 3)[2])
            for p in providers}
