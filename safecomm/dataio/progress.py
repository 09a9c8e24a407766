"""A progress bar for long imports, on a terminal only (rich, on standard error); quiet when
standard error is not a terminal (a pipe, a log file, a test)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

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
    with Progress(*columns, console=console, transient=True) as progress:

        def track(items: Iterable, description: str, total: int | None) -> Iterable:
            return progress.track(items, total=total, description=description)

        yield track
