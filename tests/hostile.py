"""Hostile names for escaping tests, and the check that nothing supplied reached Slack raw.

A message passes when, in every string Slack renders (blocks *and* the notification ``text``,
walking the whole JSON), every ``<`` is the start of a mention, channel or link the bot wrote
itself (``allowed``); so no ``<!channel>``, ``<!here>``, ``<@U…>``, ``<#C…>`` or ``<http…>``
that came from a name, a title, a summary or what someone typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

PROVIDER = "Evil <!channel> Care"
CONTRACT = "EVL-<!here>-1"
TITLE = "Brief <!channel> <@U123> <https://evil.example|click>"
SUMMARY = "Read <!everyone> & <#C999|general> now > later"
SERVICE = "Short <@U999> breaks"
PERSON = "Mal <!subteam^S1|@all> Icious"
TYPED = "<!channel> `code` <https://evil.example|x>"
HOSTILE = (PROVIDER, CONTRACT, TITLE, SUMMARY, SERVICE, PERSON, TYPED)

# Values that are not rendered as text: IDs, a form field's own value, a button's value.
NOT_RENDERED = frozenset({"action_id", "block_id", "callback_id", "private_metadata", "value",
                          "initial_value", "initial_date", "type", "url", "channel", "ts",
                          "trigger_id", "view_id", "hash", "user", "response_type",
                          "response_url", "token", "thread_ts", "unfurl_links"})


def rendered_strings(thing: Any, key: str | None = None) -> Iterator[str]:
    """Every string in ``thing`` that Slack would render as text."""
    if isinstance(thing, dict):
        for k, v in thing.items():
            yield from rendered_strings(v, k)
    elif isinstance(thing, list | tuple):
        for item in thing:
            yield from rendered_strings(item, key)
    elif isinstance(thing, str) and key not in NOT_RENDERED:
        yield thing


def raw_leaks(thing: Any, allowed: Iterable[str] = ()) -> list[str]:
    """The rendered strings in which a ``<`` is left once the bot's own tokens are removed."""
    leaks = []
    for text in rendered_strings(thing):
        rest = text
        for token in allowed:
            rest = rest.replace(token, "")
        if "<" in rest:
            leaks.append(text)
    return leaks


def assert_nothing_raw(thing: Any, allowed: Iterable[str] = ()) -> None:
    leaks = raw_leaks(thing, tuple(allowed))
    assert not leaks, "supplied text reached Slack unescaped:\n" + "\n".join(leaks)
