"""Modal submissions (``view_submission``), one callback ID per form.

Order: read and check the form (invalid → ``ack(response_action="errors")``, nothing saved);
save it with its audit entry in one transaction (a gone subject or a person not entitled →
errors on the form, nothing saved); ``ack()`` to close the form; then post the confirmation
and any report.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.builders import briefing_modal as bm
from bot.builders import modals as m
from bot.builders import renewal as r
from bot.ids import (
    ASSESSMENT_CALLBACK,
    BRIEFING_CALLBACK,
    CHECK_CALLBACK,
    MEETING_CALLBACK,
    RECORD_RENEWAL_CALLBACK,
)
from bot.listeners.views.briefing import parse_briefing, save_briefing
from bot.listeners.views.delivery import deliver
from bot.listeners.views.forms import parse_assessment, parse_check, parse_meeting, parse_renewal
from bot.listeners.views.records import Refused, save_assessment, save_check, save_meeting
from bot.listeners.views.renewal import save_renewal

FORMS = {
    MEETING_CALLBACK: (parse_meeting, save_meeting, m.HELD_ON),
    CHECK_CALLBACK: (parse_check, save_check, m.THEME),
    ASSESSMENT_CALLBACK: (parse_assessment, save_assessment, m.COMPLETED_ON),
    RECORD_RENEWAL_CALLBACK: (parse_renewal, save_renewal, r.CERTIFICATE),
    BRIEFING_CALLBACK: (parse_briefing, save_briefing, bm.TITLE),
}
NOT_SAVED = "Sorry, this could not be saved just now; nothing was changed. Please try again."


def submission_handler(runtime, parse, save, first_block: str):
    def handle_submission(ack, body, view, client, context, logger):
        user = body["user"]["id"]
        form, errors = parse(view, context["today"])
        if errors:
            ack(response_action="errors", errors=errors)
            return
        try:
            with runtime.session() as session:
                messages = save(session, runtime=runtime, entity_id=int(view["private_metadata"]),
                                form=form, user=user, now=datetime.now(UTC))
        except Refused as refusal:
            ack(response_action="errors", errors={refusal.block_id: refusal.message})
            return
        except Exception:
            logger.exception("saving the %s form failed", view.get("callback_id"))
            ack(response_action="errors", errors={first_block: NOT_SAVED})
            return
        ack()
        deliver(client, messages, logger)

    return handle_submission


def register(app, runtime) -> None:
    for callback_id, (parse, save, first_block) in FORMS.items():
        app.view(callback_id)(submission_handler(runtime, parse, save, first_block))
