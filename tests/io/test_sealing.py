"""A large import encrypts certificate numbers in batches, in worker processes; each row still
gets its own token of its own number."""

import multiprocessing
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlmodel import select

from models import Staff
from safecomm.dataio import sealing
from safecomm.dataio.sealing import BATCH_FROM, POOL_FROM_BYTES, WORKERS, Sealer
from safecomm.dataio.staff import StaffImporter
from tests.io.conftest import STAFF

NUMBERS = [f"{n:012d}" for n in range(BATCH_FROM)]
ROOT = Path(__file__).resolve().parents[2]


def test_it_encrypts_many_here_in_order_without_workers(cipher):
    tokens = list(cipher.encrypt_many(NUMBERS[:5]))
    assert [cipher.decrypt(token) for token in tokens] == NUMBERS[:5]
    assert len(set(tokens)) == 5


def test_it_encrypts_many_in_another_process_as_encrypt_would(cipher):
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as workers:
        tokens = list(cipher.encrypt_many(NUMBERS, workers, per_task=300))
    assert [cipher.decrypt(token) for token in tokens] == NUMBERS


# In a fresh process: forking is refused while another thread runs, and earlier tests in
# this worker may have left one (a local Slack stand-in).
TOKENS_FROM_WORKERS = """
import multiprocessing, sys
from models.crypto import CertificateCipher
from safecomm.dataio.sealing import BATCH_FROM, POOL_FROM_BYTES, Sealer
cipher = CertificateCipher(sys.argv[1])
numbers = [f"{n:012d}" for n in range(BATCH_FROM)]
sealer = Sealer(cipher, file_bytes=POOL_FROM_BYTES)
forked = len(multiprocessing.active_children())
batch = sealer.start([*numbers, numbers[0]])
twice = [batch.token(numbers[0]), batch.token(numbers[0])]
rest = [batch.token(number) for number in numbers[1:]]
sealer.close()
print(forked, len(multiprocessing.active_children()), twice[0] != twice[1],
      [cipher.decrypt(token) for token in twice + rest] == [numbers[0], *numbers])
"""


def test_it_gives_each_row_its_own_token_from_the_workers_batch(key):
    done = subprocess.run([sys.executable, "-c", TOKENS_FROM_WORKERS, key], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(WORKERS), "0", "True", "True"]


# Texts asked for in the batch's order take its next tokens; then one out of order, and the
# rest one by one; a number given twice gets two tokens; a batch started before another's
# tokens are taken keeps its own.
TOKENS_IN_ORDER = """
import sys
from models.crypto import CertificateCipher
from safecomm.dataio.sealing import BATCH_FROM, POOL_FROM_BYTES, Sealer
cipher = CertificateCipher(sys.argv[1])
numbers = [f"{n:012d}" for n in range(BATCH_FROM)]
batch = [*numbers, "1990-02-03", numbers[0]]
sealer = Sealer(cipher, file_bytes=POOL_FROM_BYTES)
started = sealer.start(batch)
ahead = sealer.start(numbers[:BATCH_FROM])  # the next chunk's, started before this one's are taken
first = started.tokens(numbers[:10])
after = started.tokens(numbers[10:20])
skipped = started.tokens([numbers[30], numbers[0]])
rest = [started.token(text) for text in [*numbers[20:30], *numbers[31:], "1990-02-03"]]
tokens = first + after + skipped + rest
next_ones = ahead.tokens(numbers[:BATCH_FROM])
sealer.close()
texts = [*numbers[:20], numbers[30], numbers[0], *numbers[20:30], *numbers[31:], "1990-02-03"]
print([cipher.decrypt(token) for token in tokens] == texts, len(set(tokens)) == len(tokens),
      [cipher.decrypt(token) for token in next_ones] == numbers[:BATCH_FROM])
"""


def test_texts_in_the_batchs_order_take_its_tokens_and_others_their_own(key, cipher):
    done = subprocess.run([sys.executable, "-c", TOKENS_IN_ORDER, key], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]
    sealer = Sealer(cipher, file_bytes=POOL_FROM_BYTES - 1)  # no workers: made here
    batch = sealer.start(NUMBERS)
    assert [cipher.decrypt(token) for token in batch.tokens(NUMBERS[:3])] == NUMBERS[:3]


def test_it_forks_no_worker_while_another_thread_runs(cipher):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        sealer = Sealer(cipher, file_bytes=POOL_FROM_BYTES)
        assert not multiprocessing.active_children()
        assert cipher.decrypt(sealer.start(NUMBERS).token(NUMBERS[3])) == NUMBERS[3]
        sealer.close()
    finally:
        stop.set()
        other.join()


def test_it_encrypts_in_this_process_for_a_small_file_or_a_text_not_in_the_batch(cipher):
    sealer = Sealer(cipher, file_bytes=POOL_FROM_BYTES - 1)
    batch = sealer.start(NUMBERS)
    assert not multiprocessing.active_children()
    assert cipher.decrypt(batch.token(NUMBERS[5])) == NUMBERS[5]
    assert cipher.decrypt(batch.token("999999999999")) == "999999999999"
    sealer.close()


def test_it_stores_each_rows_own_token_when_the_file_counts_as_large(loaded, write_csv,
                                                                    session, cipher,
                                                                    monkeypatch):
    monkeypatch.setattr(sealing, "POOL_FROM_BYTES", 1)
    monkeypatch.setattr(sealing, "BATCH_FROM", 1)
    rows = [dict(STAFF[0], staff_ref=f"Q{n}", dbs_certificate=f"0011 2233 {n:04d}")
            for n in range(3)]
    result = loaded("import", "staff", write_csv("more.csv", rows))
    assert result.exit_code == 0, result.output
    stored = session.scalars(select(Staff).where(Staff.staff_ref.startswith("Q"))
                             .order_by(Staff.staff_ref)).all()
    assert [cipher.decrypt(s.dbs_certificate_token) for s in stored] == [
        f"00112233{n:04d}" for n in range(3)]
    assert [s.dbs_certificate_last4 for s in stored] == [f"{n:04d}" for n in range(3)]


def test_chunks_planned_ahead_store_each_rows_own_numbers(loaded, write_csv, session, cipher,
                                                          monkeypatch):
    monkeypatch.setattr(sealing, "POOL_FROM_BYTES", 1)
    monkeypatch.setattr(sealing, "BATCH_FROM", 1)
    monkeypatch.setattr(StaffImporter, "chunk_size", 2)
    planned: list[str] = []
    plan, write_planned = StaffImporter.plan, StaffImporter.write_planned
    monkeypatch.setattr(StaffImporter, "plan", lambda self, records: planned.append(
        "plan") or plan(self, records))
    monkeypatch.setattr(StaffImporter, "write_planned", lambda self, chunk: planned.append(
        "write") or write_planned(self, chunk))
    rows = [dict(STAFF[0], staff_ref=f"Q{n}", dbs_certificate=f"0011 2233 {n:04d}",
                 date_of_birth=f"199{n}-01-02") for n in range(5)]
    assert loaded("import", "staff", write_csv("more.csv", rows)).exit_code == 0
    rows[1]["dbs_certificate"], rows[3]["date_of_birth"] = "001122339999", "1980-05-06"
    result = loaded("import", "staff", write_csv("changed.csv", rows))
    assert result.exit_code == 0, result.output
    assert "0 created, 2 updated, 3 unchanged" in result.output
    assert planned[:4] == ["plan", "plan", "write", "plan"]
    stored = session.scalars(select(Staff).where(Staff.staff_ref.startswith("Q"))
                             .order_by(Staff.staff_ref)).all()
    assert [cipher.decrypt(s.dbs_certificate_token) for s in stored] == [
        "001122330000", "001122339999", "001122330002", "001122330003", "001122330004"]
    assert [cipher.decrypt(s.date_of_birth_token) for s in stored] == [
        "1990-01-02", "1991-01-02", "1992-01-02", "1980-05-06", "1994-01-02"]
