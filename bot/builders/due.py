"""The reply to ``due [DAYS]``: what is due for the asker (models.due), overdue first, each
line with the command that records it or lists it; DBS re-checks as counts only.

Within Slack's limits (50 blocks, 3,000 characters a section); past them the reply says how
many more there are and what the asker can run to see them: a shorter window, and for an
admin the export of every contract's standards.
"""

from __future__ import annotations

from datetime import date

from bot.builders.common import (
    MAX_MESSAGE_BLOCKS,
    Message,
    code,
    context,
    day,
    escape,
    header,
    pack_lines,
    plural,
    section,
)
from models.due import ASSESSMENT, CHECK, MEETING, DbsDue, DueDuty, DueList
from models.words import due_words

GROUPS = ((MEETING, "Monitoring meetings"), (CHECK, "Thematic checks"),
          (ASSESSMENT, "Self-assessments and safeguarding statements"))
NOUNS = {MEETING: "monitoring meeting", CHECK: "thematic check", ASSESSMENT: "self-assessment"}


def window(days: int) -> str:
    return "today" if days == 0 else f"in the next {plural(days, 'day')}"


def _duty_line(duty: DueDuty, today: date, command: str) -> str:
    when = due_words(duty.due, today) if duty.due else "none on record"
    if duty.kind == ASSESSMENT:
        return (f"• *{escape(duty.provider)}* — {when} — "
                f"{code(f'{command} assessment {duty.provider}')}")
    service = f" · {escape(duty.service)}" if duty.service else ""
    return (f"• {code(duty.reference)} · {escape(duty.provider)}{service} — {when} — "
            f"{code(f'{command} {duty.kind} {duty.reference}')}")


def _dbs_line(dbs: DbsDue, days: int, command: str) -> str:
    counts = [f"{dbs.overdue} overdue"] if dbs.overdue else []
    counts += [f"{dbs.due_soon} due {window(days)}"] if dbs.due_soon else []
    counts += [f"{dbs.missing} with no DBS record"] if dbs.missing else []
    return (f"• {code(dbs.reference)} · {escape(dbs.provider)} — {', '.join(counts)} — "
            f"{code(f'{command} dbs {dbs.reference}')}")


def _lines(found: DueList, *, today: date, days: int, command: str) -> list[str]:
    lines: list[str] = []
    for kind, title in GROUPS:
        duties = [d for d in found.duties if d.kind == kind]
        if duties:
            lines.append(f"*{title}* ({len(duties)})")
            lines += [_duty_line(d, today, command) for d in duties]
    if found.dbs:
        lines.append(f"*DBS re-checks, counts only* ({plural(len(found.dbs), 'contract')})")
        lines += [_dbs_line(d, days, command) for d in found.dbs]
    return lines


def _rest(left: list[str], *, found: DueList, days: int, command: str) -> dict:
    more = sum(1 for line in left if line.startswith("•"))
    ways = [code(f"{command} due {days // 2}")] if days > 1 else []
    if found.partnership:
        ways.append("`safecomm export status` (every contract's standards and why)")
    how = f" For fewer, ask for a shorter window: {' or '.join(ways)}." if ways else ""
    return context(f"…and {more} more not shown here.{how}")


def due_text(found: DueList, days: int) -> str:
    """The notification text: counts only."""
    parts = [plural(n, NOUNS[kind]) for kind, _ in GROUPS
             if (n := sum(d.kind == kind for d in found.duties))]
    if found.dbs:
        parts.append(f"DBS re-checks on {plural(len(found.dbs), 'contract')}")
    return f"Due {window(days)}: {'; '.join(parts) if parts else 'nothing'}."


def build_due_reply(found: DueList, *, today: date, days: int, command: str) -> Message:
    """What is due for the asker by ``today + days``, overdue first (see the module)."""
    whose = (f"The partnership: {plural(found.contracts, 'live contract')}"
             if found.partnership else f"Yours: {plural(found.contracts, 'live contract')}")
    blocks = [header(f"Due {window(days)}, and overdue"),
              context(f"{whose}, {plural(found.providers, 'provider')} · as of {day(today)} · "
                      "most urgent first · only you can see this")]
    if not found.partnership and not (found.contracts or found.providers):
        blocks.append(section("You manage no contracts and lead no providers here, so nothing "
                              f"is due for you. {code(f'{command} status NAME')} shows any "
                              "provider's or contract's counts."))
        return Message(due_text(found, days), blocks)
    lines = _lines(found, today=today, days=days, command=command)
    if not lines:
        blocks.append(section(f"Nothing overdue and nothing due {window(days)}. "
                              ":white_check_mark:"))
        return Message(due_text(found, days), blocks)
    texts, left = pack_lines(lines, max_sections=MAX_MESSAGE_BLOCKS - len(blocks) - 1)
    blocks += [section(text) for text in texts]
    if left:
        blocks.append(_rest(lines[len(lines) - left:], found=found, days=days,
                            command=command))
    return Message(due_text(found, days), blocks)
