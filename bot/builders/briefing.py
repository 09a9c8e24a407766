"""Block Kit for the briefing cascade (standard 3): the briefing as posted to a provider's
channel with its "Acknowledge" button, the same message once acknowledged, the chaser to the
provider's lead, the BSCP channel's list of overdue acknowledgements, and the cascade report.

Pure functions; provider names and briefing titles are not personal data, so they may go to
channels. Each message keeps Slack's limits (50 blocks, 3,000 characters a section).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.builders.common import (
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_TEXT,
    Message,
    clip,
    day,
    escape,
    pack_lines,
    plural,
    section,
)
from bot.builders.escape import channel_link, link, mention
from bot.ids import ACKNOWLEDGE_BRIEFING_ACTION, ACKNOWLEDGE_BRIEFING_BLOCK

KIND_LABELS = {"practice_review": "Practice-review lesson", "training": "Training",
               "procedure_update": "Procedure update", "newsletter": "Newsletter"}
ACKNOWLEDGE_LABEL = "Acknowledge — cascaded to our staff"


@dataclass(frozen=True)
class BriefingView:
    """What a briefing message shows (built by the job from the rows)."""

    delivery_id: int
    title: str
    summary: str
    url: str
    kind: str
    provider_name: str
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None


def build_briefing_message(view: BriefingView) -> Message:
    """The briefing in a provider's channel: the button, or who acknowledged it and when."""
    kind = KIND_LABELS.get(view.kind, view.kind)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text",
                                    "text": clip(f"BSCP briefing: {escape(view.title)}", 150)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(
            f"{kind} · for *{escape(view.provider_name)}*", MAX_SECTION_TEXT)}]},
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(
            f"{escape(view.summary)}\n{link(view.url, 'Read the full briefing')}",
            MAX_SECTION_TEXT)}},
    ]
    if view.acknowledged_by:
        when = day(view.acknowledged_at.date()) if view.acknowledged_at else "—"
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                       f":white_check_mark: Acknowledged by {mention(view.acknowledged_by)} on "
                       f"{when}: cascaded to our staff"}]})
    else:
        blocks.append({"type": "actions",
                       "block_id": f"{ACKNOWLEDGE_BRIEFING_BLOCK}_{view.delivery_id}",
                       "elements": [{"type": "button", "style": "primary",
                                     "action_id": ACKNOWLEDGE_BRIEFING_ACTION,
                                     "value": str(view.delivery_id),
                                     "text": {"type": "plain_text", "text": ACKNOWLEDGE_LABEL}}]})
    state = "acknowledged" if view.acknowledged_by else "please acknowledge once cascaded"
    return Message(f"BSCP briefing for {escape(view.provider_name)}: {escape(view.title)} "
                   f"({state})", blocks)


def build_chaser_message(*, title: str, provider_name: str, delivered_on: date,
                         channel: str | None) -> Message:
    """To the provider's lead, once, 5 working days after delivery."""
    where = f" in {channel_link(channel)}" if channel else ""
    text = (f"The BSCP briefing *{escape(title)}* was posted{where} on {day(delivered_on)} "
            f"and has not been acknowledged for *{escape(provider_name)}* yet. Please cascade "
            "it to your staff and press *Acknowledge* on the message.")
    return Message(f"Reminder: please acknowledge the BSCP briefing “{escape(title)}”",
                   [{"type": "section", "text": {"type": "mrkdwn", "text": clip(
                       text, MAX_SECTION_TEXT)}}])


@dataclass(frozen=True)
class Outstanding:
    title: str
    provider_name: str
    delivered_on: date


def build_escalation_message(items: Sequence[Outstanding]) -> Message:
    """To the BSCP channel: acknowledgements outstanding after 10 working days."""
    lines = [f"• *{escape(i.provider_name)}*: {escape(i.title)} (posted {day(i.delivered_on)})"
             for i in items]
    return Message(f"{plural(len(items), 'briefing acknowledgement')} outstanding after 10 "
                   "working days",
                   [{"type": "header", "text": {"type": "plain_text",
                                                "text": "Briefings not acknowledged"}},
                    *_line_sections(lines)])


def build_cascade_report(*, title: str, delivered: int, acknowledged: int,
                         outstanding: Sequence[str]) -> Message:
    """To the BSCP channel after the chasing deadline: one briefing's cascade rate."""
    rate = f"{acknowledged}/{delivered}" + (f" ({acknowledged * 100 // delivered}%)"
                                             if delivered else "")
    summary = (f"*{escape(title)}*\nDelivered to {plural(delivered, 'provider')}, "
               "acknowledged by "
               f"{rate}, outstanding {len(outstanding)}.")
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": "Briefing cascade report"}},
              {"type": "section", "text": {"type": "mrkdwn", "text": clip(summary, 3000)}}]
    if outstanding:
        blocks += _line_sections([f"• {escape(name)}" for name in outstanding],
                                 room=MAX_MESSAGE_BLOCKS - len(blocks))
    return Message(f"Cascade report for “{escape(title)}”: acknowledged {rate}", blocks)


def _line_sections(lines: Sequence[str], room: int = MAX_MESSAGE_BLOCKS - 1) -> list[dict]:
    """Lines packed into sections of at most 3,000 characters, at most ``room`` blocks; what
    does not fit is counted in the last block."""
    texts, left = pack_lines(lines, max_sections=room - 1)
    blocks = [section(text) for text in texts]
    if left:
        blocks.append(section(f"…and {left} more; `safecomm export briefings` lists them all"))
    return blocks


def build_undeliverable_briefing(*, title: str, provider_name: str) -> Message:
    """To the BSCP channel: a briefing that could not be posted (no channel recorded)."""
    text = (f"The briefing *{escape(title)}* could not be posted to *{escape(provider_name)}*: "
            "no Slack channel is recorded for the provider. Add `slack_channel` to the "
            "provider (import providers) and it will be posted on the next run.")
    return Message(f"Briefing “{escape(title)}” could not be posted to "
                   f"{escape(provider_name)}",
                   [{"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}])
