"""Encrypting a large staff file's certificate numbers and dates of birth in batches, in
worker processes, while the import goes on with its chunk.

Rules:
- A chunk's plaintexts to be written are handed over in one batch (:meth:`Sealer.start`)
  before the chunk's audit entries are worked out — a large import's next chunk's while this
  one is written, so the workers are a chunk ahead; its rows then take the batch's tokens
  (:meth:`Batch.token`, or :meth:`Batch.tokens` for many texts: when they come in the
  batch's own order they take its next tokens as they are), each token used once, so no two
  rows share one.
- :data:`WORKERS` worker processes only for a file of at least :data:`POOL_FROM_BYTES`
  (starting them costs more than encrypting a few thousand numbers), and batches of at least
  :data:`BATCH_FROM` texts. They are forked before the file is read, while this process is
  small (a fork shares its memory until either side writes to it; forked later, the workers
  would keep a copy of the whole file's records), only where processes can be forked (no
  import of the command line in each worker), and only while this process runs no other
  thread (a fork copies no thread, and could copy a lock another thread holds: a progress bar
  drawing on a terminal). Otherwise, and for any text not in a batch, the token is made in
  this process, as ``CertificateCipher.encrypt`` would.
- The workers receive the encrypting key with each task, through the pool's pipe; nothing
  they do is logged. They are shut down when the import ends, written or not.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from models.crypto import CertificateCipher

POOL_FROM_BYTES = 2_000_000  # about 20,000 rows of a staff file
BATCH_FROM = 1000  # texts in a batch
WORKERS = 2


class Sealer:
    """Batches of texts to encrypt (see the module's rules)."""

    def __init__(self, cipher: CertificateCipher, *, file_bytes: int):
        self.cipher = cipher
        self._workers = _forked_workers() if file_bytes >= POOL_FROM_BYTES else None

    def start(self, texts: list[str]) -> Batch:
        """Begin encrypting ``texts``; their tokens are taken from the batch returned."""
        if self._workers is not None and len(texts) >= BATCH_FROM:
            return Batch(self.cipher, texts, self.cipher.encrypt_many(texts, self._workers))
        return Batch(self.cipher, texts, None)

    def close(self) -> None:
        if self._workers is not None:
            self._workers.shutdown(cancel_futures=True)
            self._workers = None


class Batch:
    """The tokens of one batch of texts (made by the workers, or here when it had none)."""

    def __init__(self, cipher: CertificateCipher, texts: list[str],
                 tokens: Iterator[str] | None):
        self.cipher = cipher
        # the texts, how many of them have been taken in order, and their tokens
        self._pending = None if tokens is None else (texts, 0, tokens)
        self._left: dict[str, list[str]] = {}

    def tokens(self, texts: list[str]) -> list[str]:
        """A token of each of ``texts``, in order: the batch's next ones when ``texts`` are the
        batch's next texts, else as :meth:`token` makes them."""
        if self._pending is not None:
            batch, taken, tokens = self._pending
            if batch[taken:taken + len(texts)] == texts:
                self._pending = (batch, taken + len(texts), tokens)
                return list(islice(tokens, len(texts)))
        return [self.token(text) for text in texts]

    def token(self, text: str) -> str:
        """A token of ``text``: one of the batch's, else one made now."""
        if self._pending is not None:
            texts, taken, tokens = self._pending
            self._pending = None
            for plain, token in zip(texts[taken:], tokens, strict=True):
                self._left.setdefault(plain, []).append(token)
        made = self._left.get(text)
        return made.pop() if made else self.cipher.encrypt(text)


def _forked_workers() -> ProcessPoolExecutor | None:
    """:data:`WORKERS` processes forked now, or None where they may not be (module rules)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    workers = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("fork"))
    workers.submit(int)  # the first task forks every worker
    return workers
