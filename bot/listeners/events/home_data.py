"""What App Home shows, read in a few batched queries: the contracts the viewer manages, the
providers they lead or belong to, and (for an admin) every live contract's six standards
totalled per standard, with the contracts having the most reds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from bot.builders.home import MAX_REDDEST, ContractCard, PartnershipTotals, build_home_view
from models import standards
from models.core import Contract, Provider
from models.enums import ContractStatus
from models.queries import contract_facts, provider_facts, provider_status
from models.roles import is_admin, managed_contracts, providers_of_member

MAX_PROVIDERS = 20


def contract_cards(session: Session, contracts: Sequence[Contract],
                   today: date) -> list[ContractCard]:
    """Each contract's six standards: one batch of contract facts, one read per provider."""
    if not contracts:
        return []
    providers = {p.id: p for p in session.scalars(select(Provider).where(
        col(Provider.id).in_(sorted({c.provider_id for c in contracts}))))}
    pfacts = {pid: provider_facts(session, provider=p, today=today)
              for pid, p in providers.items()}
    cfacts = contract_facts(session, contracts=list(contracts), today=today)
    return [ContractCard(c.reference, providers[c.provider_id].name, c.service,
                         standards.contract_standards(f, pfacts[c.provider_id], today))
            for c, f in zip(contracts, cfacts, strict=True)]


def partnership_totals(session: Session, today: date) -> PartnershipTotals:
    live = list(session.scalars(select(Contract).where(col(Contract.status) != ContractStatus.ENDED)
                                .order_by(Contract.reference)))
    cards = contract_cards(session, live, today)
    totals = PartnershipTotals(contracts=len(cards))
    for card in cards:
        for status in card.statuses:
            totals.counts[status.number][status.rag] += 1
    totals.reddest = sorted((c for c in cards if c.reds), key=lambda c: -c.reds)[:MAX_REDDEST]
    return totals


def home_view(session: Session, *, user: str, today: date, command: str) -> dict:
    cards = contract_cards(session, managed_contracts(session, user), today)
    providers = [(p.name, provider_status(session, provider=p, today=today)[0])
                 for p in providers_of_member(session, user)[:MAX_PROVIDERS]]
    partnership = partnership_totals(session, today) if is_admin(session, user) else None
    return build_home_view(today=today, command=command, cards=cards, providers=providers,
                           partnership=partnership)
