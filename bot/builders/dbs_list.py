"""The reply to ``dbs NAME``: staff whose DBS re-check is missing, overdue or coming due —
names, certificate numbers masked to the last 4 digits, most urgent first — and the polite
refusal for anyone not entitled to see them.

A list longer than one reply ends with what the asker can run to see the rest
(:func:`rest_of_list`): for an admin, the export; for anyone else, each contract's own
``dbs REFERENCE`` when the list spans several and that one fits in a reply; and for what no
reply holds, how many more and whom to ask (a BSCP admin, who can export it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.builders.common import (
    MAX_MESSAGE_BLOCKS,
    code,
    context,
    day,
    escape,
    header,
    plain,
    plural,
    section,
)
from bot.builders.escape import named_only_by_id
from bot.builders.renewal import BUTTON_LABEL
from bot.ids import RECORD_RENEWAL_ACTION
from models.privacy import mask_last4
from models.update_service import Standing, standing
from models.words import due_words

REPLY_ROOM = MAX_MESSAGE_BLOCKS - 3  # people one reply lists (a header, a context, the rest)
MAX_POINTERS = 20  # contracts named in the rest of a list, at most
ASK_ADMIN = "ask a BSCP admin for the whole list (they can export it)"


@dataclass(frozen=True)
class DbsEntry:
    staff_id: int
    name: str
    role: str
    contract_reference: str
    last4: str | None
    recheck_due: date | None  # None: no certificate or no re-check date recorded
    status_check_result: str | None = None  # the last DBS Update Service status check
    status_checked_at: datetime | None = None
    applied_on: date | None = None  # no certificate yet, a check applied for: awaiting
    awaiting_until: date | None = None  # the awaiting person's last amber day


STATUS_CHECK_PHRASES = {"NEW_INFO": "*new information* — ask for a new certificate",
                        "NO_MATCH_FOUND": "no match — check the details held",
                        "DATA_ERROR": "details refused as malformed — check them",
                        "BLANK_NO_NEW_INFO": "current", "NON_BLANK_NO_NEW_INFO": "current"}


def urgency(entry: DbsEntry) -> tuple:
    """Sort key, most urgent first: new information, no DBS record, awaiting a certificate
    (the longest waiting first), then the earliest re-check date."""
    recorded = entry.recheck_due is not None and entry.last4 is not None
    awaiting = not recorded and entry.last4 is None and entry.applied_on is not None
    return (entry.status_check_result != "NEW_INFO", recorded, awaiting,
            entry.awaiting_until or entry.recheck_due or date.min, entry.name)


def status_check_phrase(entry: DbsEntry, today: date) -> str:
    """`` · Update Service: current (checked 3 Mar 2027)``, or nothing if never checked."""
    if entry.status_check_result is None or entry.status_checked_at is None:
        return ""
    what = STATUS_CHECK_PHRASES.get(entry.status_check_result, "unknown")
    if what == "current" and standing(entry.status_check_result, entry.status_checked_at,
                                      update_service=True, today=today) is not Standing.CURRENT:
        what = "current when last checked, too long ago to count"
    return f" · Update Service: {what} (checked {day(entry.status_checked_at.date())})"


def due_phrase(entry: DbsEntry, today: date) -> str:
    if entry.last4 is None and entry.applied_on is not None and entry.awaiting_until:
        words = (f"awaiting a certificate (applied {day(entry.applied_on)}), "
                 f"{due_words(entry.awaiting_until, today)}")
        return f"*{words}*" if entry.awaiting_until < today else words
    if entry.recheck_due is None or entry.last4 is None:
        return "*no DBS record: no certificate number or re-check date recorded*"
    words = f"re-check {due_words(entry.recheck_due, today)}"
    return f"*{words}*" if entry.recheck_due <= today else words


def entry_block(entry: DbsEntry, today: date) -> dict:
    role = f" · {escape(entry.role)}" if entry.role else ""
    text = (f"*{escape(entry.name)}*{role} · {code(entry.contract_reference)}\n"
            f"{mask_last4(entry.last4)} · {due_phrase(entry, today)}"
            f"{status_check_phrase(entry, today)}")
    button = {"type": "button", "action_id": RECORD_RENEWAL_ACTION, "value": str(entry.staff_id),
              "text": plain(BUTTON_LABEL)}
    return section(text, accessory=button)


def contract_pointer(reference: str, more: int, whole: int, *, command: str,
                     provider: str = "") -> str:
    """``REF (Provider): 3 more — `/safeguarding dbs REF``` when one reply lists the
    contract's ``whole`` list; otherwise that it is longer than one reply holds."""
    label = escape(reference) + (f" ({escape(provider)})" if provider else "")
    if whole <= REPLY_ROOM:
        return f"{label}: {more} more — {code(f'{command} dbs {reference}')}"
    return f"{label}: {more} more — longer than one reply holds ({whole} in all)"


def rest_of_list(*, more: int, left: Mapping[str, int], whole: Mapping[str, int],
                 command: str, admin: bool) -> str:
    """How the asker sees the ``more`` people not shown (see the module): ``left`` and
    ``whole`` count them, and everyone listed, per contract reference."""
    head = f"…and {more} more, most urgent first."
    if admin:
        return f"{head} The whole list: `safecomm export dbs` on the command line (numbers masked)."
    if len(whole) <= 1:
        return (f"{head} That is more than one reply holds: record renewals as certificates "
                f"arrive and the list shrinks, or {ASK_ADMIN}.")
    refs = sorted(left, key=lambda r: (whole[r] > REPLY_ROOM, r))
    shown = [contract_pointer(r, left[r], whole[r], command=command) for r in refs[:MAX_POINTERS]]
    rest = (f"; and {sum(left[r] for r in refs[MAX_POINTERS:])} more on "
            f"{plural(len(refs) - MAX_POINTERS, 'other contract')}") if refs[MAX_POINTERS:] else ""
    too_long = any(whole[r] > REPLY_ROOM for r in refs)
    return (f"{head} One contract at a time: {'; '.join(shown)}{rest}."
            + (f" For a list longer than one reply, {ASK_ADMIN}." if too_long else ""))


def build_dbs_list_blocks(*, title: str, entries: Sequence[DbsEntry], total: int, today: date,
                          window_days: int, command: str = "/safeguarding",
                          per_contract: Mapping[str, int] | None = None,
                          admin: bool = False, leavers: int = 0) -> list[dict]:
    """``entries`` (the first ``total``) as one section each with a "Renewal or leaver" button,
    as many as fit in a message; past that, a count and what the asker can run to see the rest
    (:func:`rest_of_list`; ``per_contract``: everyone listed, per contract reference).
    ``leavers``: how many who left are still held (counted, not listed: never reminded)."""
    blocks = [
        header(f"DBS re-checks — {escape(title)}"),
        context(f"Missing, awaiting, overdue or due within {window_days} days, most urgent "
                f"first · certificate numbers masked · as of {day(today)} · only you can see "
                "this"),
    ]
    if leavers:
        blocks.append(context(f"{plural(leavers, 'person', 'people')} who left "
                              f"{'is' if leavers == 1 else 'are'} no longer listed or reminded; "
                              "their records are erased when the retention period ends."))
    if not entries:
        blocks.append(section(f"Nothing missing, nothing overdue, nothing due within "
                              f"{window_days} days. :white_check_mark:"))
        return blocks
    shown = sorted(entries, key=urgency)[:REPLY_ROOM]
    blocks += [entry_block(e, today) for e in shown]
    if total > len(shown):
        whole = dict(per_contract or Counter(e.contract_reference for e in entries))
        on_screen = Counter(e.contract_reference for e in shown)
        left = {ref: n - on_screen[ref] for ref, n in whole.items() if n > on_screen[ref]}
        blocks.append(context(rest_of_list(more=total - len(shown), left=left, whole=whole,
                                           command=command, admin=admin)))
    return blocks


def build_dbs_refusal_blocks(*, subject: str, manager: str | None = None,
                             lead: str | None = None, several_managers: bool = False) -> list[dict]:
    """Who may see DBS details instead (the need-to-know rule of models.roles), by role; a
    person is mentioned only by Slack ID, never by e-mail."""
    managers = ("the managers of its contracts" if several_managers
                else f"the contract's manager{named_only_by_id(manager)}")
    return [section(
        f"Sorry, DBS details for *{escape(subject)}* are shown only to a BSCP admin, "
        f"{managers}, or the provider's safeguarding lead{named_only_by_id(lead)} and its "
        "team. "
        "Please ask one of them; a BSCP admin can grant access with "
        "`safecomm users grant`."),
        context("Anyone can see the counts with `status NAME`.")]
