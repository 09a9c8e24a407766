"""The demo's invented history: a weekly snapshot of every live contract's colours for the
eleven weeks before the demo's day, so the weekly summary has a trend chart to draw.

Rules:
- each snapshot is taken on the demo day's weekday, ``k`` weeks earlier;
- it starts from today's colours and makes the past worse: the further back, the more
  contracts were amber or red (a partnership getting better), drawn from a seeded random
  generator so every demo run is the same;
- the week :data:`WORKER_DOWN` weeks back has no snapshot (as when the worker was down), so
  the chart shows what a missing week looks like: a gap, not zeros.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from jobs.summary import Colours, current_colours, store_snapshot

WEEKS_BACK = 11
WORKER_DOWN = 6
WORSE_PER_WEEK = 0.03  # the chance, per week back, that a colour was one step worse


def invent_snapshot_history(engine: Engine, *, today: date) -> int:
    """Store the invented snapshots; returns how many weeks have one."""
    with Session(engine) as session:
        colours, _references = current_colours(session, today=today)
    stored = 0
    for weeks_back in range(1, WEEKS_BACK + 1):
        if weeks_back == WORKER_DOWN:
            continue
        past = worse(colours, rng=random.Random(weeks_back), chance=WORSE_PER_WEEK * weeks_back)
        store_snapshot(engine, today=today - timedelta(weeks=weeks_back), colours=past)
        stored += 1
    return stored


def worse(colours: Colours, *, rng: random.Random, chance: float) -> Colours:
    """``colours`` with each one, at ``chance``, a step worse (green → amber → red)."""
    step = {"green": "amber", "amber": "red", "red": "red"}
    return {key: step[rag] if rng.random() < chance else rag
            for key, rag in sorted(colours.items())}
