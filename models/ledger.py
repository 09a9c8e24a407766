"""The exactly-once ledger (``notifications``): claim a message's rows before sending, mark after.

Rules:
- A key is (kind, subject, threshold, recipient); the unique constraint holds one row per key.
- claim: a conditional insert (INSERT … ON CONFLICT DO NOTHING) of status ``claimed``. A row
  that is already there is taken over only when it is still ``claimed`` and its claim is older
  than :data:`STALE_CLAIM` (a run that crashed, or met a transient error), by a conditional
  UPDATE. Whoever's statement wrote the row owns it, so two runs never own the same key.
- ``sent`` is done; ``failed`` is a permanent error, recorded and never claimed again.
- A transient failure leaves the row ``claimed`` with its error: the next run retries it.
- Every claim writes the ``message_key`` of the message about to carry its rows (the rows of
  one message share it). Taking a stale claim over returns the key it replaces, so the sender
  can ask Slack whether that message went out after all before sending it again.
- Run records: rows of kind ``job-run`` (subject ``<job>:<day>``): one when a real run starts
  (mode ``started``, before its first claim) and one when it finishes. Jobs read them to know
  what a later run may skip; they are never sent anywhere.
Each function works in the caller's session; the caller commits (one claim, one transaction).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from models.base import table_of
from models.enums import DeliveryStatus
from models.ops import Notification

_TABLE = table_of(Notification)
STALE_CLAIM = timedelta(minutes=5)
CHUNK = 900  # subjects per IN (...) list
RUN_KIND = "job-run"
STARTED = "started"
_KEY_COLUMNS = (_TABLE.c.kind, _TABLE.c.subject, _TABLE.c.threshold, _TABLE.c.recipient)


class LedgerKey(NamedTuple):
    kind: str
    subject: str
    threshold: str
    recipient: str


class Entry(NamedTuple):
    status: str
    claimed_at: datetime
    message_key: str | None = None


class Claim(NamedTuple):
    """What one claim won: each key's row id, and for each key taken over from a stale claim,
    that claim's entry (its message key and when it was made)."""

    owned: dict[LedgerKey, int]
    taken_over: dict[LedgerKey, Entry]


class RunRecord(NamedTuple):
    day: date
    mode: str
    watermark: int


T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def lookup(session: Session, *, kind: str,
           pairs: Iterable[tuple[str, str]]) -> dict[LedgerKey, Entry]:
    """The ledger rows of ``kind`` for these (subject, threshold) pairs, any recipient: a few
    indexed queries (per threshold, up to CHUNK subjects each), never one per subject."""
    by_threshold: dict[str, set[str]] = {}
    for subject, threshold in pairs:
        by_threshold.setdefault(threshold, set()).add(subject)
    found: dict[LedgerKey, Entry] = {}
    columns = (*_KEY_COLUMNS, _TABLE.c.status, _TABLE.c.claimed_at, _TABLE.c.message_key)
    connection = session.connection()  # Core rows: this runs over many thousands of keys
    for threshold, subjects in by_threshold.items():
        for part in chunks(sorted(subjects)):
            rows = connection.execute(select(*columns).where(
                _TABLE.c.kind == kind, _TABLE.c.threshold == threshold,
                _TABLE.c.subject.in_(part))).fetchall()
            for k, s, t, r, status, claimed_at, message_key in rows:
                found[LedgerKey(k, s, t, r)] = Entry(status, claimed_at, message_key)
    return found


def is_open(entry: Entry | None, *, now: datetime, stale_after: timedelta = STALE_CLAIM) -> bool:
    """True when a key may be claimed: no row yet, or a stale claim."""
    return entry is None or (entry.status == DeliveryStatus.CLAIMED
                             and entry.claimed_at < now - stale_after)


def _insert(session: Session) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with ON CONFLICT for the session's database (PostgreSQL or SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(_TABLE)
    return sqlite.insert(_TABLE)


def claim(session: Session, keys: Iterable[LedgerKey], *, now: datetime,
          stale_after: timedelta = STALE_CLAIM, message_key: str | None = None) -> Claim:
    """Claim ``keys`` for the message ``message_key``; what this call now owns (others are
    left), and the stale claims it took over."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return Claim({}, {})
    rows = [{"kind": k.kind, "subject": k.subject, "threshold": k.threshold,
             "recipient": k.recipient, "status": DeliveryStatus.CLAIMED.value, "attempts": 1,
             "claimed_at": now, "message_key": message_key} for k in wanted]
    statement = (_insert(session).on_conflict_do_nothing(
        index_elements=[c.name for c in _KEY_COLUMNS])
        .returning(_TABLE.c.id, *_KEY_COLUMNS))
    owned = {LedgerKey(k, s, t, r): row_id
             for row_id, k, s, t, r in session.execute(statement, rows)}
    rest = [k for k in wanted if k not in owned]
    taken_over: dict[LedgerKey, Entry] = {}
    if rest:
        taken_over = _take_over_stale(session, rest, now=now, stale_after=stale_after,
                                      message_key=message_key, owned=owned)
    return Claim(owned, taken_over)


def _take_over_stale(session: Session, keys: list[LedgerKey], *, now: datetime,
                     stale_after: timedelta, message_key: str | None,
                     owned: dict[LedgerKey, int]) -> dict[LedgerKey, Entry]:
    """Take over the stale claims among ``keys`` (adding them to ``owned``); returns the
    claims replaced. Each UPDATE checks the claim is still the stale one read just before."""
    cutoff = now - stale_after
    existing = lookup(session, kind=keys[0].kind, pairs=((k.subject, k.threshold) for k in keys))
    replaced: dict[LedgerKey, Entry] = {}
    for key in keys:
        entry = existing.get(key)
        if entry is None or not is_open(entry, now=now, stale_after=stale_after):
            continue
        row_id = session.execute(
            update(_TABLE)
            .where(*(column == value for column, value in zip(_KEY_COLUMNS, key, strict=True)),
                   _TABLE.c.status == DeliveryStatus.CLAIMED,
                   _TABLE.c.claimed_at < cutoff, _TABLE.c.claimed_at == entry.claimed_at)
            .values(claimed_at=now, attempts=_TABLE.c.attempts + 1, message_key=message_key)
            .returning(_TABLE.c.id)).scalar()
        if row_id is not None:
            owned[key], replaced[key] = row_id, entry
    return replaced


def _set(session: Session, ids: Iterable[int], **values: Any) -> None:
    for part in chunks(sorted(set(ids))):
        session.execute(update(_TABLE).where(_TABLE.c.id.in_(part)).values(**values))


def mark_sent(session: Session, ids: Iterable[int], *, now: datetime) -> None:
    _set(session, ids, status=DeliveryStatus.SENT, sent_at=now, error=None)


def mark_failed(session: Session, ids: Iterable[int], *, error: str) -> None:
    """A permanent failure: recorded, never retried."""
    _set(session, ids, status=DeliveryStatus.FAILED, error=error[:400])


def mark_transient(session: Session, ids: Iterable[int], *, error: str) -> None:
    """A transient failure: the rows stay claimed (with the error), so a later run retries."""
    _set(session, ids, error=error[:400])


def stale_claims(session: Session, *, kind: str, now: datetime,
                 stale_after: timedelta = STALE_CLAIM) -> list[LedgerKey]:
    """Keys of ``kind`` claimed but never sent, older than ``stale_after`` (to retry)."""
    rows = session.execute(select(*_KEY_COLUMNS).where(
        _TABLE.c.status == DeliveryStatus.CLAIMED, _TABLE.c.kind == kind,
        _TABLE.c.claimed_at < now - stale_after))
    return [LedgerKey(*row) for row in rows]


def record_sent(session: Session, keys: Iterable[LedgerKey], *, now: datetime) -> int:
    """Write ``keys`` straight as sent (no message): for benchmarks and back-fills."""
    rows = [{**k._asdict(), "status": DeliveryStatus.SENT.value, "attempts": 1,
             "claimed_at": now, "sent_at": now} for k in dict.fromkeys(keys)]
    for part in chunks(rows, 5000):
        session.execute(_insert(session).on_conflict_do_nothing(), list(part))
    return len(rows)


def record_run(session: Session, *, job: str, day: date, mode: str, watermark: int,
               now: datetime) -> None:
    """Record that ``job``'s run for ``day`` finished (``mode`` and ``watermark`` are the
    job's own notes, e.g. "full" and the highest row id it saw)."""
    row = {"kind": RUN_KIND, "subject": f"{job}:{day.isoformat()}", "threshold": mode,
           "recipient": f"watermark:{watermark}", "status": DeliveryStatus.SENT.value,
           "attempts": 1, "claimed_at": now, "sent_at": now}
    session.execute(_insert(session).on_conflict_do_nothing(), [row])


def runs_before(session: Session, *, job: str, day: date, limit: int = 40) -> list[RunRecord]:
    """``job``'s finished runs for days before ``day``, latest first."""
    rows = session.execute(
        select(_TABLE.c.subject, _TABLE.c.threshold, _TABLE.c.recipient)
        .where(_TABLE.c.kind == RUN_KIND, _TABLE.c.subject >= f"{job}:",
               _TABLE.c.subject < f"{job}:{day.isoformat()}",
               _TABLE.c.threshold != STARTED)
        .order_by(_TABLE.c.subject.desc()).limit(limit))
    return [RunRecord(date.fromisoformat(subject.rsplit(":", 1)[1]), mode,
                      int(recipient.removeprefix("watermark:")))
            for subject, mode, recipient in rows]


def latest_run_day(session: Session, *, job: str) -> date | None:
    """The latest day any real run of ``job`` started for (finished or not), if any: nothing
    that first became due after it can be in the ledger yet."""
    subject = session.scalar(
        select(func.max(_TABLE.c.subject))
        .where(_TABLE.c.kind == RUN_KIND, _TABLE.c.subject >= f"{job}:",
               _TABLE.c.subject < f"{job};"))
    return date.fromisoformat(subject.rsplit(":", 1)[1]) if subject else None
