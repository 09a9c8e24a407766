"""A submitted form, whichever it is (its callback ID picks the entry in :data:`FORMS`).

Order: read and check the form — every field in one pass: the view's own checks, then those
needing the register (a form's ``check``) — invalid → ``ack(response_action="errors")`` with
every wrong field at once, nothing saved;
save it with its audit entry in one transaction (a gone subject or a person not entitled →
errors on the form, nothing saved; a failure → logged, "not saved" on its first field); then
``ack()`` to close the form; then post the confirmation and any report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from sqlmodel import Session

from bot import ids
from bot.listeners.context import now_of, runtime_of, today_of
from bot.listeners.views.briefing import check_briefing_view, parse_briefing, save_briefing
from bot.listeners.views.forms import parse_assessment, parse_check, parse_meeting, parse_renewal
from bot.listeners.views.notices import Notice, post_notices
from bot.listeners.views.records import Refused, save_assessment, save_check, save_meeting
from bot.listeners.views.renewal import save_renewal


class Form(NamedTuple):
    parse: Callable[[dict[str, Any], date], tuple[Any, dict[str, str]]]
    save: Callable[..., list[Notice]]
    first_block: str  # where "not saved" is shown
    check: Callable[[Session, dict[str, Any]], dict[str, str]] | None = None  # the register's


FORMS = {
    ids.MEETING_CALLBACK: Form(parse_meeting, save_meeting, ids.HELD_ON),
    ids.CHECK_CALLBACK: Form(parse_check, save_check, ids.THEME),
    ids.ASSESSMENT_CALLBACK: Form(parse_assessment, save_assessment, ids.COMPLETED_ON),
    ids.RECORD_RENEWAL_CALLBACK: Form(parse_renewal, save_renewal, ids.CERTIFICATE),
    ids.BRIEFING_CALLBACK: Form(parse_briefing, save_briefing, ids.BRIEFING_TITLE,
                                check_briefing_view),
}
NOT_SAVED = "Sorry, this could not be saved just now; nothing was changed. Please try again."


def handle_form_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any],
                           client: WebClient, context: BoltContext,
                           logger: logging.Logger) -> None:
    form = FORMS[view["callback_id"]]
    user = body["user"]["id"]
    runtime = runtime_of(context)
    values, errors = form.parse(view, today_of(context))
    if form.check is not None:
        with runtime.session() as session:
            errors = {**form.check(session, view), **errors}  # the view's own message first
    if errors:
        ack(response_action="errors", errors=errors)
        return
    try:
        with runtime.session() as session:
            notices = form.save(session, runtime=runtime, entity_id=int(view["private_metadata"]),
                                form=values, user=user, now=now_of(context))
    except Refused as refusal:
        ack(response_action="errors", errors={refusal.block_id: refusal.message})
        return
    except Exception:
        logger.exception("saving the %s form failed", view.get("callback_id"))
        ack(response_action="errors", errors={form.first_block: NOT_SAVED})
        return
    ack()
    post_notices(client, notices, logger)
