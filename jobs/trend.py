"""The weekly summary's trend chart: read the stored snapshots, and the one upload per week.

Rules:
- The chart covers the 12 weeks (Monday to Sunday) ending with ``today``'s week; each week
  shows its latest snapshot (``status_snapshots``), and this week shows today's colours as
  computed by the run (a dry run stores no snapshot, and shows the same chart). A week with
  no snapshot is a gap.
- It is uploaded to the BSCP channel once per week (ledger: kind "summary-chart", subject
  "week:<Monday>"), however often the summary runs that week; a dry run writes the PNG to a
  file and prints its path (jobs.delivery.show).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlmodel import Session, col

from bot.builders.common import FileUpload, Message
from bot.builders.trend_chart import WeekCounts, chart_title, render_trend_chart
from jobs.delivery import Outgoing
from models.ops import StatusSnapshot
from models.words import day

KIND = "summary-chart"
WEEKS = 12

Colours = Mapping[tuple[int, int], str]  # (contract id, standard) → rag


class ChartItem(NamedTuple):
    subject: str
    threshold: str


def week_start(day_in_week: date) -> date:
    """The Monday of ``day_in_week``'s week."""
    return day_in_week - timedelta(days=day_in_week.weekday())


def weekly_counts(session: Session, *, today: date, current: Colours | None = None,
                  weeks: int = WEEKS) -> list[WeekCounts]:
    """The chart's weeks, oldest first: per week its latest snapshot's counts per standard
    and colour; ``current`` (today's colours) stands for this week when given."""
    mondays = [week_start(today) - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    latest: dict[date, date] = {}
    taken = col(StatusSnapshot.taken_on)
    for monday in mondays[:-1] if current is not None else mondays:
        taken_on = session.scalar(select(func.max(taken)).where(
            taken >= monday, taken <= min(monday + timedelta(days=6), today)))
        if taken_on is not None:
            latest[monday] = taken_on
    counts: dict[date, dict[int, dict[str, int]]] = {}
    for taken_on in latest.values():  # a query a day: an index range each, no sort
        standard_of, rag_of = col(StatusSnapshot.standard), col(StatusSnapshot.rag)
        for standard, rag, n in session.execute(
                select(standard_of, rag_of, func.count()).where(taken == taken_on)
                .group_by(standard_of, rag_of)):
            counts.setdefault(taken_on, {}).setdefault(standard, {})[rag] = n
    found = [WeekCounts(m, latest.get(m), counts.get(latest[m], {}) if m in latest else {})
             for m in mondays]
    if current is not None:
        found[-1] = WeekCounts(mondays[-1], today, count_colours(current))
    return found


def count_colours(colours: Colours) -> dict[int, dict[str, int]]:
    """Per standard, contracts per colour."""
    tally = Counter((number, rag) for (_cid, number), rag in colours.items())
    found: dict[int, dict[str, int]] = {}
    for (number, rag), n in tally.items():
        found.setdefault(number, {})[rag] = n
    return found


def chart_message(weeks: Sequence[WeekCounts], *, today: date) -> Message:
    """The upload: the chart, with a comment saying what it shows."""
    title = chart_title(weeks)
    comment = (f"Trend of the six standards over the last {len(weeks)} weeks, to "
               f"{day(today)}: live contracts red, amber and green per standard, week by week.")
    upload = FileUpload(render_trend_chart(weeks), f"bscp-trend-chart-{today.isoformat()}.png",
                        title, alt_text=f"{title}. Bar charts, one per standard.")
    return Message(comment, [], upload)


def chart_outgoing(weeks: Sequence[WeekCounts], *, today: date, channel: str) -> Outgoing:
    """The week's chart for the BSCP channel, once per week (drawn only when it is sent)."""
    item = ChartItem(f"week:{week_start(today).isoformat()}", "weekly")

    def build(_items: Sequence[Any]) -> Message:
        return chart_message(weeks, today=today)

    return Outgoing(KIND, channel, channel, [item], build,
                    f"BSCP channel {channel} (trend chart)")
