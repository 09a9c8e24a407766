"""Standard 4 in the evidence pack: DBS counts per live contract, and each person's record.

Rules:
- counts as ``status`` counts them (models.queries.dbs_counts): staff in contact with
  children who have not left; missing a record, overdue, due within the warning window, and
  the Update Service's new information and no match;
- one row per person who has not left (``left_on`` after today, or none): the certificate
  number masked to its last 4 digits (the full number is never read), dates as dates, days to
  the re-check as a number (negative: overdue), and a state in words (:func:`dbs_state`, by
  what the last status check means: models.update_service.standing);
- the date of birth is never read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session

from models import queries
from models.base import id_of, table_of
from models.core import Contract, Staff
from models.enums import ContactLevel, Rag
from models.evidence_tables import Cell, Table, yes_no
from models.facts import DbsCounts, StandardStatus
from models.privacy import mask_last4
from models.standards import DBS_WARNING_DAYS, colour_for_due
from models.update_service import Standing, standing
from models.words import day

NO_MATCH = "; Update Service: no match, check the details held"


def dbs_state(*, contact_level: ContactLevel | str, has_certificate: bool,
              recheck_due: date | None, applied_on: date | None, check: Standing,
              today: date) -> str:
    """One person's DBS state in words: not needed (no contact with children), new
    information (the Update Service), awaiting a certificate (applied for), no DBS record, no
    re-check date, current by the Update Service, or by the re-check date: overdue, due soon
    (within the warning window) or current; a no-match check is added to the last four."""
    if contact_level == ContactLevel.NONE:
        return "not needed (no contact with children)"
    if check is Standing.NEW_INFO:
        return "new information (Update Service): ask for a new certificate"
    if not has_certificate:
        return f"awaiting certificate (applied {day(applied_on)})" if applied_on \
            else "no DBS record"
    if recheck_due is None:
        return "no re-check date"
    if check is Standing.CURRENT:
        return "current (Update Service)"
    colour = colour_for_due(recheck_due, today, DBS_WARNING_DAYS)
    state = {Rag.RED: "re-check overdue", Rag.AMBER: "re-check due soon",
             Rag.GREEN: "current"}[colour]
    return state + (NO_MATCH if check is Standing.NO_MATCH else "")


def dbs_by_contract(session: Session, live: list[tuple[Contract, list[StandardStatus]]],
                    today: date) -> Table:
    ids = [id_of(c) for c, _ in live]
    counts = queries.dbs_counts(session, contract_ids=ids, today=today) if ids else {}
    rows: list[tuple[Cell, ...]] = []
    for contract, statuses in live:
        dbs = counts.get(id_of(contract), DbsCounts())
        rows.append((contract.reference, str(statuses[3].rag), statuses[3].reason,
                     dbs.in_contact, dbs.missing, dbs.overdue, dbs.due_soon, dbs.next_due,
                     dbs.new_info, dbs.no_match))
    return Table("4 DBS by contract", "Standard 4: DBS records per live contract (staff in "
                 "contact with children who have not left)",
                 ("Contract", "Colour", "Reason", "In contact with children",
                  "Missing a DBS record", "Re-checks overdue",
                  f"Re-checks due within {DBS_WARNING_DAYS} days", "Next re-check due",
                  "New information (Update Service)", "No match (Update Service)"), rows)


def dbs_staff(session: Session, live: list[tuple[Contract, list[StandardStatus]]],
              today: date) -> Table:
    references = {id_of(c): c.reference for c, _ in live}
    staff = table_of(Staff).c
    query = (select(staff.contract_id, staff.staff_ref, staff.name, staff.role,
                    staff.contact_level, staff.dbs_level, staff.dbs_certificate_last4,
                    staff.dbs_certificate_token.is_not(None), staff.dbs_issue_date,
                    staff.dbs_recheck_due, staff.dbs_applied_on, staff.update_service,
                    staff.status_check_result, staff.status_checked_at)
             .where(staff.contract_id.in_(list(references)),
                    or_(staff.left_on.is_(None), staff.left_on > today))
             .order_by(staff.contract_id, staff.name, staff.staff_ref))
    rows = list(_staff_rows(session.execute(query) if references else [], references, today))
    rows.sort(key=lambda row: (str(row[0]), str(row[2])))
    return Table("4 DBS staff", "Standard 4: each member of staff on a live contract, "
                 "certificate numbers masked to the last 4 digits",
                 ("Contract", "Staff ref", "Name", "Role", "Contact level", "DBS level",
                  "Certificate", "Issued on", "Re-check due", "Days to re-check", "State",
                  "Update Service", "Last status check", "Checked on"), rows)


def _staff_rows(found: Iterable[Any], references: dict[int, str],
                today: date) -> Iterable[tuple[Cell, ...]]:
    for (contract_id, ref, name, role, level, dbs_level, last4, has_token, issued, due,
         applied, update_service, check, checked_at) in found:
        state = dbs_state(contact_level=level, has_certificate=bool(has_token and last4),
                          recheck_due=due, applied_on=applied, today=today, check=standing(
                              check, checked_at, update_service=bool(update_service),
                              today=today))
        yield (references[contract_id], ref, name, role, str(level),
               str(dbs_level) if dbs_level else None, mask_last4(last4) if last4 else None,
               issued, due, (due - today).days if due else None, state, yes_no(update_service),
               check, checked_at.date() if checked_at else None)
