"""The reply to ``help`` (and to an empty or unknown sub-command)."""

from __future__ import annotations

from bot.builders.common import code, context, escape, header, section

SUBCOMMANDS = (
    ("status NAME", "a provider's or a contract's six standards, red/amber/green, counts only",
     "status Harbour Lane"),
    ("ready REFERENCE", "a tender's (or any contract's) readiness to engage: ready, or "
     "each unmet item, counts only", "ready HLF-104"),
    ("dbs NAME", "staff DBS re-checks due or overdue, certificate numbers masked — for an "
     "admin, the contract's manager, or the provider's safeguarding lead and team",
     "dbs HLF-104"),
    ("meeting REFERENCE", "record a contract monitoring meeting (opens a form) — for an "
     "admin, a commissioner or the contract's manager", "meeting HLF-104"),
    ("check REFERENCE", "record a thematic check: theme, date, outcome, findings — for an "
     "admin, a commissioner or the contract's manager", "check HLF-104"),
    ("assessment NAME", "record a provider's self-assessment and safeguarding statement — "
     "for an admin, a commissioner, or the provider's lead and team",
     "assessment Harbour Lane"),
    ("briefing", "(BSCP admins) publish a briefing to every provider, a risk level or named "
     "providers (opens a form)", "briefing"),
    ("help", "this list", "help"),
)


def help_text(command: str) -> str:
    """The plain-text fallback of the help message."""
    shown = escape(command)
    return f"{shown} help: " + "; ".join(f"{shown} {usage}" for usage, _, _ in SUBCOMMANDS)


def build_help_blocks(command: str, *, unknown: str | None = None) -> list[dict]:
    """What each sub-command does, with an example; ``unknown`` names what was not understood."""
    blocks = [header("Safe commissioning: what I can do")]
    if unknown:
        blocks.append(section(f"Sorry, I don't know {code(unknown[:40])}. Here is what I can "
                              "do:"))
    lines = [f"*{code(f'{command} {usage}')}* — {what}\n_e.g._ {code(f'{command} {example}')}"
             for usage, what, example in SUBCOMMANDS]
    blocks.append(section("\n\n".join(lines)))
    blocks.append(context("Give a provider's full name or a contract's reference (any case "
                          "and spacing); otherwise I suggest the nearest. Replies are visible "
                          "only to you. Status shows counts, never personal data."))
    return blocks
