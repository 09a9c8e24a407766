"""How the bot writes dates, counts and due dates, in every message and on the command line.

Rules:
- a date reads ``5 Dec 2026`` (day without a leading zero, short month, year), and a missing
  one ``—``; with its weekday, ``Monday 7 Dec 2026``;
- a count agrees with its noun: ``1 overdue re-check``, ``2 overdue re-checks`` (never
  ``re-check(s)``);
- a due date in the past reads ``was due 5 Dec 2025 (overdue by 367 days)``, today ``due today
  (5 Dec 2026)``, in the future ``due 17 Dec 2026 (in 10 days)``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache


@lru_cache(maxsize=4096)  # a run writes the same few hundred dates thousands of times
def day(d: date | None) -> str:
    """``5 Dec 2026``; ``—`` for no date."""
    return f"{d.day} {d:%b %Y}" if d else "—"


def weekday(d: date) -> str:
    """``Monday 7 Dec 2026``."""
    return f"{d:%A} {day(d)}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 contract``, ``2 contracts``; ``many`` for an irregular plural (``duty``/``duties``)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


@lru_cache(maxsize=4096)
def due_words(due: date, today: date) -> str:
    """When something is (or was) due, relative to ``today`` (see the module's rules)."""
    days = (due - today).days
    if days < 0:
        return f"was due {day(due)} (overdue by {plural(-days, 'day')})"
    if days == 0:
        return f"due today ({day(due)})"
    return f"due {day(due)} (in {plural(days, 'day')})"
