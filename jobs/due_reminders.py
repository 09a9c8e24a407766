"""Due reminders: ``safecomm run due-reminders``.

Rules (due dates from models.standards, thresholds from models.thresholds, weekly once late):
- a monitoring meeting (standard 5) due within 14 days or overdue → the contract manager;
- a thematic check (standard 6) due on the provider's risk cadence, within its 30-day warning
  window or overdue → the contract manager;
- a self-assessment (standard 1) due within 30 days or overdue, or never done → the
  provider's safeguarding lead and the BSCP channel;
- the lifecycle's (jobs.lifecycle_reminders): a tender not ready to engage, a missing Child
  Safeguarding Statement; a decommissioning contract's meeting is its exit meeting, due by
  its end date. A tender has no meeting or thematic check reminders (it is not engaged yet).
Each is reminded once per (subject, threshold, recipient): subjects ``meeting:<contract id>:
<due>``, ``thematic:<contract id>:<due>``, ``assessment:<provider id>:<due or none>``. One
digest per recipient per run. Someone not recorded, or not found in Slack, is reported in the
BSCP channel instead (as for DBS reminders).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import partial

from sqlmodel import Session

from bot.builders.common import Message
from bot.builders.reminders import DueItem, build_due_reminders, build_undeliverable, when
from jobs.context import JobContext, RunSummary
from jobs.delivery import Outgoing, dispatch
from jobs.due_items import DueReminder
from jobs.lifecycle_reminders import statement_reminders, tender_reminders, tender_schedule
from jobs.notices import not_sent_to_bscp
from jobs.recipients import Recipient, Resolver
from models import lifecycle, partnership, standards
from models.base import id_of
from models.core import Provider
from models.facts import ProviderFacts
from models.thresholds import Schedule
from models.words import plural

KIND = "due"


def schedules(every: int) -> dict[str, Schedule]:
    return {"meeting": Schedule((standards.MEETING_WARNING_DAYS, 0), every),
            "thematic": Schedule((standards.THEMATIC_WARNING_DAYS, 0), every),
            "assessment": Schedule((standards.SELF_ASSESSMENT_WARNING_DAYS, 0), every),
            "tender": tender_schedule(every)}


def run_once(ctx: JobContext) -> RunSummary:
    """Send (or show) today's meeting, thematic check and self-assessment reminders."""
    with Session(ctx.engine) as session:
        reminders = find_reminders(session, today=ctx.today,
                                   schedule=schedules(ctx.settings.overdue_every_days),
                                   command=ctx.settings.command)
    resolver = Resolver(ctx)
    resolver.prepare({r.owner for r in reminders})
    return dispatch(ctx, plan(ctx, reminders, resolver))


def find_reminders(session: Session, *, today: date, schedule: dict[str, Schedule],
                   command: str) -> list[DueReminder]:
    """Every duty of a live contract or its provider that has reached a threshold today."""
    pairs = partnership.live_contracts(session, today=today)
    facts = partnership.contract_facts(session, [c for c, _ in pairs], today=today)
    found: list[DueReminder] = []
    for contract, provider in pairs:
        f, detail = facts[id_of(contract)], f"{contract.service or 'contract'}, {provider.name}"
        if not lifecycle.is_judged(f, today):
            continue
        due_dates = {"meeting": None if lifecycle.exit_meeting_held(f)
                     else standards.next_meeting_due(f),
                     "thematic": standards.thematic_status(f, provider.risk, today).next_due}
        labels = {"meeting": ("Exit monitoring meeting" if lifecycle.is_decommissioning(f)
                              else "Monitoring meeting", "meeting"),
                  "thematic": ("Thematic check", "check")}
        for kind, due in due_dates.items():
            threshold = schedule[kind].threshold(due, today) if due else None
            if due and threshold is not None:
                what, verb = labels[kind]
                item = DueItem(what, contract.reference, detail, due,
                               f"{command} {verb} {contract.reference}")
                found.append(DueReminder(f"{kind}:{contract.id}:{due.isoformat()}", threshold,
                                         item, contract.contract_manager))
    providers = list({id_of(p): p for _, p in pairs}.values())
    assessed = partnership.assessment_facts(session, providers)
    for provider in providers:
        found.extend(_assessment(provider, assessed[id_of(provider)], today,
                                 schedule["assessment"], command))
    found += tender_reminders(session, pairs=pairs, today=today, schedule=schedule["tender"],
                              command=command)
    return found + statement_reminders(providers, assessed, today=today, command=command)


def _assessment(provider: Provider, pfacts: ProviderFacts, today: date, schedule: Schedule,
                command: str) -> list[DueReminder]:
    """Never done: "missing"; else the threshold its next due date has reached, if any."""
    due = standards.self_assessment_status(pfacts, today).next_due
    threshold: str | None = "missing"
    if pfacts.last_assessment_on is None or due is None:
        due = None
    else:
        threshold = schedule.threshold(due, today)
    if threshold is None:
        return []
    item = DueItem("Self-assessment and safeguarding statement", provider.name,
                   f"{provider.risk} risk provider", due, f"{command} assessment {provider.name}")
    subject = f"assessment:{provider.id}:{due.isoformat() if due else 'none'}"
    return [DueReminder(subject, threshold, item, provider.safeguarding_lead)]


def plan(ctx: JobContext, reminders: Sequence[DueReminder],
         resolver: Resolver) -> list[Outgoing]:
    """One digest per person responsible; self-assessments also to the BSCP channel."""
    by_recipient: dict[str, list[DueReminder]] = defaultdict(list)
    recipients: dict[str, Recipient] = {}
    for reminder in reminders:
        recipient = resolver.get(reminder.owner)
        recipients[recipient.ledger_id] = recipient
        by_recipient[recipient.ledger_id].append(reminder)
    outgoing: list[Outgoing] = []
    bscp = ctx.settings.bscp_channel
    build = partial(_digest, today=ctx.today, command=ctx.settings.command)
    for ledger_id, items in sorted(by_recipient.items()):
        recipient = recipients[ledger_id]
        if recipient.retry_later:
            ctx.echo(f"failed: DM to {recipient.label}: e-mail lookup failed (will be retried)")
            ctx.summary.failed += 1
        elif recipient.deliverable:
            outgoing.append(Outgoing(KIND, ledger_id, recipient.user_id or ledger_id, items,
                                     build, f"DM to {recipient.label}"))
        elif bscp:
            report = partial(_undeliverable, today=ctx.today,
                             problem=recipient.problem or "not deliverable",
                             who="the person responsible" if ledger_id == "nobody" else ledger_id)
            outgoing.append(Outgoing(KIND, ledger_id, bscp, items, report,
                                     f"BSCP channel {bscp} (reminders that could not be "
                                     "delivered)", f"undeliverable: {recipient.problem}; "
                                     "reported to BSCP"))
        else:
            ctx.echo(f"not sent: reminders for {recipient.label}: {recipient.problem}, and "
                     "SAFECOMM_BSCP_CHANNEL is not set to report it")
    assessments = [r for r in reminders if r.subject.startswith("assessment:")]
    if assessments and bscp:
        outgoing.append(Outgoing(KIND, bscp, bscp, assessments, build,
                                 f"BSCP channel {bscp} (self-assessments)"))
    elif assessments:
        not_sent_to_bscp(ctx.echo, plural(len(assessments), "self-assessment reminder"))
    return outgoing


def _digest(items: Sequence[DueReminder], *, today: date, command: str) -> Message:
    return build_due_reminders([r.item for r in items], today=today, command=command)


def _undeliverable(items: Sequence[DueReminder], *, today: date, who: str,
                   problem: str) -> Message:
    lines = [f"{r.item.what} for {r.item.name}: "
             f"{when(r.item.due, today) if r.item.due else 'none on record'}" for r in items]
    return build_undeliverable(what="reminders of duties coming due", who=who, problem=problem,
                               lines=lines)
