"""``evidence PROVIDER``: a provider's evidence pack (.xlsx), to a BSCP admin by direct message.

Rules:
- only a BSCP admin may ask; anyone else is told who can, and nothing is built;
- the provider is picked as every sub-command picks a name (bot.listeners.commands.picking:
  exact, else but for case and spacing; several alike → the short list; none → "did you
  mean");
- the workbook is built, then uploaded to the asker's DM with the app (bot.evidence_upload),
  and the reply says so, or that it could not be sent.
"""

from __future__ import annotations

from bot.evidence_upload import evidence_workbook, send_evidence_pack
from bot.listeners.commands.forms import refuse
from bot.listeners.commands.picking import pick
from bot.listeners.commands.request import CommandRequest
from models.core import Provider
from models.lookup import PROVIDER
from models.roles import WHO_MAY_ASK_EVIDENCE, is_admin


def handle_evidence(request: CommandRequest) -> None:
    with request.runtime.session() as session:
        if not is_admin(session, request.user):
            refuse(request, who=WHO_MAY_ASK_EVIDENCE, what="ask for an evidence pack")
            return
        found = pick(session, request, kinds=(PROVIDER,))
        if found is None:
            return
        provider = session.get_one(Provider, found.id)
        content = evidence_workbook(session, provider=provider, today=request.today,
                                    zone=request.runtime.settings.zone)
    request.reply_text(send_evidence_pack(request.client, user=request.user, provider=provider,
                                          content=content, today=request.today))
