"""``safecomm export status|dbs|audit|briefings``: the rows of each export (written as CSV or
an Excel workbook by safecomm.dataio.writers).

- status: one row per contract: its provider, its status on ``today`` (``ended`` once its end
  date has passed: models.lifecycle), and for each of the six standards its colour, why (the
  reason ``status`` gives, from the same rules) and next due date, as of ``today``; a tender
  is not judged on the standards (those cells are empty) but on its readiness to engage
  (``ready to engage`` or ``not ready: …`` with each unmet item: models.engagement);
- dbs: one row per member of staff: contract, provider, contact level, the certificate number
  masked to its last 4 digits (the full number is never read), issue date, re-check due, and
  days left until it (negative: overdue); the Update Service consent date and the last status
  check's result, day and certificate print date (never the surname or date of birth); the
  day a check was applied for, and the person's DBS state (models.dbs_states: current, due,
  overdue, awaiting, awaiting_late, no_record, new_info, left; empty for no contact);
- audit: the audit trail, oldest first (from ``since``, if given); certificate fields in it
  are already masked;
- briefings: one row per briefing and provider it was sent to: delivered, acknowledged, by
  whom and when (only the header until briefings exist).

Each export is a header and an iterator of rows, so 200,000 staff stream in constant memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from models.activity import Briefing, BriefingDelivery
from models.base import table_of
from models.core import Contract, Provider, Staff
from models.dbs_states import DBS_AWAITING_DAYS, PersonFacts, person_state
from models.engagement import Readiness, contract_readiness
from models.enums import ContactLevel, ContractStatus
from models.lifecycle import stage
from models.ops import AuditEntry
from models.privacy import mask_last4
from models.queries import provider_status
from models.standards import DBS_WARNING_DAYS

STANDARD_SLUGS = {1: "self_assessment", 2: "clause", 3: "briefings_training", 4: "dbs",
                  5: "monitoring", 6: "thematic_checks"}
STREAM = {"yield_per": 2000}


def status_export(session: Session, *, today: date,
                  awaiting_days: int = DBS_AWAITING_DAYS) -> tuple[list[str], Iterator[list]]:
    header = ["reference", "provider", "service", "contract_status"]
    for slug in STANDARD_SLUGS.values():
        header += [slug, f"{slug}_reason", f"{slug}_next_due"]
    header.append("readiness")

    def rows() -> Iterator[list]:
        for provider in session.scalars(select(Provider).order_by(col(Provider.name))).all():
            _overall, contracts = provider_status(session, provider=provider, today=today,
                                                  awaiting_days=awaiting_days)
            for contract, standards in contracts:
                now = stage(contract.status, contract.end_date, today)
                row: list[object] = [contract.reference, provider.name, contract.service, now]
                if now is ContractStatus.TENDER:
                    readiness = contract_readiness(session, contract=contract, today=today)
                    yield row + [None] * 3 * len(standards) + [_readiness(readiness)]
                    continue
                for standard in standards:
                    row += [standard.rag, standard.reason, standard.next_due]
                yield row + [None]

    return header, rows()


def _readiness(readiness: Readiness) -> str:
    unmet = "; ".join(f"{item.number}. {item.title}: {item.detail}" for item in readiness.unmet)
    return readiness.line() + (f" — {unmet}" if unmet else "")


def dbs_export(session: Session, *, today: date,
               awaiting_days: int = DBS_AWAITING_DAYS) -> tuple[list[str], Iterator[list]]:
    header = ["provider", "contract", "staff_ref", "name", "role", "contact_level", "dbs_level",
              "dbs_certificate", "dbs_issue_date", "dbs_recheck_due", "days_left",
              "update_service", "left_on", "update_service_consent", "status_check_result",
              "status_checked_on", "status_check_print_date", "dbs_applied_on", "dbs_state"]
    staff, contract, provider = (table_of(model).c for model in (Staff, Contract, Provider))
    query = (select(provider.name, contract.reference, staff.staff_ref, staff.name, staff.role,
                    staff.contact_level, staff.dbs_level, staff.dbs_certificate_last4,
                    staff.dbs_issue_date, staff.dbs_recheck_due, staff.update_service,
                    staff.left_on, staff.update_service_consent, staff.status_check_result,
                    staff.status_checked_at, staff.status_check_print_date,
                    staff.dbs_applied_on)
             .join(Contract, staff.contract_id == contract.id)
             .join(Provider, contract.provider_id == provider.id)
             .order_by(provider.name, contract.reference, staff.name, staff.staff_ref)
             .execution_options(**STREAM))

    def rows() -> Iterator[list]:
        for (provider, reference, ref, name, role, level, dbs_level, last4, issued, due,
             update_service, left_on, *status_check) in session.execute(query):
            consent, result, checked_at, printed, applied = status_check
            state = person_state(PersonFacts(
                ContactLevel(level), last4 is not None, due, applied, left_on, update_service,
                result, checked_at), today=today, warning_days=DBS_WARNING_DAYS,
                awaiting_days=awaiting_days)
            yield [provider, reference, ref, name, role, level, dbs_level,
                   mask_last4(last4) if last4 else "", issued, due,
                   (due - today).days if due else None, update_service, left_on, consent,
                   result, checked_at.date() if checked_at else None, printed, applied,
                   state.value if state else ""]

    return header, rows()


def audit_export(session: Session, *, since: datetime | None = None
                 ) -> tuple[list[str], Iterator[list]]:
    header = ["at", "actor", "action", "entity", "entity_id", "changes", "note"]
    table = table_of(AuditEntry).c
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
    briefing, delivery, provider = (table_of(model).c
                                    for model in (Briefing, BriefingDelivery, Provider))
    query = (select(briefing.id, briefing.title, briefing.kind, briefing.published_at,
                    provider.name, delivery.delivered_at, delivery.acknowledged_at,
                    delivery.acknowledged_by)
             .join(BriefingDelivery, delivery.briefing_id == briefing.id)
             .join(Provider, delivery.provider_id == provider.id)
             .order_by(briefing.published_at, briefing.id, provider.name))

    def rows() -> Iterator[list]:
        for bid, title, kind, published, provider, delivered, acked, acked_by in \
                session.execute(query):
            yield [bid, title, kind, published, provider, delivered is not None, delivered,
                   acked is not None, acked, acked_by]

    return header, rows()
