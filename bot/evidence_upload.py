"""The evidence pack, built and sent: to a file (``safecomm export evidence``) or to a BSCP
admin by direct message (``/safeguarding evidence PROVIDER``).

Rules:
- only a BSCP admin may ask for it in Slack; anyone else is told who can, and nothing is
  built;
- the provider is named exactly (any case or spacing: models.evidence.find_provider);
  otherwise one line says so, with the nearest names;
- the workbook is uploaded to the admin's direct message with the app (never a channel),
  with a comment naming the provider and the day; the reply to the command says so;
- a failed upload is logged and the admin told to try again; no name or number is logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlmodel import Session

from bot.builders.common import day, escape
from bot.builders.evidence_workbook import build_evidence_workbook
from bot.uploads import FileUpload, open_direct_message, upload_file
from models.core import Provider
from models.evidence import UnknownProvider, evidence_pack, find_provider
from models.roles import is_admin

if TYPE_CHECKING:  # the listeners import this module
    from bot.listeners.commands.request import CommandRequest

logger = logging.getLogger(__name__)


def evidence_workbook(session: Session, *, provider: Provider, today: date,
                      zone: ZoneInfo) -> bytes:
    """The provider's evidence pack as .xlsx bytes, as of ``today``."""
    return build_evidence_workbook(evidence_pack(session, provider=provider, today=today,
                                                 zone=zone))


def evidence_filename(provider_name: str, today: date) -> str:
    """``evidence-harbour-lane-fostering-2027-03-03.xlsx``."""
    slug = re.sub(r"[^a-z0-9]+", "-", provider_name.casefold()).strip("-") or "provider"
    return f"evidence-{slug[:60]}-{today.isoformat()}.xlsx"


@dataclass(frozen=True)
class EvidenceRequest:
    user: str
    name: str
    today: date
    zone: ZoneInfo
    command: str = "/safeguarding"


def send_evidence_pack(session: Session, client: WebClient, request: EvidenceRequest) -> str:
    """Build the pack and upload it to ``request.user`` by direct message; returns the reply
    to show them (mrkdwn, escaped)."""
    if not is_admin(session, request.user):
        return "Only a BSCP admin can ask for an evidence pack. Please ask one of them."
    if not request.name.strip():
        return f"Which provider? For example: `{request.command} evidence Harbour Lane Fostering`"
    try:
        provider = find_provider(session, request.name)
    except UnknownProvider as error:
        return f"Sorry: {escape(str(error))}"
    content = evidence_workbook(session, provider=provider, today=request.today,
                                zone=request.zone)
    upload = FileUpload(content, evidence_filename(provider.name, request.today),
                        f"Evidence pack: {provider.name}, {day(request.today)}")
    try:
        channel = open_direct_message(client, request.user)
        upload_file(client, channel=channel, upload=upload, comment=(
            f"Safeguarding evidence pack for {escape(provider.name)} as of "
            f"{day(request.today)}: the six standards, the evidence for each, and the audit "
            "trail. It names staff: keep it safe."))
    except (SlackApiError, SlackClientError, OSError):
        logger.exception("uploading the evidence pack for provider %s failed", provider.id)
        return "Sorry, the evidence pack could not be sent just now. Please try again."
    logger.info("evidence pack for provider %s sent to %s", provider.id, request.user)
    return (f"The evidence pack for *{escape(provider.name)}* is in your direct messages "
            f"with me (`{upload.filename}`).")


def handle_evidence(request: CommandRequest) -> None:
    """``/safeguarding evidence PROVIDER``: the pack to the asker's DM, and a reply saying so."""
    with request.runtime.session() as session:
        reply = send_evidence_pack(session, request.client, EvidenceRequest(
            request.user, request.arg, request.today,
            ZoneInfo(request.runtime.settings.timezone), request.command))
    request.reply_text(reply)
