"""App Home: the viewer's contracts, each standard's colour and what is due next; the providers
they lead; for an admin, the partnership's totals per standard and the reddest contracts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.builders.common import (
    MAX_VIEW_BLOCKS,
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
from models.enums import Rag
from models.facts import STANDARD_TITLES, StandardStatus
from models.words import due_words

MAX_CONTRACT_CARDS = 40
MAX_REDDEST = 10


@dataclass(frozen=True)
class ContractCard:
    reference: str
    provider_name: str
    service: str
    statuses: Sequence[StandardStatus]

    @property
    def reds(self) -> int:
        return sum(s.rag is Rag.RED for s in self.statuses)


@dataclass
class PartnershipTotals:
    """Per standard, how many live contracts are red, amber and green; and the reddest."""

    contracts: int = 0
    counts: dict[int, dict[Rag, int]] = field(
        default_factory=lambda: {n: dict.fromkeys(Rag, 0) for n in STANDARD_TITLES})
    reddest: list[ContractCard] = field(default_factory=list)


def colours(statuses: Sequence[StandardStatus]) -> str:
    return "".join(rag_emoji(s.rag) for s in statuses)


def due_next(statuses: Sequence[StandardStatus], today: date) -> str:
    """The standard due soonest (overdue first), with its reason."""
    dated = [(s.next_due, s) for s in statuses if s.next_due]
    if not dated:
        return "nothing dated is due"
    due, first = min(dated, key=lambda pair: pair[0])
    return f"next: {first.number}. {first.title} — {due_words(due, today)}"


def card_block(card: ContractCard, today: date) -> dict:
    service = f" · {escape(card.service)}" if card.service else ""
    reds = [f"{s.number}. {escape(s.reason)}" for s in card.statuses if s.rag is Rag.RED][:2]
    red_text = ("\n:warning: " + "; ".join(reds)) if reds else ""
    return section(f"{code(card.reference)} · *{escape(card.provider_name)}*{service}\n"
                   f"{colours(card.statuses)} {due_next(card.statuses, today)}{red_text}")


def partnership_blocks(totals: PartnershipTotals) -> list[dict]:
    lines = [f"{rag_emoji(Rag.RED)} {c[Rag.RED]}  {rag_emoji(Rag.AMBER)} {c[Rag.AMBER]}  "
             f"{rag_emoji(Rag.GREEN)} {c[Rag.GREEN]} · {n}. {STANDARD_TITLES[n]}"
             for n, c in sorted(totals.counts.items())]
    live = plural(totals.contracts, "live contract")
    blocks = [divider(), section(f"*The partnership* — {live}, per standard:\n"
                                 + "\n".join(lines))]
    reddest = [f"{colours(c.statuses)} {code(c.reference)} {escape(c.provider_name)} — "
               f"{c.reds} red" for c in totals.reddest[:MAX_REDDEST] if c.reds]
    if reddest:
        blocks.append(section("*Reddest contracts*\n" + "\n".join(reddest)))
    return blocks


def build_home_view(*, today: date, command: str, cards: Sequence[ContractCard],
                    providers: Sequence[tuple[str, Sequence[StandardStatus]]] = (),
                    partnership: PartnershipTotals | None = None) -> dict:
    blocks = [header("Safe commissioning"),
              context(f"As of {day(today)} · standards 1–6 in order · {code(command + ' help')}")]
    if partnership is not None:
        blocks += partnership_blocks(partnership)
    blocks += [divider(), section(f"*Your contracts* ({len(cards)})")]
    if not cards:
        blocks.append(context("No contract in the register names you as its manager."))
    shown = cards[:MAX_CONTRACT_CARDS]
    blocks += [card_block(card, today) for card in shown]
    if len(cards) > len(shown):
        blocks.append(context(f"…and {len(cards) - len(shown)} more: "
                              f"{code(command + ' status REFERENCE')} for any of them."))
    if providers:
        lines = [f"{colours(statuses)} *{escape(name)}*" for name, statuses in providers]
        room = MAX_VIEW_BLOCKS - len(blocks) - 3
        texts, left = pack_lines(lines, max_sections=max(room, 1))
        blocks += [divider(), section("*Providers you lead or belong to*")]
        blocks += [section(text) for text in texts]
        if left:
            blocks.append(context(f"…and {left} more: {code(command + ' status NAME')} for "
                                  "any of them."))
    return {"type": "home", "blocks": blocks}
