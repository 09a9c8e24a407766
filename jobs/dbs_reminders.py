"""The DBS re-check reminders: ``safecomm run dbs-reminders``.

Rules:
- Each member of staff in contact with children, on a live contract (models.live_staff), is
  reminded at the most urgent threshold their re-check date has reached (models.thresholds,
  SAFECOMM_DBS_THRESHOLDS); once per (subject, threshold, recipient), with subject
  ``staff:<id>:<re-check date>`` (a renewal's new date starts afresh). People awaiting a
  certificate and people with no DBS record are reminded too (jobs.dbs_lifecycle); a leaver
  (``left_on`` reached) is not read at all, from that day on.
- One digest per contract manager (a DM: names, masked numbers, a "Renewal or leaver"
  button);
  one counts-only message per contract channel (the contract's, else its provider's); one
  message of overdue (and no-record) counts per provider to the BSCP channel. Each claims,
  per member of staff, its own ledger row (recipient: the manager's user ID, the channel's
  ID).
- A manager nobody recorded, or whose e-mail no Slack user has, is reported in the BSCP
  channel (counts per contract, no names) under the same rows, recorded as failed with a note.
- Which staff are read (full sweep or incremental): jobs.dbs_candidates. A real run that
  finished records itself in the ledger, so the next run can read only what changed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache, partial
from itertools import compress, groupby, starmap
from operator import attrgetter
from typing import NamedTuple, cast

from sqlmodel import Session

from bot.builders.common import Message
from bot.builders.dbs_digest import (
    ContractCounts,
    ProviderOverdue,
    build_dbs_channel_counts,
    build_dbs_digest,
    build_dbs_overdue_by_provider,
    count_key,
)
from bot.builders.reminders import build_undeliverable, plural
from jobs import dbs_candidates as candidates
from jobs.context import JobContext, RunSummary
from jobs.dbs_lifecycle import lacks_certificate, lifecycle_due
from jobs.delivery import Outgoing, dispatch
from jobs.notices import not_sent_to_bscp
from jobs.recipients import Recipient, Resolver, to_manager
from models import ledger
from models.collector import paused_until_built
from models.db import session_scope
from models.dbs_states import DbsState
from models.thresholds import Schedule, is_overdue

KIND = candidates.KIND

# looked up once: each lookup on the enum class goes through its metaclass's hook
NO_RECORD = DbsState.NO_RECORD


class Reminder(NamedTuple):
    """One person's reminder: a ledger item, and an entry of their manager's digest as it is
    (bot.builders.dbs_digest.DigestItem)."""

    subject: str
    threshold: str
    reached_on: date  # the day the threshold was reached
    person: candidates.DueStaff
    contract: candidates.ContractInfo
    state: str = ""  # "" a re-check; else AWAITING or NO_RECORD
    due: date = date.min  # the re-check date, the day an awaiting person turns red; no record: min


def run_once(ctx: JobContext) -> RunSummary:
    """Send (or show) today's DBS reminders; returns posted / already sent / failed."""
    with paused_until_built() as built:  # tens of thousands of rows, no cycles among them
        selection, reminders, runs_until = _select(ctx)
        built()  # from here on the collector runs, leaving them out (models.collector)
        if not ctx.dry_run:
            with session_scope(ctx.engine) as session:  # before any claim (see dispatch)
                ledger.record_run(session, job=candidates.JOB, day=ctx.today,
                                  mode=ledger.STARTED, watermark=selection.watermark,
                                  now=ctx.clock())
        summary = dispatch(ctx, plan(ctx, reminders, Resolver(ctx)), runs_until=runs_until)
    if not ctx.dry_run and not summary.stopped:
        with session_scope(ctx.engine) as session:
            ledger.record_run(session, job=candidates.JOB, day=ctx.today, mode=selection.mode,
                              watermark=selection.watermark, now=ctx.clock())
    return summary


def _select(ctx: JobContext) -> tuple[candidates.Selection, list[list[Reminder]], date]:
    """Today's selection, the reminders it finds, and the latest day a run started for."""
    schedule = ctx.settings.dbs_schedule
    with Session(ctx.engine) as session:
        selection = candidates.choose_selection(session, today=ctx.today, schedule=schedule,
                                                now=ctx.clock(),
                                                awaiting_days=ctx.settings.dbs_awaiting_days)
        reminders = find_reminders(session, selection, schedule)
        return (selection, reminders,
                ledger.latest_run_day(session, job=candidates.JOB) or date.min)


PerContract = dict[int, tuple[candidates.ContractInfo, list[Reminder]]]  # by contract id


def find_reminders(session: Session, selection: candidates.Selection,
                   schedule: Schedule) -> list[list[Reminder]]:
    """The selected staff with the threshold each has reached today (most urgent only), one
    list per contract (every reminder of a contract in one list: the messages count and show
    them per contract); those without a certificate on file as jobs.dbs_lifecycle says.
    The live contracts are read first, so that each part of the staff's rows is worked on as
    it arrives (jobs.dbs_candidates.due_staff_parts)."""
    per_contract: PerContract = {
        info.id: (info, []) for info in candidates.load_live_contracts(session,
                                                                       selection.today).values()}
    add = partial(_add_reminders, per_contract, selection, schedule, {})
    unknown = [row for part in candidates.due_staff_parts(session, selection)
               for row in add(part)]
    if unknown:  # on a contract that became live after the contracts were read
        per_contract.update((info.id, (info, [])) for info in candidates.load_contracts(
            session, {row.contract_id for row in unknown}).values())
        add(unknown)
    return [found for _, found in per_contract.values() if found]


def _add_reminders(per_contract: PerContract, selection: candidates.Selection,
                   schedule: Schedule, by_due: dict[date, tuple[str, date] | None],
                   rows: Iterable[candidates.DueStaff]) -> list[candidates.DueStaff]:
    """Each row's reminder, if it reached one, added to its contract's list; ``by_due``: the
    threshold reached and when, per re-check date (many share one: each worked out once).
    Returns the rows whose contract is not in ``per_contract``."""
    today = selection.today
    unknown: list[candidates.DueStaff] = []
    for row in rows:
        entry = per_contract.get(row.contract_id)
        if entry is None:
            unknown.append(row)
            continue
        contract, found = entry
        if lacks_certificate(row):
            life = lifecycle_due(row, selection, schedule)
            if life:
                found.append(_reminder((life.subject, life.threshold, life.reached_on, row,
                                        contract, life.state, life.due or date.min)))
            continue
        due = cast(date, row.due)  # has a re-check date (lacks_certificate)
        if due not in by_due:
            threshold = schedule.threshold(due, today)
            by_due[due] = (threshold, schedule.reached_on(due, threshold)) \
                if threshold else None
        reached = by_due[due]
        if reached:
            found.append(_reminder((candidates.subject(row.staff_id, due), *reached, row,
                                    contract, "", due)))
    return unknown


# a Reminder without namedtuple's ``__new__`` (a Python call per reminder, of ~40,000)
_reminder = cast(Callable[[Iterable[object]], Reminder], partial(tuple.__new__, Reminder))


def plan(ctx: JobContext, per_contract: Sequence[Sequence[Reminder]],
         resolver: Resolver) -> list[Outgoing]:
    """The run's messages: DMs to managers, then contract channels, then the BSCP channel.
    ``per_contract``: each contract's reminders (:func:`find_reminders`); every message lists
    a contract's together."""
    by_raw: dict[str | None, list[Reminder]] = defaultdict(list)  # the manager as stored
    by_channel: dict[str, list[Reminder]] = defaultdict(list)
    overdue: list[Reminder] = []  # and no DBS record: counted to the BSCP
    for group in per_contract:
        contract = group[0].contract
        by_raw[contract.manager].extend(group)
        if contract.channel:
            by_channel[contract.channel].extend(group)
        overdue.extend(compress(group, starmap(_bscp_slot, map(_THRESHOLD_STATE, group))))
    by_manager: dict[str, list[Reminder]] = defaultdict(list)
    recipients: dict[str, Recipient] = {}
    resolver.prepare(by_raw)  # every stored manager looked up at once
    for raw, mine in by_raw.items():  # each stored manager resolved once
        recipient = resolver.get(raw)
        recipients[recipient.ledger_id] = recipient
        by_manager[recipient.ledger_id].extend(mine)
    outgoing: list[Outgoing] = []
    for ledger_id, items in sorted(by_manager.items()):
        outgoing.extend(_manager_message(ctx, recipients[ledger_id], items))
    for channel, items in sorted(by_channel.items()):
        outgoing.append(Outgoing(KIND, channel, channel, items, _channel_message,
                                 f"channel {channel} (counts only)"))
    bscp = ctx.settings.bscp_channel
    if overdue and bscp:
        build = partial(_bscp_message, command=ctx.settings.command)
        outgoing.append(Outgoing(KIND, bscp, bscp, overdue, build,
                                 f"BSCP channel {bscp} (overdue counts per provider)"))
    elif overdue:
        not_sent_to_bscp(ctx.echo, f"{plural(len(overdue), 'overdue DBS re-check')} (counts "
                         "per provider)")
    return outgoing


def _manager_message(ctx: JobContext, recipient: Recipient,
                     items: list[Reminder]) -> list[Outgoing]:
    return to_manager(ctx, recipient, kind=KIND, items=items, label="",
                      build=partial(build_dbs_digest, today=ctx.today,
                                    command=ctx.settings.command),
                      what="DBS reminders",
                      report=lambda who, problem: partial(_undeliverable, who=who,
                                                          problem=problem))


_CONTRACT = attrgetter("contract")
_PROVIDER = attrgetter("contract.provider_name")
_THRESHOLD_STATE = attrgetter("threshold", "state")


@lru_cache(maxsize=1024)  # a run has a few hundred thresholds and ~40,000 people
def _bscp_slot(threshold: str, state: str) -> int:
    """Where the BSCP channel's counts put one reminder: 1 newly overdue, 2 still overdue,
    3 no DBS record; 0 (false): not there, not being overdue."""
    if state == NO_RECORD:
        return 3
    if is_overdue(threshold):
        return 1 if threshold == "overdue:0" else 2
    return 0


def _channel_message(items: Sequence[Reminder]) -> Message:
    """Counts per contract and threshold as the builder keys them (one awaiting a certificate
    apart from a re-check: bot.builders.dbs_digest.count_key)."""
    per_contract: dict[int, tuple[candidates.ContractInfo, dict[str, int]]] = {}
    for contract, together in groupby(items, _CONTRACT):  # a contract's come together
        if contract.id not in per_contract:
            per_contract[contract.id] = (contract, {})
        counts = per_contract[contract.id][1]
        for r in together:
            key = count_key(r.threshold, r.state)
            counts[key] = counts.get(key, 0) + 1
    return build_dbs_channel_counts([
        ContractCounts(contract.reference, contract.service, counts, contract.provider_name)
        for contract, counts in per_contract.values()])


def _bscp_message(items: Sequence[Reminder], *, command: str) -> Message:
    """Overdue re-checks (and people awaiting a certificate too long) newly or still overdue,
    and people with no DBS record, per provider."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # by _bscp_slot
    slots = starmap(_bscp_slot, map(_THRESHOLD_STATE, items))
    for (provider, slot), n in Counter(zip(map(_PROVIDER, items), slots, strict=True)).items():
        counts[provider][slot] += n
    return build_dbs_overdue_by_provider(
        [ProviderOverdue(name, *numbers[1:]) for name, numbers in counts.items()],
        command=command)


def _undeliverable(items: Sequence[Reminder], *, who: str, problem: str) -> Message:
    by_contract: dict[str, list[Reminder]] = defaultdict(list)
    for r in items:
        by_contract[r.contract.reference].append(r)
    lines = [f"{ref} ({group[0].contract.provider_name}): "
             f"{plural(len(group), 'DBS re-check')} reached a reminder "
             f"({sum(is_overdue(r.threshold) for r in group)} overdue)"
             for ref, group in sorted(by_contract.items())]
    return build_undeliverable(what="DBS re-check reminders", who=who, problem=problem,
                               lines=lines)
