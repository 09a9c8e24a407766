"""The reply to ``help`` (and to an empty or unknown sub-command).

Each sub-command comes with an example; with a register to draw on, the examples name a real
provider and contract (models.lookup.examples), so they can be tried as they stand; on an empty
register, invented ones (:data:`INVENTED`).
"""

from __future__ import annotations

from bot.builders.common import code, context, escape, header, section
from models.lookup import Examples

INVENTED = Examples(provider="Harbour Lane Fostering", contract="HLF-104")
SUBCOMMANDS = (  # usage, what it does, example ({provider} and {contract} filled in)
    ("status NAME", "a provider's or a contract's six standards, red/amber/green, counts only",
     "status {provider}"),
    ("ready REFERENCE", "a tender's (or any contract's) readiness to engage: ready, or "
     "each unmet item, counts only", "ready {contract}"),
    ("dbs NAME", "staff DBS re-checks due or overdue, certificate numbers masked — for an "
     "admin, the contract's manager, or the provider's safeguarding lead and team",
     "dbs {contract}"),
    ("due [DAYS]", "what is due for you in the next DAYS (default 7): your contracts' "
     "meetings, thematic checks and DBS re-checks (counts), your providers' self-assessments; "
     "an admin sees the partnership's", "due 14"),
    ("meeting REFERENCE", "record a contract monitoring meeting (opens a form) — for an "
     "admin, a commissioner or the contract's manager", "meeting {contract}"),
    ("check REFERENCE", "record a thematic check: theme, date, outcome, findings — for an "
     "admin, a commissioner or the contract's manager", "check {contract}"),
    ("assessment NAME", "record a provider's self-assessment and safeguarding statement — "
     "for an admin, a commissioner, or the provider's lead and team",
     "assessment {provider}"),
    ("briefing", "(BSCP admins) publish a briefing to every provider, a risk level or named "
     "providers (opens a form)", "briefing"),
    ("evidence PROVIDER", "(BSCP admins) a provider's evidence pack for an inspection or a "
     "board: an .xlsx workbook, sent to you by direct message",
     "evidence {provider}"),
    ("help", "this list", "help"),
)


def help_text(command: str) -> str:
    """The plain-text fallback of the help message."""
    shown = escape(command)
    return f"{shown} help: " + "; ".join(f"{shown} {usage}" for usage, _, _ in SUBCOMMANDS)


def build_help_blocks(command: str, *, unknown: str | None = None,
                      examples: Examples = INVENTED) -> list[dict]:
    """What each sub-command does, with an example drawn from ``examples`` (a name missing
    there is an invented one); ``unknown`` names what was not understood."""
    names = {"provider": examples.provider or INVENTED.provider,
             "contract": examples.contract or INVENTED.contract}
    blocks = [header("Safe commissioning: what I can do")]
    if unknown:
        blocks.append(section(f"Sorry, I don't know {code(unknown[:40])}. Here is what I can "
                              "do:"))
    lines = [f"*{code(f'{command} {usage}')}* — {what}\n_e.g._ "
             f"{code(command + ' ' + example.format(**names))}"
             for usage, what, example in SUBCOMMANDS]
    blocks.append(section("\n\n".join(lines)))
    blocks.append(context("Give a provider's full name or a contract's reference (any case "
                          "and spacing); otherwise I suggest the nearest. Replies are visible "
                          "only to you. Status shows counts, never personal data."))
    return blocks
