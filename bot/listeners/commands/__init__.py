"""The slash command (``SAFECOMM_COMMAND``, default ``/safeguarding``) and its sub-commands.

``ack()`` comes first (an empty acknowledgement: Slack shows nothing), then the sub-command
runs and replies ephemerally through the command's ``response_url``, or opens a modal with
the command's ``trigger_id`` (valid for 3 seconds). An empty or unknown sub-command gets the
help. A failure is logged and the person told, never silently dropped.
"""

from __future__ import annotations

import logging

from bot import evidence_upload
from bot.listeners.commands import forms, lookups
from bot.listeners.commands.request import CommandRequest

log = logging.getLogger(__name__)

SUBCOMMANDS = {
    "help": lookups.handle_help,
    "status": lookups.handle_status,
    "dbs": lookups.handle_dbs,
    "meeting": forms.open_meeting,
    "check": forms.open_check,
    "assessment": forms.open_assessment,
    "briefing": forms.open_briefing,
    "evidence": evidence_upload.handle_evidence,
}


def parse(text: str | None) -> tuple[str, str]:
    """``"status  Harbour Lane"`` → ``("status", "Harbour Lane")``."""
    parts = (text or "").strip().split(None, 1)
    if not parts:
        return "help", ""
    return parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""


def register(app, runtime) -> None:
    command_name = runtime.settings.command

    @app.command(command_name)
    def handle_command(ack, command, respond, client, context, logger):
        ack()
        name, arg = parse(command.get("text"))
        log.debug("%s %s from %s", command_name, name, command["user_id"])  # never the text
        request = CommandRequest(runtime=runtime, user=command["user_id"], arg=arg,
                                 today=context["today"], respond=respond, client=client,
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
            request.reply_text("Sorry, something went wrong on our side and nothing was "
                               "changed. Please try again in a minute.")
