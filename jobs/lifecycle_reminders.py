"""The lifecycle's reminders, sent with the due reminders (``run due-reminders``).

Rules:
- A tender starting within 30 days that is not ready to engage (models.engagement) → its
  contract manager, as its start date crosses 30, 14, 7 and 0 days, then weekly while it is
  still a tender and not ready. Subject ``tender:<contract id>:<start date>``.
- A Child Safeguarding Statement missing (a self-assessment on record, no statement ever
  received: standard 1 red) → the provider's safeguarding lead, every week until received:
  subject ``statement:<provider id>:<last assessment day>``, threshold ``week:<n>``, n being
  whole weeks since that assessment. The BSCP channel gets the count in the weekly summary.
- A decommissioning contract's exit monitoring meeting is the meeting reminder itself, due by
  the end date (models.lifecycle), named "Exit monitoring meeting".
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bot.builders.reminders import DueItem
from jobs.due_items import DueReminder
from models.base import id_of
from models.core import Contract, Provider
from models.engagement import contract_readiness
from models.enums import ContractStatus
from models.facts import ProviderFacts
from models.lifecycle import stage
from models.thresholds import Schedule
from models.words import day

TENDER_BEFORE_DAYS = (30, 14, 7, 0)
WEEK = 7


def tender_schedule(overdue_every: int) -> Schedule:
    return Schedule(TENDER_BEFORE_DAYS, overdue_every)


def tender_reminders(session: Session, *, pairs: list[tuple[Contract, Provider]], today: date,
                     schedule: Schedule, command: str) -> list[DueReminder]:
    """Tenders that are not ready and have reached a threshold of their start date."""
    found: list[DueReminder] = []
    for contract, provider in pairs:
        if stage(contract.status, contract.end_date, today) is not ContractStatus.TENDER:
            continue
        threshold = schedule.threshold(contract.start_date, today)
        if threshold is None:
            continue
        readiness = contract_readiness(session, contract=contract, today=today)
        if readiness.ready:
            continue
        unmet = ", ".join(f"{item.number}. {item.title}" for item in readiness.unmet)
        item = DueItem("Tender not ready to engage", contract.reference,
                       f"{provider.name}; starts {day(contract.start_date)}; unmet: {unmet}",
                       contract.start_date, f"{command} ready {contract.reference}",
                       verb="see what is missing with")
        found.append(DueReminder(f"tender:{id_of(contract)}:{contract.start_date.isoformat()}",
                                 threshold, item, contract.contract_manager))
    return found


def statement_reminders(providers: list[Provider], facts: dict[int, ProviderFacts], *,
                        today: date, command: str) -> list[DueReminder]:
    """Providers whose Child Safeguarding Statement is missing: weekly to their lead."""
    found: list[DueReminder] = []
    for provider in providers:
        pfacts = facts[id_of(provider)]
        assessed = pfacts.last_assessment_on
        if assessed is None or pfacts.last_statement_received_on is not None:
            continue
        item = DueItem("Child Safeguarding Statement", provider.name,
                       f"missing since the self-assessment of {day(assessed)}", None,
                       f"{command} assessment {provider.name}",
                       verb="record it when received with")
        found.append(DueReminder(f"statement:{id_of(provider)}:{assessed.isoformat()}",
                                 f"week:{max((today - assessed).days, 0) // WEEK}", item,
                                 provider.safeguarding_lead))
    return found


def missing_statements(facts: dict[int, ProviderFacts]) -> int:
    """How many providers have a self-assessment but no statement (for the summary)."""
    return sum(1 for f in facts.values()
               if f.last_assessment_on is not None and f.last_statement_received_on is None)
