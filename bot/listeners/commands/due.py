"""``due [DAYS]``: what is due for the person asking in the next DAYS (default 7) — their
contracts' meetings, thematic checks and DBS re-checks (counts), their providers'
self-assessments; an admin sees the partnership's (models.due). Read-only, ephemeral."""

from __future__ import annotations

from bot.builders.common import code
from bot.builders.due import build_due_reply
from bot.listeners.commands.request import CommandRequest
from models.due import DEFAULT_DAYS, MAX_DAYS, due_for


def parse_days(text: str) -> int | None:
    """``""`` → the default; a whole number from 0 to MAX_DAYS; anything else None."""
    cleaned = text.strip().lower().removesuffix("days").removesuffix("day").strip()
    if not cleaned:
        return DEFAULT_DAYS
    if cleaned.isdigit() and int(cleaned) <= MAX_DAYS:
        return int(cleaned)
    return None


def handle_due(request: CommandRequest) -> None:
    days = parse_days(request.arg)
    if days is None:
        request.reply_text(f"{code(request.arg[:40])} is not a number of days: DAYS is a whole "
                           f"number from 0 to {MAX_DAYS}, like "
                           f"{code(f'{request.command} due 14')} (default {DEFAULT_DAYS}).")
        return
    with request.runtime.session() as session:
        found = due_for(session, user=request.user, today=request.today, days=days)
    message = build_due_reply(found, today=request.today, days=days, command=request.command)
    request.reply(message.blocks, text=message.text)
