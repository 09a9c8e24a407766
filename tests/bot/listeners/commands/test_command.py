"""A sub-command that fails is logged with its traceback and the person is told, never left
without an answer (bot.listeners.commands)."""

from __future__ import annotations

import logging

from slack_bolt import Ack, Respond

from bot.listeners.commands import SORRY, handle_command
from tests.bot.listeners.conftest import client_for, context_for
from tests.bot.slackhttp import command_payload


def test_a_failing_sub_command_is_logged_and_the_person_told(unusable_runtime, slack, caplog):
    command = command_payload("status Invented Harbour Trust", user="U0CMDFAIL",
                              response_url=slack.response_url("fails"),
                              command="/safeguarding", trigger_id="T-fails")
    caplog.set_level(logging.DEBUG)

    handle_command(ack=Ack(), command=command,
                   respond=Respond(response_url=command["response_url"]),
                   client=client_for(unusable_runtime), context=context_for(unusable_runtime),
                   logger=logging.getLogger("tests.command"))

    [reply] = slack.calls_to("response:fails")
    assert reply.params["text"] == SORRY and reply.params["response_type"] == "ephemeral"
    [failure] = [r for r in caplog.records if r.name == "tests.command"]
    assert failure.getMessage() == "the status sub-command failed" and failure.exc_info
    assert "Invented Harbour Trust" not in caplog.text  # what was typed is never logged
