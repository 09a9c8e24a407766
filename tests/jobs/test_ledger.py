"""The ledger: a key is owned by one claim; stale claims are taken over; failures stay."""

import threading
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from models import ledger
from models.db import make_engine

NOW = datetime(2027, 3, 3, 9, 0, tzinfo=UTC)
KEYS = [ledger.LedgerKey("dbs", f"staff:{n}:2027-04-01", "30", "U0CM0001") for n in range(5)]


def claim(engine, keys, now=NOW, message_key=None):
    with Session(engine) as session:
        owned = ledger.claim(session, keys, now=now, message_key=message_key).owned
        session.commit()
        return owned


def test_it_lets_one_claim_own_a_key(engine):
    first = claim(engine, KEYS[:3])
    second = claim(engine, KEYS)
    assert set(first) == set(KEYS[:3]) and set(second) == set(KEYS[3:])


def test_it_takes_over_a_stale_claim_but_not_a_fresh_one(engine):
    claim(engine, KEYS)
    assert claim(engine, KEYS, now=NOW + timedelta(minutes=2)) == {}
    taken = claim(engine, KEYS, now=NOW + timedelta(minutes=6))
    assert set(taken) == set(KEYS)
    assert claim(engine, KEYS, now=NOW + timedelta(minutes=7)) == {}


def test_it_never_claims_a_sent_or_failed_row_again(engine):
    owned = claim(engine, KEYS[:2])
    with Session(engine) as session:
        ledger.mark_sent(session, [owned[KEYS[0]]], now=NOW)
        ledger.mark_failed(session, [owned[KEYS[1]]], error="channel_not_found")
        session.commit()
    assert claim(engine, KEYS[:2], now=NOW + timedelta(days=3)) == {}
    with Session(engine) as session:
        found = ledger.lookup(session, kind="dbs", pairs=[(k.subject, k.threshold) for k in KEYS])
    assert {k: e.status for k, e in found.items()} == {KEYS[0]: "sent", KEYS[1]: "failed"}


def test_a_transient_failure_stays_claimed_for_a_later_run(engine):
    owned = claim(engine, KEYS[:1])
    with Session(engine) as session:
        ledger.mark_transient(session, owned.values(), error="ratelimited")
        session.commit()
        assert ledger.stale_claims(session, kind="dbs", now=NOW + timedelta(minutes=10)) == \
            KEYS[:1]
    assert set(claim(engine, KEYS[:1], now=NOW + timedelta(minutes=10))) == set(KEYS[:1])


def test_concurrent_claims_share_the_keys_out_exactly_once(database_url, engine):
    keys = [ledger.LedgerKey("dbs", f"staff:{n}:2027-04-01", "7", "U0X") for n in range(200)]
    engines = [make_engine(database_url) for _ in range(4)]
    barrier, owned = threading.Barrier(4), []

    def worker(engine, part):
        barrier.wait()
        for start in range(0, len(part), 20):
            owned.append(claim(engine, part[start:start + 20]))

    threads = [threading.Thread(target=worker, args=(e, keys[n * 10:] + keys[:n * 10]))
               for n, e in enumerate(engines)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for e in engines:
        e.dispose()
    won = [key for batch in owned for key in batch]
    assert sorted(won) == sorted(keys)


def test_it_records_runs_and_finds_the_latest_before_a_day(engine):
    with Session(engine) as session:
        for day, mode in ((date(2027, 3, 1), "full"), (date(2027, 3, 2), "incremental"),
                          (date(2027, 3, 3), "incremental")):
            ledger.record_run(session, job="dbs-reminders", day=day, mode=mode, watermark=9,
                              now=NOW)
        ledger.record_run(session, job="other", day=date(2027, 3, 2), mode="full", watermark=1,
                          now=NOW)
        session.commit()
        runs = ledger.runs_before(session, job="dbs-reminders", day=date(2027, 3, 3))
    assert runs == [ledger.RunRecord(date(2027, 3, 2), "incremental", 9),
                    ledger.RunRecord(date(2027, 3, 1), "full", 9)]



def test_a_takeover_returns_the_claim_it_replaced_and_names_its_own_message(engine):
    claim(engine, KEYS[:2], message_key="first-message")
    with Session(engine) as session:
        taken = ledger.claim(session, KEYS[:2], now=NOW + timedelta(minutes=6),
                             message_key="second-message")
        session.commit()
    with Session(engine) as session:
        stored = ledger.lookup(session, kind="dbs", pairs=[(k.subject, k.threshold)
                                                            for k in KEYS[:2]])

    assert set(taken.owned) == set(KEYS[:2])
    assert {k: (e.message_key, e.claimed_at) for k, e in taken.taken_over.items()} == {
        k: ("first-message", NOW) for k in KEYS[:2]}
    assert {e.message_key for e in stored.values()} == {"second-message"}


def test_a_claim_at_exactly_the_stale_age_is_not_taken_over(engine):
    claim(engine, KEYS[:1])
    assert claim(engine, KEYS[:1], now=NOW + ledger.STALE_CLAIM) == {}
