"""Block Kit builders at their limits, validated through slack_sdk.models."""

from __future__ import annotations

from datetime import date

from bot.builders.choices import build_choices_blocks, build_not_found_blocks
from bot.builders.common import pack_lines
from bot.builders.dbs_list import DbsEntry, build_dbs_list_blocks
from bot.builders.help import build_help_blocks
from bot.builders.home import ContractCard, PartnershipTotals, build_home_view
from bot.builders.modals import build_assessment_modal, build_check_modal, build_meeting_modal
from bot.builders.renewal import build_renewal_modal
from bot.builders.status import (
    build_contract_status_blocks,
    build_provider_status_blocks,
    standard_line,
)
from models import Contract, Provider, Staff
from models.enums import Rag
from models.facts import STANDARD_TITLES, StandardStatus
from models.lookup import CONTRACT, PROVIDER, Candidate, Lookup
from models.thematic import ThematicDue
from tests.bot.blockcheck import assert_valid_blocks, assert_valid_view

TODAY = date(2026, 11, 25)
SIX = [StandardStatus(n, STANDARD_TITLES[n], rag, f"reason {n} " + "x" * 200, date(2027, 1, n))
       for n, rag in zip(range(1, 7), [Rag.RED, Rag.GREEN, Rag.AMBER] * 2, strict=True)]


def contract(n: int) -> Contract:
    return Contract(id=n, reference=f"REF-{n:05d}", provider_id=1, service="Short breaks <b>",
                    start_date=date(2026, 1, 1))


def test_a_provider_with_thousands_of_contracts_fits_in_one_message():
    provider = Provider(id=1, name="Big Provider " + "y" * 300)

    blocks = build_provider_status_blocks(provider=provider, overall=SIX, today=TODAY,
                                          contracts=[(contract(n), SIX) for n in range(3000)])

    assert_valid_blocks(blocks)
    assert len(blocks) <= 50
    assert blocks[-2]["elements"][0]["text"].startswith("…and ")


def test_a_contracts_status_is_valid_and_escapes_what_people_typed():
    blocks = build_contract_status_blocks(contract=contract(1), provider_name="A & <B>",
                                          statuses=SIX, today=TODAY)

    assert_valid_blocks(blocks)
    assert "A &amp; &lt;B&gt;" in blocks[1]["elements"][0]["text"]


def test_a_long_dbs_list_shows_the_most_urgent_and_counts_the_rest():
    entries = [DbsEntry(n, f"Person {n}", "Role", "REF-1", "1234", date(2026, 12, 1 + n % 20))
               for n in range(200)] + [DbsEntry(999, "No Record", "", "REF-1", None, None)]

    blocks = build_dbs_list_blocks(title="REF-1", entries=entries, total=650, today=TODAY,
                                   window_days=90)

    assert_valid_blocks(blocks)
    assert len(blocks) == 50
    assert "No Record" in blocks[2]["text"]["text"]
    tail = blocks[-1]["elements"][0]["text"]
    assert tail == (f"…and {650 - 47} more, most urgent first. That is more than one reply "
                    "holds: record renewals as certificates arrive and the list shrinks, or ask "
                    "a BSCP admin for the whole list (they can export it).")
    assert "/safeguarding dbs REF-1" not in tail  # its own command would cut off again
    admin = build_dbs_list_blocks(title="REF-1", entries=entries, total=650, today=TODAY,
                                  window_days=90, admin=True)
    assert admin[-1]["elements"][0]["text"] == (
        f"…and {650 - 47} more, most urgent first. The whole list: `safecomm export dbs` on "
        "the command line (numbers masked).")


def test_the_rest_of_a_providers_list_points_at_each_contract_that_one_reply_holds():
    entries = [DbsEntry(n, f"Person {n}", "Role", f"REF-{n % 3}", "1234",
                        date(2026, 12, 1 + n % 20)) for n in range(60)]
    per_contract = {"REF-0": 20, "REF-1": 20, "REF-2": 600}

    blocks = build_dbs_list_blocks(title="Oak Care", entries=entries, total=640, today=TODAY,
                                   window_days=90, per_contract=per_contract)

    assert_valid_blocks(blocks)
    tail = blocks[-1]["elements"][0]["text"]
    on_screen = {ref: sum(f"`REF-{ref[-1]}`" in b["text"]["text"] for b in blocks[2:-1])
                 for ref in per_contract}
    assert tail == (
        f"…and {640 - 47} more, most urgent first. One contract at a time: "
        f"REF-0: {20 - on_screen['REF-0']} more — `/safeguarding dbs REF-0`; "
        f"REF-1: {20 - on_screen['REF-1']} more — `/safeguarding dbs REF-1`; "
        f"REF-2: {600 - on_screen['REF-2']} more — longer than one reply holds (600 in all). "
        "For a list longer than one reply, ask a BSCP admin for the whole list (they can "
        "export it).")


def test_an_empty_dbs_list_says_so():
    blocks = build_dbs_list_blocks(title="REF-1", entries=[], total=0, today=TODAY,
                                   window_days=90)

    assert_valid_blocks(blocks)
    assert "Nothing missing" in blocks[-1]["text"]["text"]


def test_help_quotes_an_unknown_subcommand_harmlessly():
    blocks = build_help_blocks("/safeguarding", unknown="<!channel>`x`" * 20)

    assert_valid_blocks(blocks)
    assert "<!channel>" not in str(blocks)


def test_choices_and_did_you_mean_are_valid():
    found = Lookup("harb", matches=(Candidate(PROVIDER, 1, "Harbour Lane"),
                                    Candidate(CONTRACT, 2, "HLF-1", "Harbour Lane")), more=4)

    assert_valid_blocks(build_choices_blocks(found, command="/s", subcommand="status"))
    assert_valid_blocks(build_not_found_blocks(Lookup("x", suggestions=found.matches),
                                               command="/s", subcommand="dbs"))


def test_app_home_stays_within_a_views_limits():
    cards = [ContractCard(f"REF-{n}", "Provider", "Service", SIX) for n in range(300)]
    totals = PartnershipTotals(contracts=300, reddest=cards[:20])
    providers = [(f"Provider {n} " + "z" * 100, SIX) for n in range(5000)]

    view = build_home_view(today=TODAY, command="/safeguarding", cards=cards,
                           providers=providers, partnership=totals)

    assert_valid_view(view)
    assert len(view["blocks"]) <= 100
    assert view["blocks"][-1]["elements"][0]["text"].endswith(
        "more: `/safeguarding status NAME` for any of them.")


def test_every_modal_is_a_valid_view():
    c = contract(7)
    staff = Staff(id=3, contract_id=7, staff_ref="S1", name="Invented Person",
                  contact_level="regulated", dbs_certificate_last4="1234",
                  dbs_recheck_due=date(2026, 12, 1))
    views = [build_meeting_modal(contract=c, provider_name="P", held_on=TODAY,
                                 next_meeting=date(2027, 2, 25)),
             build_meeting_modal(contract=c, provider_name="P", held_on=TODAY,
                                 next_meeting=None),
             build_check_modal(contract=c, provider_name="P", done_on=TODAY,
                               planned_theme="Online safety", due=ThematicDue(TODAY, TODAY, TODAY)),
             build_assessment_modal(provider=Provider(id=1, name="P"), completed_on=TODAY),
             build_renewal_modal(staff=staff, contract_reference="REF-7", issued_on=TODAY)]

    for view in views:
        assert_valid_view(view)


def test_pack_lines_fills_sections_and_counts_what_does_not_fit():
    texts, left = pack_lines(["a" * 999] * 10, max_sections=2, limit=3000)

    assert [len(t) for t in texts] == [2999, 2999]
    assert left == 4


def test_a_status_line_says_was_due_for_a_date_past_and_due_for_one_to_come():
    late = StandardStatus(5, STANDARD_TITLES[5], Rag.RED, "no safeguarding metrics in the "
                          "contract", date(2025, 12, 5))
    soon = StandardStatus(4, STANDARD_TITLES[4], Rag.AMBER, "1 of 3 re-checks due within 30 "
                          "days", date(2026, 12, 5))
    told = StandardStatus(6, STANDARD_TITLES[6], Rag.GREEN, "next thematic check due 5 Dec "
                          "2026 (in 10 days)", date(2026, 12, 5))

    assert standard_line(late, TODAY).endswith(
        "· monitoring meeting was due 5 Dec 2025 (overdue by 355 days)")
    assert standard_line(soon, TODAY).endswith("· earliest re-check due 5 Dec 2026 (in 10 days)")
    assert standard_line(told, TODAY).count("5 Dec 2026") == 1  # said once, by the reason
    assert "next due" not in standard_line(late, TODAY)
