"""Small pieces every builder uses, and Slack's limits.

Limits (Block Kit): a message holds at most 50 blocks, a modal or App Home view at most 100;
a section's text at most 3,000 characters; a header's 150; a plain-text label 2,000.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from bot.builders.escape import code, escape, mention  # noqa: F401 - every builder's
from models.enums import Rag
from models.words import day, plural  # noqa: F401 - one date format, one plural, everywhere

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150


class FileUpload(NamedTuple):
    """A file to send: its bytes, the name it gets in Slack, its title and a text alternative
    for screen readers (images)."""

    content: bytes
    filename: str
    title: str
    alt_text: str = ""


class Message(NamedTuple):
    """What is posted: a plain ``text`` fallback (notifications, screen readers) and blocks;
    or, with ``upload``, a file with ``text`` as its comment (jobs.delivery.post)."""

    text: str
    blocks: list[dict[str, Any]]
    upload: FileUpload | None = None


RAG_EMOJI = {Rag.RED: ":red_circle:", Rag.AMBER: ":large_orange_circle:",
             Rag.GREEN: ":large_green_circle:"}


def rag_emoji(rag: Rag | str) -> str:
    return RAG_EMOJI[Rag(rag)]


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, MAX_HEADER_TEXT),
                                       "emoji": True}}


def section(text: str, **extra) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)},
            **extra}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 3000)}]}


def divider() -> dict:
    return {"type": "divider"}


def plain(text: str, limit: int = 2000) -> dict:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def pack_lines(lines: Iterable[str], *, max_sections: int,
               limit: int = MAX_SECTION_TEXT) -> tuple[list[str], int]:
    """Join ``lines`` into at most ``max_sections`` texts of at most ``limit`` characters each;
    returns the texts and how many lines did not fit."""
    texts: list[str] = []
    current: list[str] = []
    size = 0
    lines = list(lines)
    for index, line in enumerate(lines):
        line = clip(line, limit)
        if current and size + 1 + len(line) > limit:
            texts.append("\n".join(current))
            current, size = [], 0
        if len(texts) == max_sections:
            return texts, len(lines) - index
        current.append(line)
        size += len(line) + (1 if size else 0)
    if current:
        texts.append("\n".join(current))
    return texts, 0
