"""Block Kit for the weekly partnership overview (pure): per standard, how many live contracts
are green, amber and red, and what changed since the last snapshot a week or more before.
Counts and contract references only — no personal data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from bot.builders.common import Message, code, context, day, escape, header, plural, section

COLOURS = ("green", "amber", "red")
EMOJI = {"green": ":large_green_circle:", "amber": ":large_orange_circle:", "red": ":red_circle:"}
SHOW_TURNED_RED = 5


class StandardLine(NamedTuple):
    number: int
    title: str
    now: Mapping[str, int]  # colour → contracts
    before: Mapping[str, int] | None  # at the previous snapshot (None: nothing to compare)
    worse: int = 0
    better: int = 0
    turned_red: tuple[str, ...] = ()  # references of contracts that became red


def _counts(counts: Mapping[str, int]) -> str:
    return "   ".join(f"{EMOJI[c]} {counts.get(c, 0)} {c}" for c in COLOURS)


def _change(line: StandardLine) -> str:
    if line.before is None:
        return ""
    deltas = [f"{c} {line.now.get(c, 0) - line.before.get(c, 0):+d}" for c in reversed(COLOURS)
              if line.now.get(c, 0) != line.before.get(c, 0)]
    moved = [f"{line.worse} worse" if line.worse else "", f"{line.better} better"
             if line.better else ""]
    text = "; ".join(part for part in (", ".join(deltas), ", ".join(m for m in moved if m)) if part)
    if line.turned_red:
        more = len(line.turned_red) - SHOW_TURNED_RED
        refs = ", ".join(escape(r) for r in line.turned_red[:SHOW_TURNED_RED])
        text += f"; now red: {refs}{f' and {more} more' if more > 0 else ''}"
    return f"\nSince then: {text or 'no change'}"


def build_summary(lines: Sequence[StandardLine], *, today: date, contracts: int,
                  previous: date | None, command: str, missing_statements: int = 0) -> Message:
    """The partnership overview for the BSCP channel, with how many providers' Child
    Safeguarding Statements are missing (each chased weekly to its lead)."""
    compared = (f"compared with {day(previous)}" if previous
                else "no snapshot from a week or more ago to compare with yet")
    blocks = [header(f"Partnership overview — {day(today)}"),
              context(f"{plural(contracts, 'live contract')}; {compared}.")]
    for line in lines:
        blocks.append(section(f"*{line.number}. {escape(line.title)}*\n{_counts(line.now)}"
                              f"{_change(line)}"))
    if missing_statements:
        blocks.append(section(f"*Child Safeguarding Statements missing*: "
                              f"{plural(missing_statements, 'provider')} (chased weekly to "
                              "each provider's safeguarding lead)."))
    blocks.append(context(f"{code(command + ' status NAME')} shows a provider or a contract."))
    red = sum(line.now.get("red", 0) for line in lines)
    amber = sum(line.now.get("amber", 0) for line in lines)
    return Message(f"Partnership overview for {day(today)}: {plural(contracts, 'live contract')}"
                   f", {red} red and {amber} amber standard ratings.", blocks)
