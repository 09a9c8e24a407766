"""The briefing cascade: ``safecomm run briefings`` (and the worker, on working days).

Rules (standard 3; see models.briefings):
- each published briefing's delivery is posted once to its provider's channel with an
  "Acknowledge" button; the message's channel and ts are kept so an acknowledgement can
  update it in place (ledger subject ``delivery:<id>``, threshold ``post``);
- a provider with no channel is reported to the BSCP channel instead, once;
- still unacknowledged 5 working days after delivery → one chaser to the provider's
  safeguarding lead (threshold ``chase``); after 10 working days → listed in the BSCP channel
  (threshold ``escalate``), in one message per run;
- 10 working days after a briefing's first delivery, its cascade report (delivered,
  acknowledged, outstanding) goes to the BSCP channel once (subject ``briefing:<id>``);
- nothing is posted on a day that is not a working day (the worker and ``safecomm run`` do
  not run posting jobs on those days).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import partial
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from bot.builders import briefing as builders
from bot.builders.common import Message
from jobs.context import JobContext, RunSummary
from jobs.delivery import Outgoing, dispatch
from jobs.notices import not_sent_to_bscp
from jobs.recipients import Resolver
from models.activity import Briefing, BriefingDelivery
from models.base import get_stored, id_of
from models.briefings import chase_dates
from models.core import Provider
from models.words import plural
from models.working_days import is_working_day

KIND = "briefing"


class Row(NamedTuple):
    delivery: BriefingDelivery
    briefing: Briefing
    provider: Provider


class Item(NamedTuple):
    subject: str
    threshold: str
    row: Row


class ReportItem(NamedTuple):
    subject: str
    threshold: str
    rows: list[Row]


def run_once(ctx: JobContext) -> RunSummary:
    """Post new briefings, chase and escalate unacknowledged ones, report cascades."""
    with Session(ctx.engine) as session:
        rows = [Row(*r) for r in session.execute(
            select(BriefingDelivery, Briefing, Provider)
            .join(Briefing, col(Briefing.id) == col(BriefingDelivery.briefing_id))
            .join(Provider, col(Provider.id) == col(BriefingDelivery.provider_id))
            .order_by(col(Briefing.id), col(Provider.name)))]
    zone = ctx.settings.zone
    outgoing = plan_posts(ctx, [r for r in rows if r.delivery.delivered_at is None])
    outgoing += plan_chasers(ctx, rows, zone)
    outgoing += plan_reports(ctx, rows, zone)
    return dispatch(ctx, outgoing)


def delivered_on(row: Row, zone: ZoneInfo) -> date:
    """The local day a delivered briefing was posted."""
    at = row.delivery.delivered_at
    if at is None:
        raise ValueError(f"briefing delivery {row.delivery.id} is not delivered yet")
    return at.astimezone(zone).date()


def plan_posts(ctx: JobContext, rows: Sequence[Row]) -> list[Outgoing]:
    outgoing: list[Outgoing] = []
    bscp = ctx.settings.bscp_channel
    for row in rows:
        item = Item(f"delivery:{row.delivery.id}", "post", row)
        channel = row.provider.slack_channel
        if channel:
            outgoing.append(Outgoing(KIND, channel, channel, [item], _briefing,
                                     f"channel {channel} ({row.provider.name})",
                                     on_posted=partial(_mark_delivered, id_of(row.delivery),
                                                       channel)))
        elif bscp:
            outgoing.append(Outgoing(KIND, bscp, bscp, [item], _no_channel,
                                     f"BSCP channel {bscp} (no channel for "
                                     f"{row.provider.name})",
                                     "undeliverable: provider has no Slack channel"))
        else:
            not_sent_to_bscp(ctx.echo, f"briefing {row.briefing.title!r} could not be posted "
                             f"to {row.provider.name} (no Slack channel recorded)")
    return outgoing


def plan_chasers(ctx: JobContext, rows: Sequence[Row], zone: ZoneInfo) -> list[Outgoing]:
    """Chasers to leads at 5 working days; one BSCP listing of those at 10."""
    waiting = [r for r in rows if r.delivery.delivered_at and not r.delivery.acknowledged_at]
    chase: list[Item] = []
    escalate: list[Item] = []
    for row in waiting:
        chase_on, escalate_on = chase_dates(delivered_on(row, zone), is_working_day)
        if ctx.today >= escalate_on:
            escalate.append(Item(f"delivery:{row.delivery.id}", "escalate", row))
        elif ctx.today >= chase_on:
            chase.append(Item(f"delivery:{row.delivery.id}", "chase", row))
    resolver = Resolver(ctx)
    resolver.prepare({i.row.provider.safeguarding_lead for i in chase})
    outgoing: list[Outgoing] = []
    for item in chase:
        lead = resolver.get(item.row.provider.safeguarding_lead)
        if lead.user_id:
            outgoing.append(Outgoing(KIND, lead.ledger_id, lead.user_id, [item],
                                     partial(_chaser, zone=zone),
                                     f"DM to {lead.label} (lead of {item.row.provider.name})"))
        else:  # no lead to chase: the BSCP listing at 10 working days still catches it
            ctx.echo(f"not chased: {item.row.provider.name}: {lead.problem or 'lead not found'}")
    bscp = ctx.settings.bscp_channel
    if escalate and bscp:
        outgoing.append(Outgoing(KIND, bscp, bscp, escalate, partial(_escalation, zone=zone),
                                 f"BSCP channel {bscp} (acknowledgements outstanding)"))
    elif escalate:
        not_sent_to_bscp(ctx.echo, plural(len(escalate), "briefing acknowledgement") +
                         " outstanding after 10 working days")
    return outgoing


def plan_reports(ctx: JobContext, rows: Sequence[Row], zone: ZoneInfo) -> list[Outgoing]:
    """Each briefing's cascade report, once, after its chasing deadline."""
    bscp = ctx.settings.bscp_channel
    by_briefing: dict[int, list[Row]] = {}
    for row in rows:
        by_briefing.setdefault(id_of(row.briefing), []).append(row)
    outgoing: list[Outgoing] = []
    for briefing_id, group in by_briefing.items():
        first = min((delivered_on(r, zone) for r in group if r.delivery.delivered_at),
                    default=None)
        if first and ctx.today >= chase_dates(first, is_working_day)[1]:
            item = ReportItem(f"briefing:{briefing_id}", "report", group)
            if not bscp:
                not_sent_to_bscp(ctx.echo, f"the cascade report of {group[0].briefing.title!r}")
                continue
            outgoing.append(Outgoing(KIND, bscp, bscp, [item], _report,
                                     f"BSCP channel {bscp} (cascade report)"))
    return outgoing


def view_of(row: Row) -> builders.BriefingView:
    b, d = row.briefing, row.delivery
    return builders.BriefingView(id_of(d), b.title, b.summary, b.url, b.kind, row.provider.name,
                                 d.acknowledged_by, d.acknowledged_at)


def _briefing(items: Sequence[Item]) -> Message:
    return builders.build_briefing_message(view_of(items[0].row))


def _no_channel(items: Sequence[Item]) -> Message:
    row = items[0].row
    return builders.build_undeliverable_briefing(title=row.briefing.title,
                                                 provider_name=row.provider.name)


def _chaser(items: Sequence[Item], *, zone: ZoneInfo) -> Message:
    row = items[0].row
    return builders.build_chaser_message(title=row.briefing.title,
                                         provider_name=row.provider.name,
                                         delivered_on=delivered_on(row, zone),
                                         channel=row.delivery.channel)


def _escalation(items: Sequence[Item], *, zone: ZoneInfo) -> Message:
    return builders.build_escalation_message([builders.Outstanding(
        i.row.briefing.title, i.row.provider.name, delivered_on(i.row, zone)) for i in items])


def _report(items: Sequence[ReportItem]) -> Message:
    group = items[0].rows
    delivered = [r for r in group if r.delivery.delivered_at]
    acknowledged = [r for r in delivered if r.delivery.acknowledged_at]
    return builders.build_cascade_report(
        title=group[0].briefing.title, delivered=len(delivered), acknowledged=len(acknowledged),
        outstanding=[r.provider.name for r in delivered if not r.delivery.acknowledged_at])


def _mark_delivered(delivery_id: int, channel: str, session: Session, ts: str | None,
                    now: datetime) -> None:
    """After the post: the delivery records where and when, for chat.update on acknowledge."""
    delivery = get_stored(session, BriefingDelivery, delivery_id)
    delivery.channel, delivery.message_ts, delivery.delivered_at = channel, ts, now
