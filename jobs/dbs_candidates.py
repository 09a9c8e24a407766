"""Which staff a DBS reminder run looks at: one indexed query, full or incremental.

- Full sweep: every live member of staff in contact with children whose re-check date is
  within the widest threshold (``dbs_recheck_due <= today + 90`` by default), overdue ones
  included — but not a subscribed certificate the DBS Update Service last said is current
  (models.update_service): no re-check reminder while current.
- Every run, whatever its mode, also reads everyone with no re-check date (awaiting a
  certificate, or no DBS record: ``dbs_recheck_due IS NULL``, served by the same index,
  which holds the application date too; a few per cent of staff); jobs.dbs_reminders
  keeps, in an incremental run, only those whose reminder became due since the last run, or
  who are new or changed.
  Done on the first run, when the last full sweep is a week old or more, and after a gap of
  more than :data:`MAX_INCREMENTAL_GAP_DAYS` days without a finished run.
- Incremental (every other day): only staff whose threshold changed since the last finished
  run (their re-check dates are computed, so the query is ``dbs_recheck_due IN (…)``), staff
  added since then (``id`` above that run's watermark, up to this run's), staff whose
  reminder was claimed but never sent (a crash or a transient error), and staff whose record
  or contract was changed since the day before that run (``updated_at``: a corrected
  re-check date, a new contract manager). Everything else was settled by an earlier run and
  is still in the ledger; a weekly full sweep reads everything anyway.
Whatever the mode, the ledger decides what is sent: the mode only narrows what is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache, partial
from typing import NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    false,
    func,
    not_,
    or_,
    select,
    true,
    union_all,
)
from sqlmodel import Session, col

from models import ledger, update_service
from models.core import Contract, Provider, Staff
from models.dbs_states import DBS_AWAITING_DAYS, no_record_threshold
from models.live_staff import contract_live, no_dbs_record, staff_in_contact
from models.streaming import row_parts
from models.thresholds import Schedule

JOB = "dbs-reminders"
KIND = "dbs"
FULL_SWEEP_EVERY_DAYS = 7
MAX_INCREMENTAL_GAP_DAYS = 31
MAX_LISTED_DUES = 5000
AWAITING_LOOKBACK_DAYS = 3 * 365  # longer than anyone awaits a certificate


class DueStaff(NamedTuple):
    staff_id: int
    name: str
    last4: str | None
    due: date | None  # None: no certificate or no re-check date (models.dbs_states)
    contract_id: int
    applied_on: date | None = None  # a check applied for: awaiting, when no certificate
    no_certificate: bool = False


class ContractInfo(NamedTuple):
    id: int
    reference: str
    service: str
    manager: str | None
    channel: str | None  # the contract's channel, else its provider's
    provider_id: int
    provider_name: str


# a row as one of these without namedtuple's ``_make`` (a Python call per row, of ~40,000)
_as_due_staff = cast(Callable[[Iterable[object]], DueStaff], partial(tuple.__new__, DueStaff))
_as_contract = cast(Callable[[Iterable[object]], ContractInfo],
                    partial(tuple.__new__, ContractInfo))


@dataclass(frozen=True)
class Selection:
    """How a run picks its candidates: ``mode`` "full" or "incremental"."""

    mode: str
    today: date
    horizon: date
    watermark: int  # the highest staff id when the run started
    since: date | None = None
    previous_watermark: int = 0
    dues: frozenset[date] = frozenset()
    all_overdue: bool = False
    retry_ids: frozenset[int] = frozenset()  # claimed but unsent, or changed since
    awaiting_days: int = DBS_AWAITING_DAYS  # SAFECOMM_DBS_AWAITING_DAYS
    # incremental: the application dates whose awaiting reminder changed since (None: all)
    applied_dues: frozenset[date] | None = None
    no_record_due: bool = True  # incremental: the weekly no-record reminder changed since


def subject(staff_id: int, due: date) -> str:
    """The ledger subject of one re-check: a renewal (new date) starts a new subject."""
    return f"staff:{staff_id}:{_iso(due)}"


@lru_cache(maxsize=4096)  # a run reads tens of thousands of people on a few hundred dates
def _iso(day: date) -> str:
    return day.isoformat()


def choose_selection(session: Session, *, today: date, schedule: Schedule, now: datetime,
                     awaiting_days: int = DBS_AWAITING_DAYS) -> Selection:
    """Full or incremental (see the module's rules), from the ledger's run records."""
    horizon = today + timedelta(days=schedule.horizon)
    watermark = session.scalar(select(func.max(col(Staff.id)))) or 0
    runs = ledger.runs_before(session, job=JOB, day=today)
    full = Selection("full", today, horizon, watermark, awaiting_days=awaiting_days)
    last_full = next((r for r in runs if r.mode == "full"), None)
    if not runs or last_full is None \
            or (today - last_full.day).days >= FULL_SWEEP_EVERY_DAYS \
            or (today - runs[0].day).days > MAX_INCREMENTAL_GAP_DAYS:
        return full
    last = runs[0]
    earliest = session.scalar(select(func.min(col(Staff.dbs_recheck_due)))) or today
    dues, all_overdue = schedule.changed_dues(last.day, today, earliest)
    if len(dues) > MAX_LISTED_DUES:
        return full
    retry = {int(key.subject.split(":")[1])
             for key in ledger.stale_claims(session, kind=KIND, now=now)}
    retry |= changed_since(session, last.day - timedelta(days=1))
    if len(retry) > MAX_LISTED_DUES:
        return full
    return Selection("incremental", today, horizon, watermark, since=last.day,
                     previous_watermark=last.watermark, dues=frozenset(dues),
                     all_overdue=all_overdue, retry_ids=frozenset(retry),
                     awaiting_days=awaiting_days,
                     applied_dues=awaiting_changes(schedule, last.day, today, awaiting_days),
                     no_record_due=no_record_threshold(today)[1] > last.day)


def awaiting_changes(schedule: Schedule, since: date, today: date,
                     awaiting_days: int) -> frozenset[date] | None:
    """The application dates whose awaiting reminder's threshold changes after ``since`` up
    to ``today`` (their red day is a changed due date), looking back
    :data:`AWAITING_LOOKBACK_DAYS`; None (read them all) after a gap of a week or more."""
    reds, every_overdue = schedule.changed_dues(
        since, today, today - timedelta(days=AWAITING_LOOKBACK_DAYS))
    if every_overdue:
        return None
    return frozenset(red - timedelta(days=awaiting_days) for red in reds)


def changed_since(session: Session, day: date) -> set[int]:
    """Staff whose own record, or whose contract, was changed on or after ``day`` (both
    served by an ``updated_at`` index)."""
    since = datetime.combine(day, time.min, UTC)
    staff_id = col(Staff.id)
    contracts = select(col(Contract.id)).where(col(Contract.updated_at) >= since)
    changed = session.scalars(select(staff_id).where(col(Staff.updated_at) >= since).union(
        select(staff_id).where(col(Staff.contract_id).in_(contracts))))
    return cast(set[int], set(changed))  # primary keys: never NULL


def due_staff_statement(selection: Selection) -> CompoundSelect[
        int | None, str, str | None, date | None, int, date | None, bool]:
    """The one query: staff in contact with children, on live contracts (models.live_staff),
    picked by ``selection`` — and, in the same statement, every one with no re-check date
    (awaiting a certificate or with no DBS record: ``dbs_recheck_due IS NULL``;
    jobs.dbs_reminders decides which of them are due a reminder). Branches of a UNION ALL,
    each with its own index and no row in two of them: in an incremental run the listed
    re-check dates (equality on the re-check date index; with a range beside them SQLite
    reads every contract's staff instead), then new staff and retries (the primary key) and
    every overdue one after a gap, then those with no re-check date (the re-check date and
    application date index)."""
    due, horizon = col(Staff.dbs_recheck_due), selection.horizon
    dated = (due.is_not(None), due <= horizon)
    no_date = _staff_rows(selection).where(due.is_(None), _lifecycle_picked(selection))
    if selection.mode == "full":
        return union_all(_staff_rows(selection).where(*dated), no_date)
    listed = sorted(d for d in selection.dues if d <= horizon)
    branches = [_staff_rows(selection).where(due.in_(listed))] if listed else []
    others = _new_or_retried(selection) + ([due < selection.today] if selection.all_overdue
                                            else [])
    if others:
        branches.append(_staff_rows(selection).where(
            or_(*others), *dated, *([due.not_in(listed)] if listed else [])))
    return union_all(*branches, no_date)


def _new_or_retried(selection: Selection) -> list[ColumnElement[bool]]:
    """Staff added since the last run (ids above its watermark, up to this run's: a closed
    range, which SQLite reads from the primary key) and staff to retry."""
    staff_id = col(Staff.id)
    return ([and_(staff_id > selection.previous_watermark, staff_id <= selection.watermark)]
            if selection.watermark > selection.previous_watermark else []) + \
        ([staff_id.in_(sorted(selection.retry_ids))] if selection.retry_ids else [])


def _lifecycle_picked(selection: Selection) -> ColumnElement[bool]:
    """Of those with no re-check date: all in a full run; in an incremental one, those whose
    awaiting reminder or weekly no-record reminder changed, new staff, and retries."""
    if selection.mode == "full" or selection.applied_dues is None:
        return true()
    applied = col(Staff.dbs_applied_on)
    return or_(
        applied.in_(sorted(selection.applied_dues)) if selection.applied_dues else false(),
        no_dbs_record() if selection.no_record_due else false(),
        *_new_or_retried(selection))


def _staff_rows(selection: Selection) -> Select[
        int | None, str, str | None, date | None, int, date | None, bool]:
    today = selection.today
    return (select(col(Staff.id), col(Staff.name), col(Staff.dbs_certificate_last4),
                   col(Staff.dbs_recheck_due), col(Staff.contract_id), col(Staff.dbs_applied_on),
                   col(Staff.dbs_certificate_token).is_(None))
            .join(Contract, col(Contract.id) == col(Staff.contract_id))
            .where(staff_in_contact(today), contract_live(today),
                   not_(update_service.current_clause(today))))  # current: no reminder


def due_staff_parts(session: Session, selection: Selection) -> Iterator[list[DueStaff]]:
    """The selected staff, read through Core (plain rows; no ORM objects at this size), a few
    hundred at a time as the database sends them (models.streaming): the caller works on the
    first while the server reads the rest. On PostgreSQL the driver's rows are taken as they
    are (psycopg gives these columns' ints, strings, dates and booleans as Python's own:
    SQLAlchemy's row objects would only wrap them); SQLite's dates are text, which
    SQLAlchemy's rows turn into dates. The session is busy until every part is read."""
    for part in row_parts(session.connection(), due_staff_statement(selection)):
        yield list(map(_as_due_staff, part))


def load_due_staff(session: Session, selection: Selection) -> list[DueStaff]:
    """Every selected member of staff at once (:func:`due_staff_parts`)."""
    return [row for part in due_staff_parts(session, selection) for row in part]


def load_live_contracts(session: Session, today: date) -> dict[int, ContractInfo]:
    """Every contract live on ``today`` (models.live_staff), by id: what a run reading most of
    the staff needs before their rows arrive."""
    return {info.id: info for info in map(_as_contract, session.connection().execute(
        _contract_rows().where(contract_live(today)).order_by(col(Contract.id))).fetchall())}


def load_contracts(session: Session, contract_ids: Iterable[int]) -> dict[int, ContractInfo]:
    """The contracts (with provider name and effective channel) of these ids, in bulk: a
    chunk of ids at a time, or, when they are half of all contracts or more, every contract
    in one query (cheaper than thousands of ids in lists), keeping these."""
    wanted = sorted(set(contract_ids))
    statement = _contract_rows()
    connection = session.connection()
    if len(wanted) > ledger.CHUNK and 2 * len(wanted) >= (
            session.scalar(select(func.count()).select_from(Contract)) or 0):
        every = map(_as_contract, connection.execute(statement).fetchall())
        keep = set(wanted)
        return {info.id: info for info in every if info.id in keep}
    found: dict[int, ContractInfo] = {}
    for part in ledger.chunks(wanted):
        for row in connection.execute(statement.where(col(Contract.id).in_(part))).fetchall():
            info = _as_contract(row)
            found[info.id] = info
    return found


def _contract_rows() -> Select[int | None, str, str, str | None, str | None, int | None, str]:
    """A contract's :class:`ContractInfo` columns, its provider's joined."""
    return (select(col(Contract.id), col(Contract.reference), col(Contract.service),
                   col(Contract.contract_manager),
                   func.coalesce(col(Contract.slack_channel), col(Provider.slack_channel)),
                   col(Provider.id), col(Provider.name))
            .join(Provider, col(Provider.id) == col(Contract.provider_id)))
