"""A progress bar for long imports, on a terminal only (rich, on standard error); quiet when
standard error is not a terminal (a pipe, a log file, a test). The bar (and the thread that
draws it) starts when the first items are tracked, not before: an import forks its
encrypting workers before it reads the file, and forks only while no other thread runs
(safecomm.dataio.sealing)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager

from safecomm.dataio.importer import Track, no_progress


@contextmanager
def terminal_progress() -> Iterator[Track]:
    """A ``track(items, description, total)`` that draws a bar while items are consumed."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    if not console.is_terminal:
        yield no_progress
        return
    columns = (TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with ExitStack() as stack:
        started: list[Progress] = []

        def track(items: Iterable, description: str, total: int | None) -> Iterable:
            if not started:
                started.append(stack.enter_context(
                    Progress(*columns, console=console, transient=True)))
            return started[0].track(items, total=total, description=description)

        yield track
