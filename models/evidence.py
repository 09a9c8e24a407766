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
- The provider is named exactly (any case or spacing); anything else is an
  :class:`UnknownProvider` whose message names it, with the nearest names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlmodel import Session

from models import cadence, evidence_audit, evidence_rows
from models.core import Provider, Staff
from models.enums import ContactLevel, ContractStatus
from models.evidence_rows import Judged
from models.evidence_tables import Cell, Table
from models.facts import StandardStatus
from models.lookup import PROVIDER, find, normalise
from models.queries import provider_status


@dataclass(frozen=True)
class EvidencePack:
    provider: str
    today: date
    facts: list[tuple[str, Cell]]  # the cover's label → value lines
    standards: list[StandardStatus]  # the cover's six standards
    tables: list[Table]


class UnknownProvider(ValueError):
    """No provider has exactly that name; the message says so and suggests the nearest."""


def find_provider(session: Session, name: str) -> Provider:
    """The provider called ``name`` (any case or spacing), else UnknownProvider."""
    lookup = find(session, name, kinds=(PROVIDER,))
    exact = [c for c in lookup.matches if normalise(c.label) == normalise(name)]
    if len(exact) == 1:
        provider = session.get(Provider, exact[0].id)
        if provider is not None:
            return provider
    names = [c.label for c in (lookup.matches or lookup.suggestions)]
    hint = f"; did you mean {', '.join(repr(n) for n in names)}?" if names else ""
    raise UnknownProvider(f"no provider called {name!r}{hint}")


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
    ids = [c.id for c, _ in live]
    in_contact = session.scalar(select(func.count()).select_from(Staff).where(
        Staff.contract_id.in_(ids), Staff.contact_level != ContactLevel.NONE,
        or_(Staff.left_on.is_(None), Staff.left_on > today))) if ids else 0
    every = provider.self_assessment_every_months or cadence.SELF_ASSESSMENT_EVERY_MONTHS
    return [("Provider", provider.name), ("As of", today), ("Risk", str(provider.risk)),
            ("Thematic checks every (months)", cadence.thematic_every_months(provider.risk)),
            ("Self-assessment every (months)", every),
            ("Contracts (live)", len(live)), ("Contracts (all)", len(contracts)),
            ("Staff in contact with children (live contracts)", in_contact or 0)]
