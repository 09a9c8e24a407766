"""The reply to ``status NAME``: the six standards red/amber/green, each with a one-line reason
and when it is due — ``was due 5 Dec 2025 (overdue by 2 days)`` for a date past, ``due 17 Dec
2026 (in 10 days)`` for one to come (models.words). Counts only: no staff names, no
certificate numbers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.builders.common import (
    MAX_MESSAGE_BLOCKS,
    code,
    context,
    day,
    divider,
    escape,
    header,
    pack_lines,
    plural,
    rag_emoji,
    section,
)
from bot.builders.engagement import stage_words
from models.core import Contract, Provider
from models.enums import ContractStatus, Rag
from models.facts import StandardStatus
from models.lifecycle import JUDGED, stage
from models.words import due_words

FOOTER = ("Counts only, never personal data. `dbs NAME` lists the staff for those entitled "
          "to see them.")


DATED = {1: "self-assessment", 3: "next deadline", 4: "earliest re-check",
         5: "monitoring meeting", 6: "thematic check"}  # what each standard's date is


def dated(status: StandardStatus, today: date) -> str:
    """``earliest re-check was due 5 Dec 2025 (overdue by 2 days)``."""
    what = DATED.get(status.number, "next")
    return f"{what} {due_words(status.next_due, today)}" if status.next_due else what


def standard_line(status: StandardStatus, today: date) -> str:
    """The colour, the reason, and when it is due (unless the reason already says)."""
    due = ""
    if status.next_due and day(status.next_due) not in status.reason:
        due = f" · {dated(status, today)}"
    return (f"{rag_emoji(status.rag)} *{status.number}. {status.title}* — {status.rag}\n"
            f"{escape(status.reason)}{due}")


def build_contract_status_blocks(*, contract: Contract, provider_name: str,
                                 statuses: Sequence[StandardStatus], today: date) -> list[dict]:
    """One contract's six standards (1 and 3 are its provider's)."""
    service = f" · {escape(contract.service)}" if contract.service else ""
    return [
        header(f"{escape(contract.reference)} — safeguarding status"),
        context(f"Contract with *{escape(provider_name)}*{service} · "
                f"{stage_words(contract, today)} · as of {day(today)}"),
        *[section(standard_line(s, today)) for s in statuses],
        context(FOOTER),
    ]


def contract_line(contract: Contract, statuses: Sequence[StandardStatus], today: date) -> str:
    """``🔴🟢… `REF` service — 1 red · 5. monitoring meeting due 3 Dec 2026 (in 8 days)``."""
    colours = "".join(rag_emoji(s.rag) for s in statuses)
    counts = [f"{n} {rag}" for rag in (Rag.RED, Rag.AMBER)
              if (n := sum(s.rag == rag for s in statuses))]
    first = min((s for s in statuses if s.next_due), key=lambda s: s.next_due or date.max,
                default=None)
    service = f" {escape(contract.service)}" if contract.service else ""
    now = stage(contract.status, contract.end_date, today)
    if now is ContractStatus.TENDER:
        return (f":white_circle: {code(contract.reference)}{service} (tender) — judged for "
                f"readiness to engage: {code('ready ' + contract.reference)}")
    ended = f" ({stage_words(contract, today)})" if now is not ContractStatus.ACTIVE else ""
    summary = ", ".join(counts) or "all green"
    return (f"{colours} {code(contract.reference)}{service}{ended} — {summary}"
            + (f" · {first.number}. {dated(first, today)}" if first else ""))


def build_provider_status_blocks(
        *, provider: Provider, overall: Sequence[StandardStatus],
        contracts: Sequence[tuple[Contract, Sequence[StandardStatus]]], today: date) -> list[dict]:
    """A provider's six standards, then a line per contract (as many as fit, then a count)."""
    live = sum(stage(c.status, c.end_date, today) in JUDGED for c, _ in contracts)
    tenders = sum(stage(c.status, c.end_date, today) is ContractStatus.TENDER
                  for c, _ in contracts)
    blocks = [
        header(f"{escape(provider.name)} — safeguarding status"),
        context(f"Provider · {provider.risk} risk · {plural(len(contracts), 'contract')} "
                f"({live} live{f', {tenders} tender' if tenders else ''}) · as of {day(today)}"),
        *[section(standard_line(s, today)) for s in overall],
    ]
    if contracts:
        room = MAX_MESSAGE_BLOCKS - len(blocks) - 4
        texts, left = pack_lines((contract_line(c, s, today) for c, s in contracts),
                                 max_sections=room)
        blocks += [divider(), section("*Contracts* — standards 1 to 6, in order")]
        blocks += [section(text) for text in texts]
        if left:
            blocks.append(context(f"…and {plural(left, 'more contract')}: ask for one by its "
                                  "reference."))
    blocks.append(context(FOOTER))
    return blocks
