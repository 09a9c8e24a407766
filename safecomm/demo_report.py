"""The demo's last screen: per standard, how many providers and live contracts are green,
amber and red; the reddest providers; and how to try the slash commands with ``chat``."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from jobs.summary import current_colours
from models.core import Provider
from models.enums import Rag
from models.facts import STANDARD_TITLES
from models.queries import provider_status
from models.words import weekday
from safecomm.demo_people import ADMIN, MANAGERS, PROVIDERS

REDDEST = 5
COLOURS = (Rag.GREEN, Rag.AMBER, Rag.RED)


def _counts(colours: list[str]) -> str:
    found = Counter(colours)
    return " ".join(f"{found.get(str(c), 0):>3}" for c in COLOURS)


def partnership_screen(session: Session, *, today: date, database: str) -> list[str]:
    """The summary's lines (about 25, to fit one screen)."""
    providers = list(session.scalars(select(Provider).order_by(Provider.name)))
    overall = {p.id: provider_status(session, provider=p, today=today)[0] for p in providers}
    by_contract, references = current_colours(session, today=today)
    width = max(len(f"{n}. {t}") for n, t in STANDARD_TITLES.items()) + 2
    lines = ["═" * 78, f"The partnership on {weekday(today)}", "═" * 78,
             f"{'':{width}}{'providers':^12}   {'live contracts':^14}",
             f"{'standard':{width}}{'grn amb red':>12}   {'grn amb red':>12}"]
    for number, title in STANDARD_TITLES.items():
        of_providers = [str(statuses[number - 1].rag) for statuses in overall.values()]
        of_contracts = [rag for (_cid, n), rag in by_contract.items() if n == number]
        lines.append(f"{f'{number}. {title}':{width}} {_counts(of_providers)}    "
                     f"{_counts(of_contracts)}")
    lines.append(f"({len(providers)} providers, {len(references)} live contracts; a provider "
                 "takes the worst colour of its contracts)")
    lines += ["", "Reddest providers:"] + _reddest(providers, overall) + [""]
    return lines + try_chat(database, today)


def _reddest(providers: list[Provider], overall: dict) -> list[str]:
    def score(p: Provider):
        rags = [s.rag for s in overall[p.id]]
        return (-rags.count(Rag.RED), -rags.count(Rag.AMBER), p.name)

    lines = []
    for provider in sorted(providers, key=score)[:REDDEST]:
        statuses = overall[provider.id]
        red = [s.number for s in statuses if s.rag == Rag.RED]
        if not red:
            break
        amber = sum(s.rag == Rag.AMBER for s in statuses)
        lines.append(f"  {provider.name} ({provider.risk} risk): {len(red)} red, {amber} amber"
                     f" — red on standard{'s' if len(red) > 1 else ''} "
                     f"{', '.join(map(str, red))}")
    return lines or ["  none: every provider is green or amber"]


def _program() -> str:
    here = Path(sys.argv[0])
    if here.name == "safecomm" and here.exists():
        try:
            return str(here.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(here)
    return "safecomm"


def try_chat(database: str, today: date) -> list[str]:
    """How to send the slash commands through the real app, on this machine, as of the
    demo's day (the data is built around it)."""
    when = f" --today {today.isoformat()}"
    manager, name = MANAGERS[0]
    example = next(p for p in PROVIDERS if p.profile == "steady").name
    return ["Next, try the slash commands in a terminal, through the real Slack app on this "
            "machine:",
            f"  DATABASE_URL=sqlite:///{database} {_program()} chat{when}",
            f"  then type: status {example} · dbs BSC-104 · meeting BSC-104 · home · help · quit",
            f"  You are {ADMIN[1]} ({ADMIN[0]}, a BSCP admin); add --as {manager} to be "
            f"{name}, a contract manager."]
