"""Encrypting a large import's certificate numbers and dates of birth in batches, in worker
processes, while the import goes on with its chunk.

Rules:
- A chunk's plaintexts to be written are handed over in one batch (:meth:`Sealer.start`)
  before the chunk's audit entries are worked out; its rows then take the tokens
  (:meth:`Sealer.token`), each token used once, so no two rows share one.
- Worker processes only for a file of at least :data:`POOL_FROM` records and a batch of at
  least :data:`BATCH_FROM` texts (starting them costs more than a few thousand tokens), only
  where processes can be forked (no import of the command line in each worker), and only
  while this process runs no other thread (a fork copies no thread, and could copy a lock
  another thread holds: a progress bar drawing on a terminal). Otherwise, and for any text not
  in a batch, the token is made in this process, as ``CertificateCipher.encrypt`` would.
- The workers receive the encrypting key with each task, through the pool's pipe; nothing
  they do is logged. They are shut down when the import ends, written or not.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from models.crypto import CertificateCipher

POOL_FROM = 20_000  # records in the file
BATCH_FROM = 1000  # texts in a batch
WORKERS = 2


class Sealer:
    """Tokens of the texts a chunk writes (see the module's rules)."""

    def __init__(self, cipher: CertificateCipher, *, records: int):
        self.cipher = cipher
        self._may_fork = records >= POOL_FROM and "fork" in multiprocessing.get_all_start_methods()
        self._workers: ProcessPoolExecutor | None = None
        self._batch: tuple[list[str], Iterator[str]] | None = None
        self._tokens: dict[str, list[str]] = {}

    def start(self, texts: list[str]) -> None:
        """Begin encrypting ``texts`` (the tokens of an earlier batch are dropped)."""
        self._batch, self._tokens = None, {}
        workers = self._pool() if len(texts) >= BATCH_FROM else None
        if workers is not None:
            self._batch = (texts, self.cipher.encrypt_many(texts, workers))

    def token(self, text: str) -> str:
        """A token of ``text``: one of the batch's, else one made now."""
        if self._batch is not None:
            texts, tokens = self._batch
            self._batch = None
            for plain, token in zip(texts, tokens, strict=True):
                self._tokens.setdefault(plain, []).append(token)
        made = self._tokens.get(text)
        return made.pop() if made else self.cipher.encrypt(text)

    def close(self) -> None:
        if self._workers is not None:
            self._workers.shutdown(cancel_futures=True)
            self._workers = None

    def _pool(self) -> ProcessPoolExecutor | None:
        if self._workers is None and self._may_fork and threading.active_count() == 1:
            self._workers = ProcessPoolExecutor(
                WORKERS, mp_context=multiprocessing.get_context("fork"))
        return self._workers
