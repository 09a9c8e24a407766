"""A provider's evidence pack, as plain tables: what an inspection or a board is shown.

Rules:
- The cover is the provider's six standards as ``status`` judges them (models.queries
  .provider_status, as of ``today``): each colour with its reason in words.
- Then one table per kind of evidence (models.evidence_rows): the rows that prove each
  standard, contract by contract, and the provider's audit entries (models.evidence_audit).
- Cells are values, not text: dates as dates, counts as numbers; yes/no in words; times in
  ``zone`` (without a time zone, as a spreadsheet holds them).
- No full certificate number (only the stored last 4 digits are read, masked) and no date of
  birth (never read; audit fields about it are withheld).
- The provider is found by the one name rule (models.lookup: exact, else but for case and
  spacing); anything else is an :class:`UnknownProvider` whose message names it, with the
  names alike (several) or "did you mean" the nearest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlmodel import Session, col

from models import cadence, evidence_audit, evidence_rows
from models.base import get_stored, id_of
from models.core import Provider, Staff
from models.enums import ContractStatus
from models.evidence_rows import Judged
from models.evidence_tables import Cell, Table
from models.facts import StandardStatus
from models.live_staff import staff_in_contact
from models.lookup import PROVIDER, find
from models.queries import provider_status


@dataclass(frozen=True)
class EvidencePack:
    provider: str
    today: date
    facts: list[tuple[str, Cell]]  # the cover's label → value lines
    standards: list[StandardStatus]  # the cover's six standards
    tables: list[Table]


class UnknownProvider(ValueError):
    """No one provider has that name; the message says so, with the names to choose from."""


def find_provider(session: Session, name: str) -> Provider:
    """The provider called ``name`` (models.lookup's rule), else UnknownProvider."""
    lookup = find(session, name, kinds=(PROVIDER,))
    if lookup.found is not None:
        return get_stored(session, Provider, lookup.found.id)
    names = [repr(c.label) for c in (lookup.matches or lookup.suggestions)]
    if lookup.matches:
        raise UnknownProvider(f"{name!r} matches several providers: {', '.join(names)}")
    hint = f" (did you mean {' or '.join(names)}?)" if names else ""
    raise UnknownProvider(f"no provider {name!r}{hint}")


def evidence_pack(session: Session, *, provider: Provider, today: date,
                  zone: ZoneInfo) -> EvidencePack:
    """Everything the workbook shows for ``provider`` as of ``today``."""
    overall, contracts = provider_status(session, provider=provider, today=today)
    live = [(c, s) for c, s in contracts if c.status != ContractStatus.ENDED]
    tables = evidence_rows.standard_tables(session, provider=provider, contracts=contracts,
                                           today=today, zone=zone)
    tables.append(evidence_audit.audit_table(session, provider=provider,
                                             contracts=[c for c, _ in contracts], zone=zone))
    return EvidencePack(provider.name, today, _cover_facts(session, provider, contracts, live,
                                                           today), overall, tables)


def _cover_facts(session: Session, provider: Provider, contracts: Judged, live: Judged,
                 today: date) -> list[tuple[str, Cell]]:
    ids = [id_of(c) for c, _ in live]
    in_contact = session.scalar(select(func.count()).select_from(Staff).where(
        col(Staff.contract_id).in_(ids), staff_in_contact(today))) if ids else 0
    every = provider.self_assessment_every_months or cadence.SELF_ASSESSMENT_EVERY_MONTHS
    return [("Provider", provider.name), ("As of", today), ("Risk", str(provider.risk)),
            ("Thematic checks every (months)", cadence.thematic_every_months(provider.risk)),
            ("Self-assessment every (months)", every),
            ("Contracts (live)", len(live)), ("Contracts (all)", len(contracts)),
            ("Staff in contact with children (live contracts)", in_contact or 0)]
