"""A submitted form whose saving fails: the form stays open saying so, the failure is logged
with its traceback, and nothing is posted (bot.listeners.views.submission)."""

from __future__ import annotations

import json
import logging
from datetime import date

from slack_bolt import Ack

from bot import ids
from bot.builders.modals import build_meeting_modal
from bot.listeners.views.submission import NOT_SAVED, handle_form_submission
from models import Contract
from tests.bot.listeners.conftest import TODAY, client_for, context_for
from tests.bot.slackhttp import choice_value, date_value, view_submission


def test_it_keeps_the_form_open_and_posts_nothing_when_saving_fails(unusable_runtime, slack,
                                                                      caplog):
    contract = Contract(id=7, reference="INV-7", provider_id=1, start_date=date(2026, 1, 1))
    view = build_meeting_modal(contract=contract, provider_name="Invented Provider",
                               held_on=TODAY, next_meeting=None)
    body = view_submission(view, {ids.HELD_ON: date_value(TODAY),
                                  ids.DISCUSSED: choice_value("no")}, user="U0SAVEFAIL")
    ack = Ack()

    handle_form_submission(ack=ack, body=body, view=body["view"],
                           client=client_for(unusable_runtime),
                           context=context_for(unusable_runtime),
                           logger=logging.getLogger("tests.submission"))

    assert ack.response is not None and json.loads(ack.response.body) == {
        "response_action": "errors", "errors": {ids.HELD_ON: NOT_SAVED}}
    [failure] = [r for r in caplog.records if r.name == "tests.submission"]
    assert failure.getMessage() == "saving the meeting_modal form failed" and failure.exc_info
    assert slack.calls == []  # neither the confirmation nor the BSCP report
