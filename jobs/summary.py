"""The weekly partnership overview: ``safecomm run summary`` (the worker: on each week's
first working day).

Rules:
- Per standard, how many live contracts are green, amber and red today (models.standards,
  standards 1 and 3 being each contract's provider's); a tender is not yet judged
  (models.lifecycle) and is left out.
- How many providers (of live contracts or tenders) have a self-assessment but no Child
  Safeguarding Statement (jobs.lifecycle_reminders; each is chased weekly to its lead).
- Today's colours are stored in ``status_snapshots`` (taken_on = today; a second run the same
  day keeps the first); the change is against the latest snapshot at least 7 days older.
- Posted to the BSCP channel once per day (ledger: kind "summary", subject
  "partnership:<day>"). A dry run shows it and stores nothing.
- With it, once per week, the trend chart of the last 12 weeks' snapshots (jobs.trend).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from functools import partial
from typing import NamedTuple

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from bot.builders.common import Message
from bot.builders.summary import StandardLine, build_summary
from jobs import trend
from jobs.context import JobContext, RunSummary
from jobs.delivery import Outgoing, dispatch
from jobs.lifecycle_reminders import missing_statements
from models import lifecycle, partnership, queries, standards
from models.base import id_of, table_of
from models.db import session_scope
from models.enums import Rag
from models.facts import STANDARD_TITLES
from models.ops import StatusSnapshot

KIND = "summary"
COMPARE_AFTER_DAYS = 7

Colours = dict[tuple[int, int], str]  # (contract id, standard) → rag


class SummaryItem(NamedTuple):
    subject: str
    threshold: str


def run_once(ctx: JobContext) -> RunSummary:
    """Post (or show) the partnership overview for ``today``, storing today's snapshot."""
    settings, today = ctx.settings, ctx.today
    if not ctx.dry_run:
        settings.require("bscp_channel")
    with Session(ctx.engine) as session:
        colours, references = current_colours(session, today=today)
        missing = statements_missing(session, today=today)
        previous, before = previous_snapshot(session, today=today)
        weeks = trend.weekly_counts(session, today=today, current=colours)
    if not ctx.dry_run:
        store_snapshot(ctx.engine, today=today, colours=colours)
    build = partial(_message, lines=compare(colours, before, references), today=today,
                    contracts=len(references), previous=previous, command=settings.command,
                    missing_statements=missing)
    bscp = settings.bscp_channel or "(SAFECOMM_BSCP_CHANNEL not set)"
    item = SummaryItem(f"partnership:{today.isoformat()}", "weekly")
    return dispatch(ctx, [Outgoing(KIND, bscp, bscp, [item], build, f"BSCP channel {bscp}"),
                          trend.chart_outgoing(weeks, today=today, channel=bscp)])


def _message(_items: Sequence[SummaryItem], *, lines: list[StandardLine], today: date,
             contracts: int, previous: date | None, command: str,
             missing_statements: int) -> Message:
    return build_summary(lines, today=today, contracts=contracts, previous=previous,
                         command=command, missing_statements=missing_statements)


def statements_missing(session: Session, *, today: date) -> int:
    """Providers of live contracts with a self-assessment and no statement."""
    providers = list({id_of(p): p for _, p in partnership.live_contracts(session, today=today)}
                     .values())
    return missing_statements(partnership.assessment_facts(session, providers))


def current_colours(session: Session, *, today: date) -> tuple[Colours, dict[int, str]]:
    """Each live contract's six colours today, and the contracts' references."""
    pairs = partnership.live_contracts(session, today=today)
    facts = partnership.contract_facts(session, [c for c, _ in pairs], today=today)
    providers = queries.providers_facts(
        session, providers=list({id_of(p): p for _, p in pairs}.values()), today=today)
    colours: Colours = {}
    pairs = [(c, p) for c, p in pairs if lifecycle.is_judged(facts[id_of(c)], today)]
    for contract, provider in pairs:
        cid = id_of(contract)
        for status in standards.contract_standards(facts[cid], providers[id_of(provider)],
                                                   today):
            colours[(cid, status.number)] = str(status.rag)
    return colours, {id_of(c): c.reference for c, _ in pairs}


def previous_snapshot(session: Session, *, today: date) -> tuple[date | None, Colours]:
    """The latest snapshot taken at least a week before ``today``, if any."""
    taken_on = session.scalar(select(func.max(col(StatusSnapshot.taken_on))).where(
        col(StatusSnapshot.taken_on) <= today - timedelta(days=COMPARE_AFTER_DAYS)))
    if taken_on is None:
        return None, {}
    rows = session.execute(
        select(col(StatusSnapshot.contract_id), col(StatusSnapshot.standard),
               col(StatusSnapshot.rag)).where(col(StatusSnapshot.taken_on) == taken_on))
    return taken_on, {(cid, number): rag for cid, number, rag in rows}


def compare(now: Colours, before: Colours, references: dict[int, str]) -> list[StandardLine]:
    """Per standard: today's counts, the previous snapshot's, and which contracts moved."""
    lines: list[StandardLine] = []
    for number, title in STANDARD_TITLES.items():
        today_counts = Counter(rag for (_, n), rag in now.items() if n == number)
        moved = [(cid, before[(cid, n)], rag) for (cid, n), rag in now.items()
                 if n == number and (cid, n) in before and before[(cid, n)] != rag]
        lines.append(StandardLine(
            number, title, dict(today_counts),
            dict(Counter(rag for (_, n), rag in before.items() if n == number))
            if before else None,
            worse=sum(1 for _, old, new in moved if Rag(new).rank > Rag(old).rank),
            better=sum(1 for _, old, new in moved if Rag(new).rank < Rag(old).rank),
            turned_red=tuple(sorted(references[cid] for cid, _, new in moved if new == "red"))))
    return lines


def store_snapshot(engine: Engine, *, today: date, colours: Colours) -> None:
    rows = [{"taken_on": today, "contract_id": cid, "standard": number, "rag": rag}
            for (cid, number), rag in colours.items()]
    table = table_of(StatusSnapshot)
    insert = postgresql.insert(table) if engine.dialect.name == "postgresql" \
        else sqlite.insert(table)
    with session_scope(engine) as session:
        for start in range(0, len(rows), 5000):
            session.execute(insert.on_conflict_do_nothing(), rows[start:start + 5000])
