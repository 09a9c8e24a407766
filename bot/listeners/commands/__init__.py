"""The slash command (``SAFECOMM_COMMAND``, default ``/safeguarding``) and its sub-commands.

``ack()`` comes first (an empty acknowledgement: Slack shows nothing), then the sub-command
runs and replies ephemerally through the command's ``response_url``, or opens a modal with
the command's ``trigger_id`` (valid for 3 seconds). An empty or unknown sub-command gets the
help. A failure is logged and the person told, never silently dropped. Only the sub-command's
name and the user are logged, never what was typed after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.listeners.commands import due, evidence, forms, lookups
from bot.listeners.commands.request import CommandRequest
from bot.listeners.context import runtime_of, today_of

log = logging.getLogger(__name__)

SUBCOMMANDS: dict[str, Callable[[CommandRequest], None]] = {
    "help": lookups.handle_help,
    "status": lookups.handle_status,
    "ready": lookups.handle_ready,
    "dbs": lookups.handle_dbs,
    "due": due.handle_due,
    "meeting": forms.open_meeting,
    "check": forms.open_check,
    "assessment": forms.open_assessment,
    "briefing": forms.open_briefing,
    "evidence": evidence.handle_evidence,
}
SORRY = ("Sorry, something went wrong on our side and nothing was changed. Please try again "
         "in a minute.")


def register(app: App, *, command: str) -> None:
    app.command(command)(handle_command)


def parse(text: str | None) -> tuple[str, str]:
    """``"status  Harbour Lane"`` → ``("status", "Harbour Lane")``."""
    parts = (text or "").strip().split(None, 1)
    if not parts:
        return "help", ""
    return parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""


def handle_command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient,
                   context: BoltContext, logger: logging.Logger) -> None:
    ack()
    runtime = runtime_of(context)
    name, arg = parse(command.get("text"))
    command_name = runtime.settings.command
    log.debug("%s %s from %s", command_name, name, command["user_id"])
    request = CommandRequest(runtime=runtime, user=command["user_id"], arg=arg,
                             today=today_of(context), respond=respond, client=client,
                             trigger_id=command.get("trigger_id"), command=command_name,
                             subcommand=name, logger=logger)
    handler = SUBCOMMANDS.get(name)
    if handler is None:
        lookups.handle_help(request, unknown=name)
        return
    try:
        handler(request)
    except Exception:
        logger.exception("the %s sub-command failed", name)
        request.reply_text(SORRY)
