"""Python's cycle collector, paused while a large batch of objects is built.

Rules:
- The collector re-scans every live object each time enough new ones pile up: with tens of
  thousands of records alive that was a third of a large import's time and a tenth of a
  DBS reminder run's, and it finds nothing: such records make no reference cycles.
- So an import, or a reminder run, pauses it for its duration; it is resumed afterwards (if
  it was running), and memory is freed as usual meanwhile (by reference counting).
- A run that goes on to build and send messages from such records (which may take minutes,
  and whose HTTP calls can make cycles) resumes the collector once the records are built, but
  leaves them out of its sweeps (:func:`paused_until_built`): it sweeps only what is made
  afterwards. They are left out *before* it resumes, or its first sweep would visit every
  object made while it was paused.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector inside the ``with`` block (see the module's rules)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def paused_until_built() -> Iterator[Callable[[], None]]:
    """The collector paused until ``built()`` is called; from then on it runs again, but
    everything alive at that call is left out of its sweeps (Python's ``gc.freeze``) until
    the ``with`` block ends."""
    enabled, frozen = gc.isenabled(), False
    gc.disable()

    def built() -> None:
        nonlocal frozen
        gc.freeze()
        frozen = True
        if enabled:
            gc.enable()

    try:
        yield built
    finally:
        if frozen:
            gc.unfreeze()
        elif enabled:
            gc.enable()
