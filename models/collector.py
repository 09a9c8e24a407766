"""Python's cycle collector, paused while a large batch of objects is built.

Rules:
- The collector re-scans every live object each time enough new ones pile up: with tens of
  thousands of records alive that was a third of a large import's time and a tenth of a
  DBS reminder run's, and it finds nothing: such records make no reference cycles.
- So an import, or a reminder run, pauses it for its duration; it is resumed afterwards (if
  it was running), and memory is freed as usual meanwhile (by reference counting).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
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
