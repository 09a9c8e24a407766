"""Turning what was typed into exactly one provider or contract, or replying why not: the
short list when several match, "did you mean" when none does (rules in models.lookup)."""

from __future__ import annotations

from sqlmodel import Session

from bot.builders.choices import (
    build_choices_blocks,
    build_missing_name_blocks,
    build_not_found_blocks,
)
from bot.builders.common import escape
from bot.listeners.commands.request import CommandRequest
from models.core import Provider
from models.lookup import CONTRACT, KINDS, MAX_CHOICES, PROVIDER, Candidate, Lookup, find
from models.queries import contracts_of

WANTED = {KINDS: "provider or contract", (CONTRACT,): "contract", (PROVIDER,): "provider"}


def pick(session: Session, request: CommandRequest, kinds: tuple[str, ...] = KINDS,
         ) -> Candidate | None:
    """The one provider or contract named, or None after replying with choices or hints."""
    wanted = WANTED[kinds]
    if not request.arg:
        request.reply(build_missing_name_blocks(command=request.command,
                                                subcommand=request.subcommand, wanted=wanted),
                      text=f"Which {wanted}?")
        return None
    lookup = find(session, request.arg, kinds=kinds)
    if lookup.found:
        return lookup.found
    if kinds == (CONTRACT,) and not lookup.matches:
        other = _contracts_of_named_provider(session, request.arg)
        if other and (other.matches or not lookup.suggestions):
            lookup = other
        if lookup.found:
            return lookup.found
    _explain(request, lookup, wanted)
    return None


def _explain(request: CommandRequest, lookup: Lookup, wanted: str) -> None:
    options = {"command": request.command, "subcommand": request.subcommand}
    if lookup.matches:
        request.reply(build_choices_blocks(lookup, **options),
                      text=f"Several match “{escape(lookup.text)}”.")
    else:
        request.reply(build_not_found_blocks(lookup, wanted=wanted, **options),
                      text=f"No {wanted} called “{escape(lookup.text)}”.")


def _contracts_of_named_provider(session: Session, text: str) -> Lookup | None:
    """A provider's name where a contract was wanted: its contracts (just one: found); a near
    miss of a provider's name: "did you mean" that provider."""
    providers = find(session, text, kinds=(PROVIDER,))
    if not providers.found:
        return providers if providers.suggestions else None
    provider = session.get_one(Provider, providers.found.id)
    found = [Candidate(CONTRACT, c.id, c.reference, provider.name)
             for c in contracts_of(session, provider=provider) if c.id is not None]
    return Lookup(text, matches=tuple(found[:MAX_CHOICES]),
                  more=max(len(found) - MAX_CHOICES, 0))
