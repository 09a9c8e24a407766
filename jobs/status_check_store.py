"""What the status-check job reads and writes: due people page by page, each stored result
with its audit entry, the results to alert on, and the people who cannot be checked.

Rules:
- Who is due, and what cannot be checked: models.update_service (one home for the rules).
- Due people are read in pages by id (keyset), each page in its own short session, so a run
  over 100,000 people holds one page at a time and never a long read transaction.
- A result (a DBS status, or ``DATA_ERROR`` for a 400) is stored with when it was checked and
  the certificate's print date, and audited in the same transaction: the entry holds the old
  and new result, time and print date — never the date of birth, surname or number.
- Answers that leave the person due (``retry``, ``unreadable``) are not stored.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Engine, bindparam, insert, or_, select, update
from sqlmodel import Session, col

from jobs.dbs_api import Answer
from jobs.dbs_candidates import ContractInfo, load_contracts
from models import update_service as rules
from models.audit import changed_fields
from models.core import Contract, Staff
from models.db import session_scope
from models.enums import AuditAction
from models.ops import AuditEntry

PAGE = 500
STORED_KINDS = frozenset({"result", "data_error"})


class DuePerson(NamedTuple):
    staff_id: int
    certificate_token: str
    surname: str
    birth_token: str
    last4: str | None
    old_result: str | None
    old_checked_at: datetime | None
    old_print_date: date | None


class Flagged(NamedTuple):
    """A stored result to alert on: new information, no match or a data error."""

    staff_id: int
    name: str
    last4: str | None
    result: str
    checked_at: datetime
    contract: ContractInfo


class Unchecked(NamedTuple):
    staff_id: int
    name: str
    last4: str | None
    missing: tuple[str, ...]
    contract: ContractInfo


def due_people(engine: Engine, *, today: date, every_days: int,
               page: int = PAGE) -> Iterator[DuePerson]:
    """Everyone due a check today, in id order, read a page at a time."""
    staff_id = col(Staff.id)
    columns = (staff_id, col(Staff.dbs_certificate_token), col(Staff.surname),
               col(Staff.date_of_birth_token), col(Staff.dbs_certificate_last4),
               col(Staff.status_check_result), col(Staff.status_checked_at),
               col(Staff.status_check_print_date))
    statement = (select(*columns).join(Contract, col(Contract.id) == col(Staff.contract_id))
                 .where(rules.due_clause(today, every_days)).order_by(staff_id).limit(page))
    last_id = 0
    while True:
        with Session(engine) as session:
            rows = session.execute(statement.where(staff_id > last_id)).all()
        yield from (DuePerson._make(row) for row in rows)
        if len(rows) < page:
            return
        last_id = rows[-1][0]


def store_answers(engine: Engine, answers: Sequence[tuple[DuePerson, Answer]], *,
                  now: datetime, actor: str) -> int:
    """Store and audit the answers that are results (see the module's rules); returns how
    many were stored."""
    rows, entries = [], []
    for person, answer in answers:
        if answer.kind not in STORED_KINDS:
            continue
        result = answer.status if answer.kind == "result" else rules.DATA_ERROR
        after = {"status_check_result": result, "status_checked_at": now,
                 "status_check_print_date": answer.print_date}
        before = {"status_check_result": person.old_result,
                  "status_checked_at": person.old_checked_at,
                  "status_check_print_date": person.old_print_date}
        rows.append({"_id": person.staff_id, **after, "updated_at": now})
        entries.append({"at": now, "actor": actor, "action": AuditAction.UPDATE.value,
                        "entity": "staff", "entity_id": str(person.staff_id),
                        "changes": changed_fields(before, after),
                        "note": "DBS Update Service status check"})
    if rows:
        table = Staff.__table__  # type: ignore[attr-defined]
        with session_scope(engine) as session:
            connection = session.connection()
            connection.execute(update(table).where(table.c.id == bindparam("_id")), rows)
            connection.execute(insert(AuditEntry.__table__), entries)  # type: ignore[attr-defined]
    return len(rows)


def flagged_results(engine: Engine, *, today: date,
                    fresh: dict[int, tuple[str, datetime]] | None = None,
                    cleared: set[int] | frozenset[int] = frozenset()) -> list[Flagged]:
    """Live staff whose stored result is new information, no match or a data error. A dry
    run's answers are taken as if they had been stored: ``fresh`` (results to alert on, by
    staff id) and ``cleared`` (the people whose new result is current)."""
    fresh = fresh or {}
    conditions = [rules.new_info_clause(), rules.no_match_clause()]
    if fresh:
        conditions.append(col(Staff.id).in_(sorted(fresh)))
    picked = or_(*conditions)
    statement = (select(col(Staff.id), col(Staff.name), col(Staff.dbs_certificate_last4),
                        col(Staff.status_check_result), col(Staff.status_checked_at),
                        col(Staff.contract_id))
                 .join(Contract, col(Contract.id) == col(Staff.contract_id))
                 .where(rules.live_in_contact_clause(today), picked).order_by(col(Staff.id)))
    with Session(engine) as session:
        rows = [(*row[:3], *fresh.get(row[0], row[3:5]), row[5])
                for row in session.execute(statement)]
        contracts = load_contracts(session, {row[5] for row in rows})
    wanted = rules.NO_MATCH_RESULTS | {rules.NEW_INFO}
    return [Flagged(i, name, last4, result, at, contracts[cid])
            for i, name, last4, result, at, cid in rows
            if result in wanted and i not in cleared]


def cannot_check(engine: Engine, *, today: date) -> list[Unchecked]:
    """Live staff on the Update Service with a certificate but missing consent, date of
    birth or surname, with what is missing."""
    statement = (select(col(Staff.id), col(Staff.name), col(Staff.dbs_certificate_last4),
                        col(Staff.update_service_consent), col(Staff.surname),
                        col(Staff.date_of_birth_token).is_not(None), col(Staff.contract_id))
                 .join(Contract, col(Contract.id) == col(Staff.contract_id))
                 .where(rules.live_in_contact_clause(today), rules.cannot_check_clause())
                 .order_by(col(Staff.id)))
    with Session(engine) as session:
        rows = session.execute(statement).all()
        contracts = load_contracts(session, {row[6] for row in rows})
    found = []
    for staff_id, name, last4, consent, surname, has_birth, contract_id in rows:
        missing = rules.missing_details(rules.CheckFacts(
            update_service=True, has_certificate=True, has_surname=bool(surname),
            has_date_of_birth=bool(has_birth), consent_on=consent))
        found.append(Unchecked(staff_id, name, last4, tuple(missing), contracts[contract_id]))
    return found
