"""The ledger at its edges: a claim exactly as old as the stale age, two sessions taking
over the same stale claim at once, a takeover decided on a read another session has since
overtaken, and what each write leaves in the row."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlmodel import Session

from models import Notification, ledger
from models.db import make_engine

NOW = datetime(2027, 3, 3, 9, 0, tzinfo=UTC)
STALE = NOW + ledger.STALE_CLAIM  # exactly the stale age: not yet stale ("older than")
KEY = ledger.LedgerKey("dbs", "staff:7:2027-04-01", "30", "U0CM0001")


def claim(engine, keys, now, **options):
    with Session(engine) as session:
        owned = ledger.claim(session, keys, now=now, **options).owned
        session.commit()
        return owned


def row(engine, key=KEY) -> Notification:
    with Session(engine) as session:
        return session.scalars(select(Notification).where(
            Notification.kind == key.kind, Notification.subject == key.subject,
            Notification.threshold == key.threshold,
            Notification.recipient == key.recipient)).one()


def test_a_claim_exactly_the_stale_age_old_is_not_taken_over(engine):
    claim(engine, [KEY], NOW)
    assert claim(engine, [KEY], STALE) == {}
    taken = claim(engine, [KEY], STALE + timedelta(microseconds=1))
    assert taken == {KEY: row(engine).id}
    assert (row(engine).attempts, row(engine).claimed_at) == (
        2, STALE + timedelta(microseconds=1))


@pytest.mark.parametrize(("entry", "now", "open_"), [
    (None, NOW, True),
    (ledger.Entry("claimed", NOW), STALE, False),
    (ledger.Entry("claimed", NOW), STALE + timedelta(microseconds=1), True),
    (ledger.Entry("claimed", NOW), NOW - timedelta(minutes=10), False),
    (ledger.Entry("sent", NOW), NOW + timedelta(days=30), False),
    (ledger.Entry("failed", NOW), NOW + timedelta(days=30), False),
])
def test_only_a_missing_row_or_a_claim_older_than_the_stale_age_is_open(entry, now, open_):
    assert ledger.is_open(entry, now=now) is open_


def test_a_claim_row_starts_claimed_once_and_a_takeover_counts_an_attempt(engine):
    owned = claim(engine, [KEY], NOW)
    first = row(engine)
    assert owned == {KEY: first.id}
    assert (first.status, first.attempts, first.claimed_at, first.sent_at, first.error) == (
        "claimed", 1, NOW, None, None)
    later = NOW + timedelta(minutes=6)
    assert claim(engine, [KEY], later) == {KEY: first.id}
    assert (row(engine).attempts, row(engine).claimed_at) == (2, later)


def test_a_shorter_stale_age_given_by_the_caller_is_used(engine):
    claim(engine, [KEY], NOW)
    two_minutes = NOW + timedelta(minutes=2)
    assert claim(engine, [KEY], two_minutes, stale_after=timedelta(minutes=3)) == {}
    assert set(claim(engine, [KEY], two_minutes, stale_after=timedelta(minutes=1))) == {KEY}


def test_a_fresh_claim_among_the_keys_does_not_stop_a_stale_one_behind_it(engine):
    fresh, stale = KEY._replace(subject="staff:1:2027-04-01"), KEY
    claim(engine, [stale], NOW)
    claim(engine, [fresh], NOW + timedelta(minutes=5))
    assert set(claim(engine, [fresh, stale], NOW + timedelta(minutes=6))) == {stale}


def test_claiming_keys_already_claimed_writes_nothing_to_them(engine):
    keys = [KEY._replace(subject=f"staff:{n}:2027-04-01") for n in range(30)]
    claim(engine, keys, NOW)
    updates = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *args: updates.append(statement)
                 if statement.lstrip().upper().startswith("UPDATE") else None)
    assert claim(engine, keys, NOW + timedelta(minutes=1)) == {}
    assert updates == []  # one read decides; no conditional UPDATE per fresh key


def test_two_sessions_taking_over_one_stale_claim_at_once_leave_exactly_one_owner(
        database_url, engine):
    claim(engine, [KEY], NOW)  # a run that crashed: its claim is now stale
    later = NOW + timedelta(minutes=6)
    engines = [make_engine(database_url), make_engine(database_url)]
    owners: dict[str, dict] = {}
    if engine.dialect.name == "postgresql":
        # Force the race: the second session has read the stale claim and is about to take
        # it over when the first session takes it over and commits.
        interleaved = []

        def first_takes_over_now(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith("UPDATE NOTIFICATIONS") and not interleaved:
                interleaved.append(statement)
                owners["first"] = claim(engines[0], [KEY], later)

        event.listen(engines[1], "before_cursor_execute", first_takes_over_now)
        owners["second"] = claim(engines[1], [KEY], later)
        assert interleaved
    else:
        # SQLite: both start together; its write lock lets one session in at a time.
        start = threading.Barrier(2)

        def take_over(name, each_engine):
            start.wait()
            owners[name] = claim(each_engine, [KEY], later)

        threads = [threading.Thread(target=take_over, args=(name, each))
                   for name, each in zip(("first", "second"), engines, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for each in engines:
        each.dispose()
    assert sorted(len(owned) for owned in owners.values()) == [0, 1]
    assert (row(engine).attempts, row(engine).claimed_at) == (2, later)


@pytest.mark.parametrize(("meanwhile", "now"), [
    ("taken over", NOW + timedelta(minutes=6, seconds=1)),
    ("taken over", NOW + timedelta(minutes=11)),  # exactly stale again since the takeover
    ("taken over", NOW + timedelta(minutes=12)),  # that takeover is stale too: not the one read
    ("sent", NOW + timedelta(minutes=30)),
])
def test_a_takeover_decided_on_an_overtaken_read_owns_nothing(engine, monkeypatch,
                                                                meanwhile, now):
    """The read is only a filter: the conditional UPDATE decides who owns the row."""
    claim(engine, [KEY], NOW)
    with Session(engine) as session:  # this session reads the ledger: the claim is stale
        read_then = ledger.lookup(session, kind=KEY.kind, pairs=[(KEY.subject, KEY.threshold)])
    owned = claim(engine, [KEY], NOW + timedelta(minutes=6))  # another session takes over
    if meanwhile == "sent":
        with Session(engine) as session:
            ledger.mark_sent(session, owned.values(), now=NOW + timedelta(minutes=6))
            session.commit()
    monkeypatch.setattr(ledger, "lookup", lambda *args, **kwargs: read_then)
    assert claim(engine, [KEY], now) == {}
    assert (row(engine).attempts, row(engine).claimed_at) == (2, NOW + timedelta(minutes=6))


def test_a_claim_sent_by_its_own_run_after_the_read_is_not_taken_over(engine, monkeypatch):
    """A slow run sends and marks its message after another run read its claim as stale:
    the row keeps the claim's time, so only its status says it is done."""
    owned = claim(engine, [KEY], NOW)
    with Session(engine) as session:
        read_then = ledger.lookup(session, kind=KEY.kind, pairs=[(KEY.subject, KEY.threshold)])
    with Session(engine) as session:
        ledger.mark_sent(session, owned.values(), now=NOW + timedelta(minutes=7))
        session.commit()
    monkeypatch.setattr(ledger, "lookup", lambda *args, **kwargs: read_then)
    assert claim(engine, [KEY], NOW + timedelta(minutes=8)) == {}
    assert (row(engine).status, row(engine).attempts, row(engine).claimed_at) == (
        "sent", 1, NOW)


def test_claiming_no_keys_owns_and_takes_over_nothing(engine):
    with Session(engine) as session:
        assert ledger.claim(session, [], now=NOW) == ledger.Claim({}, {})


def test_marks_record_the_outcome_and_keep_errors_to_400_characters(engine):
    keys = [KEY._replace(recipient=f"U0R{n}") for n in range(3)]
    owned = claim(engine, keys, NOW)
    sent_at = NOW + timedelta(seconds=3)
    with Session(engine) as session:
        ledger.mark_transient(session, [owned[keys[0]], owned[keys[2]]], error="x" * 500)
        ledger.mark_failed(session, [owned[keys[1]]], error="y" * 500)
        ledger.mark_sent(session, [owned[keys[2]]], now=sent_at)
        session.commit()
    transient, failed, sent = (row(engine, key) for key in keys)
    assert (transient.status, transient.error, transient.sent_at) == ("claimed", "x" * 400, None)
    assert (failed.status, failed.error, failed.sent_at) == ("failed", "y" * 400, None)
    assert (sent.status, sent.error, sent.sent_at) == ("sent", None, sent_at)


def test_lookup_finds_only_the_kind_subject_and_threshold_asked_for(engine):
    wanted = [KEY, KEY._replace(recipient="C0CHAN01")]
    others = [KEY._replace(kind="meeting"), KEY._replace(threshold="7"),
              KEY._replace(subject="staff:8:2027-04-01")]
    for key in wanted + others:
        claim(engine, [key], NOW)
    with Session(engine) as session:
        found = ledger.lookup(session, kind="dbs", pairs=[(KEY.subject, "30")])
    assert found == {key: ledger.Entry("claimed", NOW) for key in wanted}


def test_stale_claims_are_the_kinds_claims_older_than_the_stale_age(engine):
    old = KEY._replace(subject="staff:1:2027-04-01")
    at_the_age = KEY._replace(subject="staff:2:2027-04-01")
    sent = KEY._replace(subject="staff:3:2027-04-01")
    other_kind = old._replace(kind="meeting")
    claim(engine, [old, sent, other_kind], NOW - timedelta(minutes=1))
    claim(engine, [at_the_age], NOW)
    claim(engine, [KEY], NOW + timedelta(minutes=4))
    with Session(engine) as session:
        ledger.mark_sent(session, [row(engine, sent).id], now=NOW)
        session.commit()
        assert ledger.stale_claims(session, kind="dbs", now=STALE) == [old]


def test_it_writes_back_filled_keys_as_sent_once(engine):
    keys = [KEY._replace(subject=f"staff:{n}:2027-04-01") for n in range(3)]
    claim(engine, keys[:1], NOW)
    with Session(engine) as session:
        assert ledger.record_sent(session, keys + keys[1:2], now=STALE) == 3
        session.commit()
    first, second = row(engine, keys[0]), row(engine, keys[1])
    assert (first.status, first.attempts, first.claimed_at) == ("claimed", 1, NOW)
    assert (second.status, second.attempts, second.claimed_at, second.sent_at) == (
        "sent", 1, STALE, STALE)
    assert row(engine, keys[2]).status == "sent"


def test_run_records_are_sent_rows_found_by_job_and_day(engine):
    days = [date(2027, 1, 1) + timedelta(days=n) for n in range(45)]
    with Session(engine) as session:
        ledger.record_run(session, job="briefings", day=date(2027, 6, 1), mode="full",
                          watermark=1, now=NOW)
        assert ledger.latest_run_day(session, job="dbs-reminders") is None
        for day in days:
            ledger.record_run(session, job="dbs-reminders", day=day, mode="full", watermark=3,
                              now=NOW)
        ledger.record_run(session, job="dbs-reminders", day=date(2027, 3, 1),
                          mode=ledger.STARTED, watermark=4, now=NOW)
        ledger.record_run(session, job="dbs-reminders-weekly", day=date(2027, 3, 9),
                          mode="full", watermark=5, now=NOW)
        ledger.record_run(session, job="due:reminders", day=date(2027, 1, 2), mode="full",
                          watermark=6, now=NOW)
        for day in ("2027-02-20", "2027-12-31"):  # not run records, whatever their subject
            session.add(Notification(kind="dbs", subject=f"dbs-reminders:{day}", threshold="x",
                                     recipient="watermark:9", claimed_at=NOW))
        session.commit()
        runs = ledger.runs_before(session, job="dbs-reminders", day=date(2027, 3, 2))
        assert len(runs) == 40 and runs[0] == ledger.RunRecord(date(2027, 2, 14), "full", 3)
        assert runs[-1].day == date(2027, 1, 6)
        assert ledger.runs_before(session, job="dbs-reminders", day=date(2027, 1, 3),
                                  limit=5) == [ledger.RunRecord(date(2027, 1, 2), "full", 3),
                                               ledger.RunRecord(date(2027, 1, 1), "full", 3)]
        assert ledger.runs_before(session, job="due:reminders", day=date(2027, 1, 3)) == [
            ledger.RunRecord(date(2027, 1, 2), "full", 6)]
        assert ledger.latest_run_day(session, job="dbs-reminders") == date(2027, 3, 1)
        assert ledger.latest_run_day(session, job="dbs-reminders-weekly") == date(2027, 3, 9)
        assert ledger.latest_run_day(session, job="due:reminders") == date(2027, 1, 2)
    record = row(engine, ledger.LedgerKey(ledger.RUN_KIND, "dbs-reminders:2027-01-01", "full",
                                          "watermark:3"))
    assert (record.status, record.attempts, record.claimed_at, record.sent_at) == (
        "sent", 1, NOW, NOW)


def test_it_splits_long_lists_into_chunks_in_order():
    assert list(ledger.chunks(list(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert len(list(ledger.chunks(list(range(1801))))) == 3
