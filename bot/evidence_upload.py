"""The evidence pack, built and sent: to a file (``safecomm export evidence``) or to a BSCP
admin by direct message (``/safeguarding evidence PROVIDER``: bot.listeners.commands.evidence).

Rules:
- the workbook is uploaded to the admin's direct message with the app (never a channel),
  with a comment naming the provider and the day; the reply to the command says so;
- a failed upload is logged and the admin told to try again; no name or number is logged.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlmodel import Session

from bot.builders.common import FileUpload, day, escape
from bot.uploads import open_direct_message, upload_file
from models.core import Provider
from models.evidence import evidence_pack

logger = logging.getLogger(__name__)


def evidence_workbook(session: Session, *, provider: Provider, today: date,
                      zone: ZoneInfo) -> bytes:
    """The provider's evidence pack as .xlsx bytes, as of ``today``."""
    # openpyxl (and numpy behind it) on first use: the app registers this command in every
    # server worker, and few of them are ever asked for a pack
    from bot.builders.evidence_workbook import build_evidence_workbook

    return build_evidence_workbook(evidence_pack(session, provider=provider, today=today,
                                                 zone=zone))


def evidence_filename(provider_name: str, today: date) -> str:
    """``evidence-harbour-lane-fostering-2027-03-03.xlsx``."""
    slug = re.sub(r"[^a-z0-9]+", "-", provider_name.casefold()).strip("-") or "provider"
    return f"evidence-{slug[:60]}-{today.isoformat()}.xlsx"


def send_evidence_pack(client: WebClient, *, user: str, provider: Provider, content: bytes,
                       today: date) -> str:
    """Upload the workbook ``content`` to ``user`` by direct message; returns the reply to
    show them (mrkdwn, escaped)."""
    upload = FileUpload(content, evidence_filename(provider.name, today),
                        f"Evidence pack: {provider.name}, {day(today)}")
    try:
        channel = open_direct_message(client, user)
        upload_file(client, channel=channel, upload=upload, comment=(
            f"Safeguarding evidence pack for {escape(provider.name)} as of {day(today)}: the "
            "six standards, the evidence for each, and the audit trail. It names staff: keep "
            "it safe."))
    except (SlackApiError, SlackClientError, OSError):
        logger.exception("uploading the evidence pack for provider %s failed", provider.id)
        return "Sorry, the evidence pack could not be sent just now. Please try again."
    logger.info("evidence pack for provider %s sent to %s", provider.id, user)
    return (f"The evidence pack for *{escape(provider.name)}* is in your direct messages "
            f"with me (`{escape(upload.filename)}`).")
