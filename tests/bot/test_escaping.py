"""Every builder, fed hostile names, titles and typed text: nothing supplied reaches Slack raw
(blocks and notification text, the whole JSON walked), and the bot's own mentions, channel
links and briefing link survive."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.builders import briefing as b
from bot.builders import confirmations as say
from bot.builders.briefing_modal import build_briefing_modal
from bot.builders.choices import (
    build_choices_blocks,
    build_missing_name_blocks,
    build_not_found_blocks,
)
from bot.builders.dbs_digest import (
    ContractCounts,
    ProviderOverdue,
    build_dbs_channel_counts,
    build_dbs_digest,
    build_dbs_overdue_by_provider,
)
from bot.builders.dbs_list import DbsEntry, build_dbs_list_blocks, build_dbs_refusal_blocks
from bot.builders.escape import channel_link, code, escape, link, mention
from bot.builders.help import build_help_blocks, help_text
from bot.builders.home import ContractCard, PartnershipTotals, build_home_view
from bot.builders.modals import build_assessment_modal, build_check_modal, build_meeting_modal
from bot.builders.reminders import DueItem, build_due_reminders, build_undeliverable
from bot.builders.renewal import build_renewal_modal
from bot.builders.status import build_contract_status_blocks, build_provider_status_blocks
from bot.builders.summary import StandardLine, build_summary
from bot.render import render_message
from models.core import Contract, Provider, Staff
from models.enums import Rag
from models.facts import StandardStatus
from models.lookup import CONTRACT, PROVIDER, Candidate, Examples, Lookup
from models.thematic import ThematicDue
from tests.bot.blockcheck import assert_valid_blocks, assert_valid_view
from tests.hostile import CONTRACT as REF
from tests.hostile import PERSON, SERVICE, SUMMARY, TITLE, TYPED, assert_nothing_raw, raw_leaks
from tests.hostile import PROVIDER as NAME
from tests.jobs.helpers import digest_entry

TODAY = date(2026, 12, 7)
LEAD, CHANNEL, URL = "U0LEAD01", "C0CHAN01", "https://bscp.example.org/b/1"
BOTS_OWN = (f"<@{LEAD}>", f"<#{CHANNEL}>", f"<{URL}|Read the full briefing>")
COMMAND = "/safeguarding"

provider = Provider(id=7, name=NAME, safeguarding_lead="<!channel>", slack_channel=CHANNEL)
contract = Contract(id=8, reference=REF, provider_id=7, service=SERVICE,
                    start_date=date(2026, 1, 31), contract_manager="<!here>")
staff = Staff(id=9, contract_id=8, staff_ref=PERSON, name=PERSON, role=SERVICE,
              dbs_certificate_last4="1234", dbs_recheck_due=date(2026, 12, 1))
statuses = [StandardStatus(n, f"Standard {n}", Rag.RED, f"{REF}: {TITLE}",
                           date(2026, 12, 1 + n)) for n in range(1, 7)]
candidate = Candidate(CONTRACT, 8, REF, NAME)


def view(acknowledged_by=None, url=URL):
    return b.BriefingView(1, TITLE, SUMMARY, url, "training", NAME, acknowledged_by,
                          datetime(2026, 12, 7, 9, tzinfo=UTC) if acknowledged_by else None)


MESSAGES = {
    "briefing": lambda: b.build_briefing_message(view()),
    "briefing acknowledged": lambda: b.build_briefing_message(view(LEAD)),
    "briefing with a stored bad link": lambda: b.build_briefing_message(
        view(url="https://evil.example|click><!channel>")),
    "chaser": lambda: b.build_chaser_message(title=TITLE, provider_name=NAME,
                                             delivered_on=TODAY, channel=CHANNEL),
    "chaser, channel by name": lambda: b.build_chaser_message(
        title=TITLE, provider_name=NAME, delivered_on=TODAY, channel="<!channel>"),
    "escalation": lambda: b.build_escalation_message([b.Outstanding(TITLE, NAME, TODAY)]),
    "cascade report": lambda: b.build_cascade_report(title=TITLE, delivered=2, acknowledged=1,
                                                     outstanding=[NAME]),
    "undeliverable briefing": lambda: b.build_undeliverable_briefing(title=TITLE,
                                                                     provider_name=NAME),
    "dbs digest": lambda: build_dbs_digest(
        [digest_entry(9, PERSON, "1234", date(2026, 12, 1), REF, SERVICE, NAME)] * 60,
        today=TODAY, command=COMMAND),
    "dbs channel counts": lambda: build_dbs_channel_counts(
        [ContractCounts(REF, SERVICE, {"overdue:0": 1, "30": 1}, NAME)]),
    "dbs overdue by provider": lambda: build_dbs_overdue_by_provider(
        [ProviderOverdue(NAME, 1, 2)], command=COMMAND),
    "due reminders": lambda: build_due_reminders(
        [DueItem("Self-assessment", NAME, SERVICE, date(2026, 12, 1),
                 f"{COMMAND} assessment {NAME}"),
         DueItem("Monitoring meeting", REF, f"{SERVICE}, {NAME}", None,
                 f"{COMMAND} meeting {REF}")], today=TODAY),
    "undeliverable reminders": lambda: build_undeliverable(
        what="DBS re-check reminders", who="<!channel>@example.org", problem=TYPED,
        lines=[f"{REF} ({NAME}): 2 DBS re-checks"]),
    "summary": lambda: build_summary(
        [StandardLine(1, TITLE, {"red": 1}, {"red": 0}, 1, 0, (REF,))], today=TODAY,
        contracts=1, previous=TODAY, command=COMMAND),
}

BLOCKS = {
    "choices": lambda: build_choices_blocks(Lookup(TYPED, matches=(candidate, candidate)),
                                            command=COMMAND, subcommand="status"),
    "not found": lambda: build_not_found_blocks(
        Lookup(TYPED, suggestions=(candidate, Candidate(PROVIDER, 7, NAME))),
        command=COMMAND, subcommand="status"),
    "missing name": lambda: build_missing_name_blocks(command=COMMAND, subcommand="dbs",
                                                      wanted="contract"),
    "meeting confirmation": lambda: say.build_meeting_confirmation(
        reference=REF, held_on=TODAY, discussed=False, next_meeting=TODAY, reported=False),
    "not discussed": lambda: say.build_bscp_not_discussed(
        reference=REF, provider_name=NAME, held_on=TODAY, recorded_by=LEAD),
    "check confirmation": lambda: say.build_check_confirmation(
        reference=REF, theme=TITLE, done_on=TODAY, outcome=Rag.AMBER),
    "assessment confirmation": lambda: say.build_assessment_confirmation(
        provider_name=NAME, completed_on=TODAY, statement_on=None),
    "renewal confirmation": lambda: say.build_renewal_confirmation(
        name=PERSON, reference=REF, last4="1234", issued_on=TODAY, recheck_due=TODAY),
    "dbs list": lambda: build_dbs_list_blocks(
        title=NAME, entries=[DbsEntry(9, PERSON, SERVICE, REF, "1234", date(2026, 12, 1))],
        total=3, today=TODAY, window_days=90),
    "dbs refusal": lambda: build_dbs_refusal_blocks(subject=NAME, manager="<!here>",
                                                    lead=LEAD),
    "help": lambda: build_help_blocks(COMMAND, unknown=TYPED),
    "help from the register": lambda: build_help_blocks(COMMAND, examples=Examples(NAME, REF)),
    "contract status": lambda: build_contract_status_blocks(
        contract=contract, provider_name=NAME, statuses=statuses, today=TODAY),
    "provider status": lambda: build_provider_status_blocks(
        provider=provider, overall=statuses, contracts=[(contract, statuses)], today=TODAY),
}

VIEWS = {
    "meeting form": lambda: build_meeting_modal(contract=contract, provider_name=NAME,
                                                held_on=TODAY, next_meeting=TODAY),
    "check form": lambda: build_check_modal(contract=contract, provider_name=NAME,
                                            done_on=TODAY, planned_theme=TITLE,
                                            due=ThematicDue(TODAY, TODAY, TODAY)),
    "assessment form": lambda: build_assessment_modal(provider=provider, completed_on=TODAY,
                                                      last_completed=TODAY),
    "renewal form": lambda: build_renewal_modal(staff=staff, contract_reference=REF,
                                                issued_on=TODAY),
    "briefing form": build_briefing_modal,
    "home": lambda: build_home_view(
        today=TODAY, command=COMMAND, cards=[ContractCard(REF, NAME, SERVICE, statuses)],
        providers=[(NAME, statuses)],
        partnership=PartnershipTotals(contracts=1, reddest=[ContractCard(REF, NAME, SERVICE,
                                                                         statuses)])),
}


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_a_message_escapes_what_was_supplied_in_blocks_and_text(name):
    message = MESSAGES[name]()

    assert_valid_blocks(message.blocks)
    assert_nothing_raw({"text": message.text, "blocks": message.blocks}, BOTS_OWN)


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_a_reply_escapes_what_was_supplied(name):
    blocks = BLOCKS[name]()

    assert_valid_blocks(blocks)
    assert_nothing_raw({"text": say.blocks_text(blocks), "blocks": blocks}, BOTS_OWN)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_a_form_or_home_escapes_what_was_supplied(name):
    view_json = VIEWS[name]()

    assert_valid_view(view_json)
    assert_nothing_raw(view_json, BOTS_OWN)


def test_the_help_fallback_text_is_escaped():
    assert_nothing_raw({"text": help_text("/safe<!channel>")})


def test_the_bots_own_mentions_channels_and_link_survive():
    message = MESSAGES["briefing acknowledged"]()
    chaser = MESSAGES["chaser"]()

    assert f"<{URL}|Read the full briefing>" in str(message.blocks)
    assert f"<@{LEAD}>" in str(message.blocks) and f"<#{CHANNEL}>" in str(chaser.blocks)


def test_a_stored_link_slack_would_misread_is_shown_as_text_not_as_a_link():
    blocks = MESSAGES["briefing with a stored bad link"]().blocks

    assert "Read the full briefing: https://evil.example|click&gt;&lt;!channel&gt;" in str(blocks)


def test_the_escaping_helpers():
    assert escape("a & <b> c") == "a &amp; &lt;b&gt; c"
    assert code("x`<!here>`y") == "`x'&lt;!here&gt;'y`"
    assert mention("U0LEAD01") == "<@U0LEAD01>"
    assert mention("<!channel>") == "&lt;!channel&gt;"
    assert mention("lead@example.org") == "lead@example.org"
    assert channel_link("C0CHAN01") == "<#C0CHAN01>"
    assert channel_link("#general|x>") == "#general|x&gt;"
    assert link("https://ok.example/a?b=1&c=2", "go") == "<https://ok.example/a?b=1&c=2|go>"
    assert link("https://x.example/a b", "go") == "go: https://x.example/a b"


def test_the_check_itself_catches_a_raw_mention():
    assert raw_leaks({"text": "Hello <!channel>"}) == ["Hello <!channel>"]
    assert raw_leaks({"blocks": [{"type": "section", "text": {"text": "<@U1>"}}]})
    assert not raw_leaks({"blocks": [{"action_id": "<x>", "value": "<y>"}]})


def test_the_console_shows_escaped_text_as_typed():
    shown = render_message(text=MESSAGES["escalation"]().text,
                           blocks=MESSAGES["escalation"]().blocks)

    assert f"{NAME}: {TITLE}" in shown
