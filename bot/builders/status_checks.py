"""Block Kit for DBS Update Service status checks (pure functions).

- To a contract manager (DMs): the urgent "new information" alert — name, contract,
  certificate masked to its last 4 digits, and what to do; the "no match" notice — whose
  details to correct, or whom to ask to renew their subscription; the weekly list of people
  who cannot be status-checked, and what is missing.
- To the BSCP channel: how many certificates have new information, per provider (counts only).
Every text a person or a file supplied (names, references, services, providers) is escaped in
the blocks and in the notification ``text``, which never holds a name or a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from bot.builders.common import Message, code, context, day, escape, header, section
from bot.builders.reminders import MAX_BLOCKS, pack_lines
from models.privacy import mask_last4
from models.update_service import DATA_ERROR
from models.words import plural

NEW_INFO_TODO = ("*What to do now:* ask them for a new DBS certificate, and review the risk "
                 "today — whether they should keep working with children until you have seen "
                 "it — following your safeguarding procedures (the LADO where it concerns harm "
                 "to a child). Record the new certificate when it arrives.")
NO_MATCH_TODO = ("*What to do:* check the certificate number, the surname as printed on the "
                 "certificate and the date of birth we hold, and correct them by import; if "
                 "they are right, the person's Update Service subscription may have lapsed — "
                 "ask them to renew it, or for a new certificate.")


class StatusEntry(NamedTuple):
    """One person's status-check result, as a manager is told it."""

    name: str
    last4: str | None
    reference: str
    service: str
    result: str
    checked_on: date


class MissingEntry(NamedTuple):
    name: str
    last4: str | None
    reference: str
    missing: tuple[str, ...]  # "consent", "date of birth", "surname"


def _people(entries: Sequence[StatusEntry], why: dict[str, str] | None = None) -> list[str]:
    lines = []
    for e in sorted(entries, key=lambda e: (e.reference, e.name)):
        service = f" — {escape(e.service)}" if e.service else ""
        reason = f" · {why.get(e.result, '')}" if why else ""
        lines.append(f"• *{escape(e.name)}* · {code(e.reference)}{service} · DBS "
                     f"{mask_last4(e.last4)} · checked {day(e.checked_on)}{reason}")
    return lines


def _refs(entries: Sequence[StatusEntry | MissingEntry]) -> str:
    return ", ".join(escape(r) for r in sorted({e.reference for e in entries}))


def _packed(blocks: list[dict], lines: list[str], tail: list[dict]) -> list[dict]:
    sections, left = pack_lines(lines, max_sections=MAX_BLOCKS - len(blocks) - len(tail) - 1)
    more = [context(f"…and {left} more not shown here.")] if left else []
    return blocks + sections + more + tail


def build_new_info_alert(entries: Sequence[StatusEntry]) -> Message:
    """Urgent, to the contract manager: the DBS has new information on these certificates."""
    count = plural(len(entries), "certificate")
    blocks = [header(":warning: Urgent: new information on a DBS certificate"),
              section(f"The DBS Update Service says there is *new information* on {count} "
                      "of staff in contact with children on your contracts: the certificate "
                      "is no longer current.")]
    tail = [section(NEW_INFO_TODO),
            context("Standard 4 is red for the contract until then. Certificate numbers "
                    "masked · only you were sent this.")]
    text = (f"Urgent: the DBS Update Service has new information on {count} on "
            f"{_refs(entries)}. Ask for a new certificate and review the risk today.")
    return Message(text, _packed(blocks, _people(entries), tail))


def build_no_match_notice(entries: Sequence[StatusEntry]) -> Message:
    """To the contract manager: status checks the DBS could not match (or refused)."""
    why = {DATA_ERROR: "the DBS refused the details as malformed",
           "NO_MATCH_FOUND": "no match, or the subscription has lapsed"}
    count = plural(len(entries), "status check")
    blocks = [header("DBS Update Service: details to check"),
              section(f"{count} on your contracts found no current certificate to match the "
                      "details we hold. Until this is sorted out standard 4 is amber.")]
    tail = [section(NO_MATCH_TODO), context("Certificate numbers masked · only you were "
                                            "sent this.")]
    text = f"DBS Update Service: {count} to look into on {_refs(entries)} (no match)."
    return Message(text, _packed(blocks, _people(entries, why), tail))


def build_cannot_check_list(entries: Sequence[MissingEntry]) -> Message:
    """Weekly, to the contract manager: subscribed people who cannot be status-checked."""
    lines = [f"• *{escape(e.name)}* · {code(e.reference)} · DBS {mask_last4(e.last4)} · "
             f"cannot be status-checked: missing {', '.join(e.missing)}"
             for e in sorted(entries, key=lambda e: (e.reference, e.name))]
    count = plural(len(entries), "person", "people")
    are = "is" if len(entries) == 1 else "are"
    blocks = [header("DBS Update Service: cannot be status-checked"),
              section(f"{count} on your contracts {are} on the DBS Update Service, but the "
                      "certificates cannot be status-checked until the details below are "
                      "recorded (by import: `update_service_consent` — the day they consented "
                      "— `date_of_birth`, `surname`).")]
    tail = [context("Sent weekly while anything is missing · certificate numbers masked.")]
    text = f"DBS Update Service: {count} on {_refs(entries)} cannot be status-checked yet."
    return Message(text, _packed(blocks, lines, tail))


def build_new_info_counts(by_provider: Sequence[tuple[str, int]], *, command: str) -> Message:
    """For the BSCP channel: certificates with new information, per provider (counts only)."""
    rows = sorted(by_provider, key=lambda r: (-r[1], r[0]))
    total = sum(n for _, n in rows)
    lines = [f"• *{escape(name)}*: {n}" for name, n in rows]
    blocks = [header("DBS Update Service: new information"),
              section(f"Status checks found new information on {plural(total, 'certificate')} "
                      f"across {plural(len(rows), 'provider')}; each contract manager has been "
                      f"sent an urgent message. `{command} status NAME` shows one.")]
    return Message(f"DBS Update Service: new information on {plural(total, 'certificate')} "
                   f"across {plural(len(rows), 'provider')}.", _packed(blocks, lines, []))
