"""Making text safe where Slack renders it: the one place supplied text is escaped.

Rules, for every text a person or a file supplied (names, references, titles, summaries, what
was typed), in blocks *and* in a message's notification ``text``:
- ``&``, ``<`` and ``>`` become ``&amp;``, ``&lt;`` and ``&gt;``, so nothing supplied can
  mention ``@channel``, ``@here``, ``@everyone`` or a user, name a channel, or carry a link;
- inside inline code the same escaping holds, and a backquote becomes ``'`` so the code span
  cannot be closed early;
- a person is mentioned (``<@U…>``) and a channel linked (``<#C…>``) only when the stored value
  is a well-formed Slack ID; anything else is shown as escaped text;
- a link (``<url|label>``) is written only for an address models.links accepts; otherwise the
  address is shown as escaped text.
"""

from __future__ import annotations

import re

from models.links import link_problem

SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,39}$")
SLACK_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,39}$")


def escape(text: str | None) -> str:
    """Supplied text made safe for mrkdwn and for a message's ``text``."""
    if not text or ("&" not in text and "<" not in text and ">" not in text):
        return text or ""  # the usual case: nothing to replace
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def code(text: str | None) -> str:
    """Supplied text as inline code: ```BSC-101```."""
    return f"`{escape(text).replace('`', chr(39))}`"


def is_user_id(stored: str | None) -> bool:
    return bool(stored and SLACK_USER_ID.match(stored))


def mention(stored: str | None) -> str:
    """A stored person (Slack ID or e-mail) as shown in a message."""
    if not stored:
        return "not recorded"
    return f"<@{stored}>" if is_user_id(stored) else escape(stored)


def named_only_by_id(stored: str | None) -> str:
    """`` (<@U…>)`` for a stored Slack ID, else nothing: a refusal names who can by role, and
    never shows anyone's e-mail address."""
    return f" ({mention(stored)})" if is_user_id(stored) else ""


def channel_link(stored: str | None) -> str:
    """A stored channel: ``<#C…>`` for a channel ID, else its name as text."""
    if stored and SLACK_CHANNEL_ID.match(stored):
        return f"<#{stored}>"
    return "#" + escape((stored or "").lstrip("#"))


def link(url: str | None, label: str) -> str:
    """``<url|label>`` for an acceptable address; else the label and the address as text."""
    if link_problem(url) is None:
        return f"<{url}|{escape(label)}>"
    return f"{escape(label)}: {escape(url)}"
