"""The reply to ``status NAME``: the six standards red/amber/green, each with a one-line reason
and the next due date. Counts only: no staff names, no certificate numbers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.builders.common import (
    MAX_MESSAGE_BLOCKS,
    context,
    day,
    divider,
    escape,
    header,
    pack_lines,
    rag_emoji,
    section,
)
from models.core import Contract, Provider
from models.enums import ContractStatus, Rag
from models.facts import StandardStatus

FOOTER = ("Counts only, never personal data. `dbs NAME` lists the staff for those entitled "
          "to see them.")


def standard_line(status: StandardStatus) -> str:
    due = f" · next due {day(status.next_due)}" if status.next_due else ""
    return (f"{rag_emoji(status.rag)} *{status.number}. {status.title}* — {status.rag}\n"
            f"{escape(status.reason)}{due}")


def build_contract_status_blocks(*, contract: Contract, provider_name: str,
                                 statuses: Sequence[StandardStatus], today: date) -> list[dict]:
    """One contract's six standards (1 and 3 are its provider's)."""
    service = f" · {escape(contract.service)}" if contract.service else ""
    return [
        header(f"{contract.reference} — safeguarding status"),
        context(f"Contract with *{escape(provider_name)}*{service} · {contract.status} · "
                f"as of {day(today)}"),
        *[section(standard_line(s)) for s in statuses],
        context(FOOTER),
    ]


def contract_line(contract: Contract, statuses: Sequence[StandardStatus]) -> str:
    """``🔴🟢… `REF` service — 1 red, 2 amber · next due 3 Dec 2026``."""
    colours = "".join(rag_emoji(s.rag) for s in statuses)
    counts = [f"{n} {rag}" for rag in (Rag.RED, Rag.AMBER)
              if (n := sum(s.rag == rag for s in statuses))]
    due = min((s.next_due for s in statuses if s.next_due), default=None)
    ended = " (ended)" if contract.status == ContractStatus.ENDED else ""
    service = f" {escape(contract.service)}" if contract.service else ""
    summary = ", ".join(counts) or "all green"
    return (f"{colours} `{contract.reference}`{service}{ended} — {summary}"
            + (f" · next due {day(due)}" if due else ""))


def build_provider_status_blocks(
        *, provider: Provider, overall: Sequence[StandardStatus],
        contracts: Sequence[tuple[Contract, Sequence[StandardStatus]]], today: date) -> list[dict]:
    """A provider's six standards, then a line per contract (as many as fit, then a count)."""
    live = sum(c.status != ContractStatus.ENDED for c, _ in contracts)
    blocks = [
        header(f"{provider.name} — safeguarding status"),
        context(f"Provider · {provider.risk} risk · {len(contracts)} contract"
                f"{'s' if len(contracts) != 1 else ''} ({live} live) · as of {day(today)}"),
        *[section(standard_line(s)) for s in overall],
    ]
    if contracts:
        room = MAX_MESSAGE_BLOCKS - len(blocks) - 4
        texts, left = pack_lines((contract_line(c, s) for c, s in contracts), max_sections=room)
        blocks += [divider(), section("*Contracts* — standards 1 to 6, in order")]
        blocks += [section(text) for text in texts]
        if left:
            blocks.append(context(f"…and {left} more contracts: ask for one by its reference."))
    blocks.append(context(FOOTER))
    return blocks
