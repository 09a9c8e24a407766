"""Running many status checks at once, at most ``concurrency`` in flight.

Rules:
- People are taken from an iterator as room frees up (a sliding window of twice the
  concurrency queued, so a thread never waits for the next person); only ``concurrency``
  threads call the API, so no more requests than that are ever in flight.
- Answers are handed to ``on_answers`` in batches (every :data:`BATCH` answers, or every
  :data:`FLUSH_SECONDS`), always from the calling thread: the caller stores them there.
- ``should_stop`` is asked before each person is started: once it says yes, nobody new is
  started, the checks in flight finish, and their answers are handed over as usual.
- ``check`` answers every problem of the network or the API itself; anything it raises (a
  key that cannot read a stored token) stops the run and is raised here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

Person = TypeVar("Person")
Result = TypeVar("Result")
BATCH = 100
FLUSH_SECONDS = 1.0


def run_checks(people: Iterable[Person], check: Callable[[Person], Result], *,
               concurrency: int, should_stop: Callable[[], bool],
               on_answers: Callable[[Sequence[tuple[Person, Result]]], None]) -> bool:
    """Check everyone (see the module's rules); True when stopped before the end."""
    queue_size, source = 2 * concurrency, iter(people)
    pending: dict[Future[Result], Person] = {}
    batch: list[tuple[Person, Result]] = []
    flushed_at, exhausted, stopped = time.monotonic(), False, False
    with ThreadPoolExecutor(concurrency, thread_name_prefix="dbs-status-check") as pool:
        while True:
            while not (exhausted or stopped) and len(pending) < queue_size:
                if should_stop():
                    stopped = True
                    break
                person = next(source, None)
                if person is None:
                    exhausted = True
                    break
                pending[pool.submit(check, person)] = person
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                batch.append((pending.pop(future), future.result()))
            if len(batch) >= BATCH or time.monotonic() - flushed_at >= FLUSH_SECONDS:
                on_answers(batch)
                batch, flushed_at = [], time.monotonic()
    if batch:
        on_answers(batch)
    return stopped
