"""What is due for one person in the next few days (``/safeguarding due [DAYS]``).

Rules:
- Whose: an admin sees the partnership's live contracts and their providers; anyone else the
  live contracts they manage and those of the providers they lead or hold the provider role
  for (models.roles), and the providers of all of those.
- What: each contract's next monitoring meeting and next thematic check, each provider's next
  self-assessment (models.standards, the rules the standards and the due reminders use) when
  due within ``days`` of today or already overdue, and a self-assessment never done; each
  contract's DBS re-checks as counts only (overdue, due within ``days``, no DBS record on
  file; models.live_staff: who counts).
- Overdue first, then by due date; ``days`` is 0 (today and overdue) to :data:`MAX_DAYS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from models import ledger, partnership, queries, standards
from models.base import id_of
from models.core import Contract, Provider
from models.live_staff import contract_live
from models.roles import is_admin, managed_contracts, providers_of_member

DEFAULT_DAYS = 7
MAX_DAYS = 366
MEETING, CHECK, ASSESSMENT = "meeting", "check", "assessment"


@dataclass(frozen=True)
class DueDuty:
    """A meeting or check of a contract (``reference``), or a provider's self-assessment."""

    kind: str  # MEETING, CHECK or ASSESSMENT
    provider: str
    reference: str = ""  # the contract's, for a meeting or a check
    service: str = ""
    due: date | None = None  # None: a self-assessment never done


@dataclass(frozen=True)
class DbsDue:
    reference: str
    provider: str
    overdue: int
    due_soon: int  # re-check today or within the days asked for
    missing: int  # no DBS record on file


@dataclass(frozen=True)
class DueList:
    partnership: bool  # an admin's view of every live contract
    contracts: int  # how many live contracts were looked at
    providers: int
    duties: tuple[DueDuty, ...]
    dbs: tuple[DbsDue, ...]


def whose_contracts(session: Session, *, user: str,
                    today: date) -> tuple[bool, list[tuple[Contract, Provider]]]:
    """(admin?, the live contracts with their providers, by reference) the rules give."""
    if is_admin(session, user):
        return True, partnership.live_contracts(session, today=today)
    ids = [id_of(c) for c in managed_contracts(session, user)]
    member_of = [id_of(p) for p in providers_of_member(session, user)]
    if not ids and not member_of:
        return False, []
    rows = session.execute(
        select(Contract, Provider).join(Provider, col(Provider.id) == col(Contract.provider_id))
        .where(contract_live(today),
               col(Contract.id).in_(ids) | col(Contract.provider_id).in_(member_of))
        .order_by(col(Contract.reference)))
    return False, [(contract, provider) for contract, provider in rows]


def due_for(session: Session, *, user: str, today: date, days: int) -> DueList:
    """Everything due for ``user`` by ``today + days``, overdue first (the module's rules)."""
    admin, pairs = whose_contracts(session, user=user, today=today)
    providers = {id_of(p): p for _, p in pairs}
    if not admin:
        providers.update({id_of(p): p for p in providers_of_member(session, user)})
    horizon = today + timedelta(days=days)
    duties = _contract_duties(session, pairs, today=today, horizon=horizon)
    duties += _assessments(session, list(providers.values()), today=today, horizon=horizon)
    duties.sort(key=lambda d: (d.due or date.min, d.kind, d.reference or d.provider))
    return DueList(admin, len(pairs), len(providers), tuple(duties),
                   tuple(_dbs(session, pairs, today=today, days=days)))


def _contract_duties(session: Session, pairs: list[tuple[Contract, Provider]], *, today: date,
                     horizon: date) -> list[DueDuty]:
    facts = partnership.contract_facts(session, [c for c, _ in pairs], today=today)
    found = []
    for contract, provider in pairs:
        f = facts[id_of(contract)]
        for kind, due in ((MEETING, standards.next_meeting_due(f)),
                          (CHECK, standards.thematic_status(f, provider.risk, today).next_due)):
            if due is not None and due <= horizon:
                found.append(DueDuty(kind, provider.name, contract.reference,
                                     contract.service, due))
    return found


def _assessments(session: Session, providers: list[Provider], *, today: date,
                 horizon: date) -> list[DueDuty]:
    assessed = partnership.assessment_facts(session, providers)
    found = []
    for provider in providers:
        pfacts = assessed[id_of(provider)]
        due = standards.self_assessment_status(pfacts, today).next_due
        if pfacts.last_assessment_on is None or (due is not None and due <= horizon):
            found.append(DueDuty(ASSESSMENT, provider.name,
                                 due=None if pfacts.last_assessment_on is None else due))
    return found


def _dbs(session: Session, pairs: list[tuple[Contract, Provider]], *, today: date,
         days: int) -> list[DbsDue]:
    """Contracts with any re-check overdue, due within ``days`` or missing, most first."""
    counts = {}
    for part in ledger.chunks([id_of(c) for c, _ in pairs], partnership.CONTRACTS_PER_BATCH):
        counts.update(queries.dbs_counts(session, contract_ids=list(part), today=today,
                                         window_days=days))
    found = [DbsDue(c.reference, p.name, n.overdue, n.due_soon, n.missing)
             for c, p in pairs if (n := counts.get(id_of(c))) and
             (n.overdue or n.due_soon or n.missing)]
    return sorted(found, key=lambda d: (-(d.overdue + d.missing), -d.due_soon, d.reference))
