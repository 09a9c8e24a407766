"""Block Kit for the reminder engine's messages (pure functions), and the small pieces they
share.

Slack's limits, kept by every builder here: at most 50 blocks a message, a section's text at
most 3,000 characters, a header's 150. Past them a message says how many more there are and
which command lists them. Every message also carries a plain ``text`` fallback (what
notifications show) with no names and no certificate numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from bot.builders.common import (
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_TEXT,
    Message,
    clip,
    code,
    context,
    escape,
    header,
)
from bot.builders.common import pack_lines as common_pack_lines
from bot.builders.common import section as common_section
from models.words import due_words, plural

MAX_BLOCKS = MAX_MESSAGE_BLOCKS
MAX_TEXT = MAX_SECTION_TEXT


# ``was due 13 Nov 2026 (overdue by 12 days)``, ``due 30 Nov 2026 (in 5 days)``: the words
# themselves (a reminder shows thousands: one call each, not two)
when = due_words


def section(text: str, accessory: dict | None = None) -> dict:
    return common_section(text, accessory=accessory) if accessory else common_section(text)


def button(text: str, action_id: str, value: str) -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": clip(text, 75)},
            "action_id": action_id, "value": value}


def pack_lines(lines: Sequence[str], *, max_sections: int) -> tuple[list[dict], int]:
    """Lines packed into at most ``max_sections`` sections of at most 3,000 characters;
    returns the sections and how many lines did not fit."""
    texts, left = common_pack_lines(lines, max_sections=max_sections)
    return [common_section(text) for text in texts], left


def threshold_label(threshold: str) -> str:
    if threshold.startswith("overdue:"):
        return "overdue"
    return "due today" if threshold == "0" else f"due within {threshold} days"


class DueItem(NamedTuple):
    """One duty coming due: what, on which contract or provider, and how to record it."""

    what: str  # "Monitoring meeting"
    name: str  # a contract reference or a provider's name
    detail: str  # "Short breaks, Harbour Lane Fostering"
    due: date | None  # None: never done
    how: str  # "/safeguarding meeting BEN-1"
    verb: str = "record it with"  # what ``how`` does


def build_due_reminders(items: Iterable[DueItem], *, today: date,
                        command: str = "/safeguarding") -> Message:
    """One recipient's digest of duties coming due or overdue, most urgent first; past
    Slack's limits, how many more and the command that lists what is due for its reader."""
    items = sorted(items, key=lambda i: (i.due or date.min, i.what, i.name))
    late = sum(1 for i in items if i.due is None or i.due < today)
    lines = [f"• *{escape(i.what)}* for *{escape(i.name)}* ({escape(i.detail)}): "
             f"{when(i.due, today) if i.due else 'none on record'} — {i.verb} {code(i.how)}"
             for i in items]
    sections, left = pack_lines(lines, max_sections=MAX_BLOCKS - 3)
    blocks = [header("Safeguarding duties coming due"),
              context(f"{plural(len(items), 'duty', 'duties')}, {late} overdue or missing"),
              *sections]
    if left:
        blocks.append(context(f"…and {left} more not shown here: "
                              f"{code(f'{command} due 30')} lists what is due for you."))
    text = (f"Safeguarding duties: {plural(len(items), 'duty', 'duties')} coming due, "
            f"{late} overdue or missing.")
    return Message(text, blocks)


def build_undeliverable(*, what: str, who: str, problem: str, lines: Sequence[str]) -> Message:
    """For the BSCP channel: reminders that could not reach the person responsible (counts and
    references only, never staff names). ``lines`` are plain text, escaped here."""
    sections, left = pack_lines([f"• {escape(line)}" for line in lines],
                                max_sections=MAX_BLOCKS - 3)
    blocks = [header(f"Undelivered: {what}"),
              section(f"These could not be sent to *{escape(who)}*: {escape(problem)}. "
                      "Please correct the record so the next reminders reach them."),
              *sections]
    if left:
        blocks.append(context(f"…and {left} more."))
    return Message(f"Undelivered {what} for {escape(who)}: {escape(problem)}.", blocks)
