"""Block Kit for DBS re-check reminders (pure functions).

- The contract manager's digest (a DM): staff grouped by contract (each heading names the
  contract, its service and its provider), contracts and people most urgent first (no DBS
  record first of all); each person is one section — name, contract, certificate masked to
  its last 4 digits, when the re-check is or was due; or awaiting a certificate since the
  day applied and when that turns red; or no DBS record — with a "Renewal or leaver" button
  (its value: the staff id) that records a new certificate or that the person left.
  Past 50 blocks the rest are counted per contract, each with the command that lists it when
  one reply holds that contract's list, else how many more and whom to ask
  (bot.builders.dbs_list.contract_pointer).
- The contract channel: counts only, never a name or a number.
- The BSCP channel: overdue counts per provider.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple, Protocol

from bot.builders.common import Message, clip, code, context, day, escape, header, plural
from bot.builders.dbs_list import ASK_ADMIN, REPLY_ROOM, contract_pointer
from bot.builders.reminders import (
    MAX_BLOCKS,
    MAX_TEXT,
    pack_lines,
    section,
    threshold_label,
    when,
)
from bot.builders.renewal import BUTTON_LABEL
from bot.ids import RECORD_RENEWAL_ACTION
from models.dbs_states import DbsState
from models.privacy import mask_last4

# looked up once: each lookup on the enum class goes through its metaclass's hook
AWAITING, NO_RECORD = DbsState.AWAITING, DbsState.NO_RECORD


class DigestPerson(Protocol):
    """Who reached a reminder (jobs.dbs_candidates.DueStaff is one)."""

    @property
    def staff_id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def last4(self) -> str | None: ...
    @property
    def applied_on(self) -> date | None: ...  # awaiting: the day the check was applied for


class DigestContract(Protocol):
    """Their contract (jobs.dbs_candidates.ContractInfo is one)."""

    @property
    def reference(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def provider_name(self) -> str: ...


class DigestItem(Protocol):
    """One person in a digest: :class:`DigestEntry` is one, and so is the reminders job's own
    record of a reminder (a run holds tens of thousands: none is copied into another type)."""

    @property
    def person(self) -> DigestPerson: ...
    @property
    def contract(self) -> DigestContract: ...
    @property
    def due(self) -> date: ...  # the re-check date; awaiting: the day it turns red; else date.min
    @property
    def state(self) -> str: ...  # "" a re-check; AWAITING or NO_RECORD (models.dbs_states)


class DigestEntry(NamedTuple):
    """One person in a digest, made for it: the person and the contract are shared."""

    person: DigestPerson
    contract: DigestContract
    due: date  # the re-check date; awaiting: the day it turns red; no record: date.min
    state: str = ""  # "" a re-check; AWAITING or NO_RECORD (models.dbs_states)


def _by_contract(entries: Iterable[DigestItem]) -> list[list[DigestItem]]:
    """The entries per contract, the contract with the most urgent first; each contract's
    own people are put in order only when shown (:data:`_MOST_URGENT_FIRST`)."""
    groups: dict[str, list[DigestItem]] = defaultdict(list)
    for entry in entries:
        groups[entry.contract.reference].append(entry)
    return sorted(groups.values(), key=_most_urgent_contract)


def _most_urgent_contract(group: list[DigestItem]) -> tuple[date, str]:
    return min(map(_DUE, group)), group[0].contract.reference


_DUE = attrgetter("due")
_MOST_URGENT_FIRST = attrgetter("due", "person.name", "person.staff_id")


def _person(entry: DigestItem, today: date, reference: str) -> dict:
    """One person's section; ``reference``: their contract's, escaped (once per contract)."""
    person, state = entry.person, entry.state
    if state == NO_RECORD:
        text = (f"*{escape(person.name)}* · {reference}\n"
                "*No DBS record*: no certificate number and no check applied for")
    elif state == AWAITING:
        text = (f"*{escape(person.name)}* · {reference} · awaiting a DBS certificate (applied "
                f"{day(person.applied_on)})\nCertificate {when(entry.due, today)}")
    else:
        text = (f"*{escape(person.name)}* · {reference} · DBS {mask_last4(person.last4)}\n"
                f"Re-check {when(entry.due, today)}")
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_TEXT)},
            "accessory": {"type": "button", "text": {"type": "plain_text", "text": BUTTON_LABEL},
                          "action_id": RECORD_RENEWAL_ACTION, "value": str(person.staff_id)}}


class _Tally(NamedTuple):
    overdue: int  # re-checks and awaiting people past their date
    awaiting: int
    no_record: int


def _tally(entries: Iterable[DigestItem], today: date) -> _Tally:
    overdue = awaiting = no_record = 0
    for entry in entries:
        if entry.state == NO_RECORD:
            no_record += 1
            continue
        overdue += entry.due < today
        awaiting += entry.state == AWAITING
    return _Tally(overdue, awaiting, no_record)


def _lifecycle_words(tally: _Tally) -> str:
    """``; 2 awaiting a certificate; 1 with no DBS record`` (nothing when none)."""
    return (f"; {tally.awaiting} awaiting a certificate" if tally.awaiting else "") + \
        (f"; {tally.no_record} with no DBS record" if tally.no_record else "")


def build_dbs_digest(entries: Sequence[DigestItem], *, today: date, command: str) -> Message:
    """A contract manager's digest of the staff who reached a re-check reminder."""
    groups = _by_contract(entries)
    tally = _tally(entries, today)
    late = f", {tally.overdue} of them overdue" if tally.overdue else ""
    summary = (f"{plural(len(entries), 'member')} of staff on {plural(len(groups), 'contract')} "
               f"reached a DBS re-check reminder{late}{_lifecycle_words(tally)}.")
    blocks = [header("DBS re-checks to act on"),
              section(f"{summary} When a new certificate arrives, or someone has left, "
                      f"press *{BUTTON_LABEL}*.")]
    budget = MAX_BLOCKS - len(blocks) - 1  # one kept for "…and more"
    left: list[tuple[DigestItem, int, int]] = []
    for group in groups:
        shown = max(0, min(len(group), budget - 1))  # the contract's heading takes one
        if shown:
            contract = group[0].contract
            blocks.append(context(_heading(contract.reference, contract.service,
                                           contract.provider_name)))
            reference = escape(contract.reference)
            group.sort(key=_MOST_URGENT_FIRST)
            blocks.extend(_person(e, today, reference) for e in group[:shown])
            budget -= shown + 1
        if shown < len(group):
            left.append((group[0], len(group) - shown, len(group)))
    if left:
        blocks.append(_not_shown(left, command))
    return Message(f"DBS re-checks: {summary}", blocks)


def _heading(reference: str, service: str, provider: str) -> str:
    """``*BSC-121* — Mentoring · Harbour Lane Fostering``."""
    if service and provider:  # the usual case, without a list
        return f"*{escape(reference)}* — {escape(service)} · {escape(provider)}"
    parts = [escape(part) for part in (service, provider) if part]
    return f"*{escape(reference)}*" + (f" — {' · '.join(parts)}" if parts else "")


def _not_shown(left: list[tuple[DigestItem, int, int]], command: str) -> dict:
    """One section counting the people past the block limit, per contract, with what the
    reader can run to see them; contracts past the text limit are counted too."""
    lines = [f"*Not shown here: {sum(n for _, n, _ in left)} more*"]
    length = len(lines[0])  # of the lines joined so far
    for index, (entry, n, whole) in enumerate(left):
        line = "• " + contract_pointer(entry.contract.reference, n, whole, command=command,
                                       provider=entry.contract.provider_name)
        if length + len(line) > MAX_TEXT - 200:
            lines.append(f"…and {sum(m for _, m, _ in left[index:])} more on "
                         f"{plural(len(left) - index, 'other contract')}")
            break
        lines.append(line)
        length += 1 + len(line)
    if any(whole > REPLY_ROOM for _, _, whole in left):
        lines.append(f"For a list longer than one reply, {ASK_ADMIN}.")
    return section("\n".join(lines))


class ContractCounts(NamedTuple):
    reference: str
    service: str
    # how many staff were reminded at each threshold: a re-check's threshold,
    # ``awaiting:<threshold>`` for one awaiting a certificate, ``week:N`` for one with no DBS
    # record (:func:`count_key` gives one reminder's key; thresholds that read the same are
    # counted together either way)
    counts: Mapping[str, int]
    provider: str = ""


@lru_cache(maxsize=1024)  # a run has a few hundred thresholds and ~40,000 people
def count_key(threshold: str, state: str) -> str:
    """The key one reminder is counted under in :class:`ContractCounts`: its threshold, or
    ``awaiting:<threshold>`` for one awaiting a certificate (``state``: models.dbs_states);
    every ``overdue:k`` as ``overdue:0`` (they all read "overdue"), every ``week:N`` as
    ``week:0``, so that a contract's counts hold one key per line of text."""
    if threshold.startswith("overdue:"):
        threshold = "overdue:0"
    elif threshold.startswith("week:"):
        threshold = "week:0"
    return f"awaiting:{threshold}" if state == AWAITING else threshold


@lru_cache(maxsize=1024)
def _urgency(threshold: str) -> int:
    """Most urgent first: no DBS record (``week:N``), overdue, then days left; an awaiting
    person (``awaiting:<threshold>``) just after a re-check of the same urgency."""
    if threshold.startswith("week:"):
        return -3
    waiting = threshold.startswith("awaiting:")
    threshold = threshold.removeprefix("awaiting:")
    return 2 * (-1 if threshold.startswith("overdue:") else int(threshold)) + waiting


@lru_cache(maxsize=1024)
def _label(threshold: str) -> str:
    if threshold.startswith("week:"):
        return "with no DBS record"
    if threshold.startswith("awaiting:"):
        late = threshold.startswith("awaiting:overdue:")
        return "awaiting a certificate too long" if late else "awaiting a certificate"
    return threshold_label(threshold)


def _counts_text(counts: Mapping[str, int]) -> str:
    """``1 with no DBS record, 2 overdue, 1 due within 7 days``: most urgent first
    (thresholds of the same urgency share a label: ``overdue:0`` and ``overdue:3``)."""
    if len(counts) == 1:  # the usual case
        [(threshold, n)] = counts.items()
        return f"{n} {_label(threshold)}"
    by_label: dict[str, int] = {}
    for threshold in sorted(counts, key=_urgency):
        label = _label(threshold)
        by_label[label] = by_label.get(label, 0) + counts[threshold]
    return ", ".join([f"{n} {label}" for label, n in by_label.items()])


def build_dbs_channel_counts(contracts: Sequence[ContractCounts]) -> Message:
    """For a contract's channel: how many re-checks reached a reminder, by urgency — counts
    only; the contract manager has the names."""
    contracts = sorted(contracts, key=lambda c: c.reference)
    lines = [f"• {_heading(c.reference, c.service, c.provider)}: {_counts_text(c.counts)}"
             for c in contracts]
    sections, left = pack_lines(lines, max_sections=MAX_BLOCKS - 3)
    total = sum(sum(c.counts.values()) for c in contracts)
    blocks = [header("DBS re-checks coming due"),
              context(f"{plural(total, 'staff re-check', 'staff re-checks')} reached a reminder; "
                      "the contract manager has been sent the details."), *sections]
    if left:
        blocks.append(context(f"…and {plural(left, 'more contract')}."))
    return Message(f"DBS re-checks: {total} reached a reminder on "
                   f"{plural(len(contracts), 'contract')}.", blocks)


class ProviderOverdue(NamedTuple):
    provider: str
    newly: int  # reached overdue since the last report
    still: int  # still overdue (the weekly reminder)
    no_record: int = 0  # with no DBS record (reminded weekly; not in the two above)


def build_dbs_overdue_by_provider(rows: Sequence[ProviderOverdue], *, command: str) -> Message:
    """For the BSCP channel: overdue DBS re-checks per provider (counts only)."""
    rows = sorted(rows, key=lambda r: (-(r.newly + r.still + r.no_record), r.provider))
    lines = [f"• *{escape(r.provider)}*: {r.newly + r.still} overdue"
             f"{f' ({r.newly} newly overdue)' if r.newly else ''}"
             f"{f'; {r.no_record} with no DBS record' if r.no_record else ''}" for r in rows]
    sections, left = pack_lines(lines, max_sections=MAX_BLOCKS - 3)
    total = sum(r.newly + r.still for r in rows)
    missing = sum(r.no_record for r in rows)
    also = f", {missing} with no DBS record" if missing else ""
    blocks = [header("Overdue DBS re-checks by provider"),
              context(f"{plural(total, 'overdue re-check')}{also} reminded today across "
                      f"{plural(len(rows), 'provider')}; "
                      f"{code(command + ' status NAME')} shows one."),
              *sections]
    if left:
        blocks.append(context(f"…and {plural(left, 'more provider')}."))
    return Message(f"Overdue DBS re-checks: {total}{also} across "
                   f"{plural(len(rows), 'provider')}.", blocks)
