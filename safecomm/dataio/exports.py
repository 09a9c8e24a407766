"""``safecomm export status|dbs|audit|briefings --format csv``: rows for standard output.

- status: one row per contract: its provider, and for each of the six standards its colour
  and next due date, as of ``today``;
- dbs: one row per member of staff: contract, provider, contact level, the certificate number
  masked to its last 4 digits (the full number is never read), issue date, re-check due, and
  days left until it (negative: overdue); the Update Service consent date and the last status
  check's result, day and certificate print date (never the surname or date of birth);
- audit: the audit trail, oldest first (from ``since``, if given); certificate fields in it
  are already masked;
- briefings: one row per briefing and provider it was sent to: delivered, acknowledged, by
  whom and when (only the header until briefings exist).

Each export is a header and an iterator of rows, so 200,000 staff stream in constant memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TextIO

from sqlalchemy import select
from sqlmodel import Session

from models.activity import Briefing, BriefingDelivery
from models.core import Contract, Provider, Staff
from models.ops import AuditEntry
from models.privacy import mask_last4
from models.queries import provider_status

STANDARD_SLUGS = {1: "self_assessment", 2: "clause", 3: "briefings_training", 4: "dbs",
                  5: "monitoring", 6: "thematic_checks"}
STREAM = {"yield_per": 2000}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def status_export(session: Session, *, today: date) -> tuple[list[str], Iterator[list]]:
    header = ["reference", "provider", "service", "contract_status"]
    for slug in STANDARD_SLUGS.values():
        header += [slug, f"{slug}_next_due"]

    def rows() -> Iterator[list]:
        for provider in session.scalars(select(Provider).order_by(Provider.name)).all():
            _overall, contracts = provider_status(session, provider=provider, today=today)
            for contract, standards in contracts:
                row = [contract.reference, provider.name, contract.service, contract.status]
                for standard in standards:
                    row += [standard.rag, standard.next_due]
                yield row

    return header, rows()


def dbs_export(session: Session, *, today: date) -> tuple[list[str], Iterator[list]]:
    header = ["provider", "contract", "staff_ref", "name", "role", "contact_level", "dbs_level",
              "dbs_certificate", "dbs_issue_date", "dbs_recheck_due", "days_left",
              "update_service", "left_on", "update_service_consent", "status_check_result",
              "status_checked_on", "status_check_print_date"]
    query = (select(Provider.name, Contract.reference, Staff.staff_ref, Staff.name, Staff.role,
                    Staff.contact_level, Staff.dbs_level, Staff.dbs_certificate_last4,
                    Staff.dbs_issue_date, Staff.dbs_recheck_due, Staff.update_service,
                    Staff.left_on, Staff.update_service_consent, Staff.status_check_result,
                    Staff.status_checked_at, Staff.status_check_print_date)
             .join(Contract, Staff.contract_id == Contract.id)
             .join(Provider, Contract.provider_id == Provider.id)
             .order_by(Provider.name, Contract.reference, Staff.name, Staff.staff_ref)
             .execution_options(**STREAM))

    def rows() -> Iterator[list]:
        for (provider, reference, ref, name, role, level, dbs_level, last4, issued, due,
             update_service, left_on, *status_check) in session.execute(query):
            consent, result, checked_at, printed = status_check
            yield [provider, reference, ref, name, role, level, dbs_level,
                   mask_last4(last4) if last4 else "", issued, due,
                   (due - today).days if due else None, update_service, left_on, consent,
                   result, checked_at.date() if checked_at else None, printed]

    return header, rows()


def audit_export(session: Session, *, since: datetime | None = None
                 ) -> tuple[list[str], Iterator[list]]:
    header = ["at", "actor", "action", "entity", "entity_id", "changes", "note"]
    table = AuditEntry.__table__.c
    query = select(table.at, table.actor, table.action, table.entity, table.entity_id,
                   table.changes, table.note).order_by(table.at, table.id)
    if since is not None:
        query = query.where(table.at >= since)

    def rows() -> Iterator[list]:
        for at, actor, action, entity, entity_id, changes, note in session.execute(
                query.execution_options(**STREAM)):
            yield [at, actor, action, entity, entity_id,
                   json.dumps(changes, ensure_ascii=False, sort_keys=True), note]

    return header, rows()


def briefings_export(session: Session) -> tuple[list[str], Iterator[list]]:
    header = ["briefing_id", "title", "kind", "published_at", "provider", "delivered",
              "delivered_at", "acknowledged", "acknowledged_at", "acknowledged_by"]
    query = (select(Briefing.id, Briefing.title, Briefing.kind, Briefing.published_at,
                    Provider.name, BriefingDelivery.delivered_at,
                    BriefingDelivery.acknowledged_at, BriefingDelivery.acknowledged_by)
             .join(BriefingDelivery, BriefingDelivery.briefing_id == Briefing.id)
             .join(Provider, BriefingDelivery.provider_id == Provider.id)
             .order_by(Briefing.published_at, Briefing.id, Provider.name))

    def rows() -> Iterator[list]:
        for bid, title, kind, published, provider, delivered, acked, acked_by in \
                session.execute(query):
            yield [bid, title, kind, published, provider, delivered is not None, delivered,
                   acked is not None, acked, acked_by]

    return header, rows()


def write_csv(stream: TextIO, header: list[str], rows: Iterable[list]) -> int:
    """Write ``header`` and ``rows`` as CSV; returns the number of rows written."""
    writer = csv.writer(stream)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count


def csv_cell(value: object) -> object:
    """Dates as ISO, yes/no for booleans, empty for None; text that a spreadsheet would run
    as a formula (``=…``, ``+…``, ``@…``, ``-`` not a number) gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
