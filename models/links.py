"""Which links the bot will post as links.

Rule: an ``http://`` or ``https://`` address with a host, at most 500 characters, and none of
``|``, ``<``, ``>`` or white space (Slack's link syntax ``<url|label>`` would break on them, or
carry a label other than the one the bot wrote).
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL_LENGTH = 500
_FORBIDDEN = frozenset("|<>")


def link_problem(url: str | None) -> str | None:
    """Why ``url`` cannot be posted as a link, or None when it can."""
    if not url:
        return "a link is required"
    if len(url) > MAX_URL_LENGTH:
        return f"a link is at most {MAX_URL_LENGTH} characters"
    if any(ch.isspace() for ch in url):
        return "a link has no spaces"
    if _FORBIDDEN.intersection(url):
        return "a link has no |, < or > in it"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "a link starts with https:// (or http://) and a host"
    return None
