"""The messages of a status-check run, planned from what is stored, sent through the ledger.

Rules:
- Each result to alert on is one ledger item per recipient: subject
  ``staff:<id>:<day checked>``, threshold the result. So each result is alerted exactly once,
  whether the run that stored it finished or crashed: every run plans the alerts of every
  stored result, and the ledger lets through only those never sent.
- New information: an urgent DM to the contract manager the same day, and a count per
  provider to the BSCP channel (no names). No match or a data error: a DM to the manager
  naming whose details to check.
- Missing consent, date of birth or surname: one item per contract per week (subject
  ``contract:<id>``, threshold ``week:<Monday>``), so each manager is listed their people at
  most once a week.
- A manager nobody recorded, or whose e-mail no Slack user has: the BSCP channel is told how
  many alerts per contract could not be delivered (no names), under the same ledger rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any, NamedTuple

from bot.builders.common import Message
from bot.builders.reminders import build_undeliverable
from bot.builders.status_checks import (
    MissingEntry,
    StatusEntry,
    build_cannot_check_list,
    build_new_info_alert,
    build_new_info_counts,
    build_no_match_notice,
)
from jobs.context import JobContext
from jobs.dbs_candidates import ContractInfo
from jobs.delivery import Outgoing
from jobs.recipients import Recipient, Resolver, to_manager
from jobs.status_check_store import Flagged, Unchecked
from models.update_service import NEW_INFO
from models.words import plural

KIND = "dbs-status"


class Alert(NamedTuple):
    subject: str
    threshold: str  # the result
    flagged: Flagged

    @property
    def contract(self) -> ContractInfo:
        return self.flagged.contract


class MissingItem(NamedTuple):
    subject: str
    threshold: str  # week:<Monday>
    contract: ContractInfo
    people: tuple[Unchecked, ...]


Item = Alert | MissingItem


def alerts_from(flagged: Sequence[Flagged]) -> list[Alert]:
    return [Alert(f"staff:{f.staff_id}:{f.checked_at.date().isoformat()}", f.result, f)
            for f in flagged]


def missing_items(unchecked: Sequence[Unchecked], today: date) -> list[MissingItem]:
    monday = today - timedelta(days=today.weekday())
    by_contract: dict[int, list[Unchecked]] = defaultdict(list)
    for person in unchecked:
        by_contract[person.contract.id].append(person)
    return [MissingItem(f"contract:{cid}", f"week:{monday.isoformat()}", people[0].contract,
                        tuple(people)) for cid, people in sorted(by_contract.items())]


def plan(ctx: JobContext, alerts: Sequence[Alert], missing: Sequence[MissingItem],
         resolver: Resolver) -> list[Outgoing]:
    """DMs to each manager (urgent first), then the BSCP channel's count."""
    groups: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    recipients: dict[str, Recipient] = {}
    everything: list[Item] = [*alerts, *missing]
    for item in everything:
        recipient = resolver.get(item.contract.manager)
        recipients[recipient.ledger_id] = recipient
        what = "missing" if isinstance(item, MissingItem) else (
            "new_info" if item.threshold == NEW_INFO else "no_match")
        groups[recipient.ledger_id][what].append(item)
    outgoing: list[Outgoing] = []
    for what, build, label in (("new_info", _new_info, "urgent: new information"),
                               ("no_match", _no_match, "details to check"),
                               ("missing", _missing, "cannot be status-checked")):
        for ledger_id, by_what in sorted(groups.items()):
            if by_what.get(what):
                outgoing.extend(_to_manager(ctx, recipients[ledger_id], by_what[what], build,
                                            label))
    new_info = [a for a in alerts if a.threshold == NEW_INFO]
    bscp = ctx.settings.bscp_channel
    if new_info and bscp:
        outgoing.append(Outgoing(KIND, bscp, bscp, new_info,
                                 partial(_counts, command=ctx.settings.command),
                                 f"BSCP channel {bscp} (new information: counts per provider)"))
    return outgoing


def _to_manager(ctx: JobContext, recipient: Recipient, items: list[Item],
                build: Callable[[Sequence[Any]], Message], label: str) -> list[Outgoing]:
    return to_manager(ctx, recipient, kind=KIND, items=items, build=build, label=f": {label}",
                      what="status-check alerts",
                      report=lambda who, problem: partial(_undeliverable, who=who,
                                                          problem=problem, what=label))


def _entry(alert: Alert) -> StatusEntry:
    f = alert.flagged
    return StatusEntry(f.name, f.last4, f.contract.reference, f.contract.service, f.result,
                       f.checked_at.date())


def _new_info(items: Sequence[Alert]) -> Message:
    return build_new_info_alert([_entry(a) for a in items])


def _no_match(items: Sequence[Alert]) -> Message:
    return build_no_match_notice([_entry(a) for a in items])


def _missing(items: Sequence[MissingItem]) -> Message:
    return build_cannot_check_list([MissingEntry(p.name, p.last4, item.contract.reference,
                                                 p.missing)
                                    for item in items for p in item.people])


def _counts(items: Sequence[Alert], *, command: str) -> Message:
    counts = Counter(a.contract.provider_name for a in items)
    return build_new_info_counts(sorted(counts.items()), command=command)


def _undeliverable(items: Sequence[Item], *, who: str, problem: str, what: str) -> Message:
    by_contract = Counter(item.contract.reference for item in items)
    lines = [f"{ref}: {plural(n, 'status-check alert')} ({what})"
             for ref, n in sorted(by_contract.items())]
    return build_undeliverable(what="DBS Update Service alerts", who=who, problem=problem,
                               lines=lines)
