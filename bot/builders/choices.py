"""Replies when a name does not pick out exactly one provider or contract: the short list of
matches to choose from, or "did you mean" with the closest names."""

from __future__ import annotations

from bot.builders.common import code, context, escape, section
from models.lookup import CONTRACT, Candidate, Lookup


def describe(candidate: Candidate) -> str:
    if candidate.kind == CONTRACT:
        of = f" ({escape(candidate.detail)})" if candidate.detail else ""
        return f"{code(candidate.label)} — contract{of}"
    return f"*{escape(candidate.label)}* — provider"


def _usage(command: str, subcommand: str) -> str:
    return code(f"{command} {subcommand} <full name or reference>")


def build_choices_blocks(lookup: Lookup, *, command: str, subcommand: str) -> list[dict]:
    """Several matches: list them (the first few) and say how to pick one."""
    lines = "\n".join(f"• {describe(c)}" for c in lookup.matches)
    more = f"\n…and {lookup.more} more." if lookup.more else ""
    return [
        section(f"Several match “{escape(lookup.text)}”:\n{lines}{more}"),
        context(f"Say which: {_usage(command, subcommand)}"),
    ]


def build_not_found_blocks(lookup: Lookup, *, command: str, subcommand: str,
                           wanted: str = "provider or contract") -> list[dict]:
    """No match: "did you mean" the closest names, if any are close at all."""
    text = f"I can't find a {wanted} called “{escape(lookup.text)}”."
    if lookup.suggestions:
        text += " Did you mean:\n" + "\n".join(f"• {describe(c)}" for c in lookup.suggestions)
    return [section(text), context(f"Try {_usage(command, subcommand)}, or "
                                   f"{code(command + ' help')}.")]


def build_missing_name_blocks(*, command: str, subcommand: str, wanted: str) -> list[dict]:
    return [section(f"Which {wanted}? {_usage(command, subcommand)}")]
