"""The slash command over signed HTTP: help, status, dbs (and who may see it)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from models import SlackIdentity, UserRole
from models.enums import ContactLevel, Role
from models.roles import grant_role
from tests.bot.blockcheck import assert_no_certificate_number, assert_valid_blocks
from tests.bot.conftest import TODAY
from tests.bot.slackhttp import wait_for
from tests.factories import make_contract, make_provider, make_staff
from tests.hostile import assert_nothing_raw


def ask(server, text: str, user: str) -> dict:
    """Send the command; return the reply posted to its response_url."""
    name = f"{user}-{abs(hash(text)) % 10**8}"
    answer = server.sender.command(text, user=user, response_url=server.slack.response_url(name))
    assert answer.status == 200 and answer.body == ""  # an empty ack: Slack shows nothing
    [reply] = wait_for(lambda: server.slack.calls_to(f"response:{name}"), what="the reply")
    assert reply.params["response_type"] == "ephemeral"
    if "blocks" in reply.params:  # a refusal may be text only
        assert_valid_blocks(reply.params["blocks"])
    assert_no_certificate_number(reply.params)
    return reply.params


def words(reply: dict) -> str:
    return reply["text"] + " " + " ".join(
        str(b.get("text", {}).get("text", "")) + " ".join(e.get("text", "") for e in
                                                          b.get("elements", []))
        for b in reply.get("blocks", []))


def test_it_answers_help_for_help_empty_and_unknown_subcommands(server, user):
    for text in ("help", "", "frobnicate now"):
        reply = ask(server, text, user)
        assert "status NAME" in words(reply)
        assert "dbs NAME" in words(reply)
    assert "frobnicate" in words(ask(server, "frobnicate", user))


def test_the_help_examples_are_a_real_provider_and_contract(server, db, user):
    provider = make_provider(db, name="AAAA Help Example Trust")
    make_contract(db, provider, reference="AHE-1")
    db.commit()

    text = words(ask(server, "help", user))

    assert "_e.g._ `/safeguarding status AAAA Help Example Trust`" in text
    assert "_e.g._ `/safeguarding dbs AHE-1`" in text and "HLF-104" not in text


def test_it_shows_a_contracts_six_standards_as_counts(server, db, user):
    provider = make_provider(db, name="Brightwell Youth Trust Status")
    contract = make_contract(db, provider, reference="BYT-STAT-1")
    make_staff(db, contract, name="Secret Person", dbs_recheck_due=date(2026, 11, 1))
    db.commit()

    reply = ask(server, "status byt-stat-1", user)

    text = words(reply)
    assert "BYT-STAT-1" in text
    assert [f"*{n}." in text for n in range(1, 7)] == [True] * 6
    assert "1 re-check overdue of 1 staff" in text
    assert "was due 1 Nov 2026 (overdue by 24 days)" in text
    assert "Secret Person" not in text


def test_it_shows_a_provider_with_a_line_per_contract(server, db, user):
    provider = make_provider(db, name="Oakmere Family Support Status")
    make_contract(db, provider, reference="OFS-STAT-1")
    make_contract(db, provider, reference="OFS-STAT-2", clause_elements="")
    db.commit()

    reply = ask(server, "status oakmere  family SUPPORT status", user)

    text = words(reply)
    assert "Oakmere Family Support Status — safeguarding status" in text
    assert "`OFS-STAT-1`" in text and "`OFS-STAT-2`" in text
    assert "2 contracts (2 live)" in text


def test_it_never_answers_for_a_close_spelling_or_a_prefix_but_says_did_you_mean(server, db,
                                                                                 user):
    make_provider(db, name="Harbour Lane Fostering Spell")
    make_provider(db, name="Kestrel Sports Academy Spell")
    db.commit()

    for typed, meant in (("Harbor Lane Fostering Spel", "Harbour Lane Fostering Spell"),
                         ("Kestral Sports Academy Spell", "Kestrel Sports Academy Spell"),
                         ("Harbour Lane", "Harbour Lane Fostering Spell")):
        for subcommand in ("status", "dbs", "assessment"):
            text = words(ask(server, f"{subcommand} {typed}", user))
            assert "— safeguarding status" not in text and "DBS re-checks —" not in text
            assert "Did you mean" in text and meant in text, (subcommand, typed)
    meeting = words(ask(server, "meeting Harbour Lane", user))
    assert "contract called “Harbour Lane”. Did you mean" in meeting
    assert "Harbour Lane Fostering Spell* — provider" in meeting


def test_supplied_names_and_what_was_typed_come_back_escaped(server, db, user):
    provider = make_provider(db, name="Evil <!channel> Care", safeguarding_lead="<!here>")
    contract = make_contract(db, provider, reference="EVL-<!here>-1",
                             service="Short <@U999> breaks", contract_manager=user)
    make_staff(db, contract, name="Mal <!everyone> Icious", dbs_recheck_due=date(2026, 11, 1))
    db.commit()

    replies = [ask(server, text, user) for text in (
        "status evil <!channel> care", "status EVL-<!here>-1", "dbs EVL-<!here>-1",
        "dbs Evil <!channel> Car", "status <!channel> <https://evil.example|x>",
        "frobnicate <!channel>", "meeting <!here>")]

    for reply in replies:
        assert_nothing_raw(reply)
    assert "Evil &lt;!channel&gt; Care — safeguarding status" in words(replies[0])
    assert "Mal &lt;!everyone&gt; Icious" in words(replies[2])


def test_it_suggests_every_reference_starting_with_what_was_typed(server, db, user):
    provider = make_provider(db, name="Kestrel Sports Choice")
    make_contract(db, provider, reference="KSC-CHOICE-1")
    make_contract(db, provider, reference="KSC-CHOICE-2")
    db.commit()

    reply = ask(server, "status ksc-choice", user)

    assert "Did you mean" in words(reply)
    assert "KSC-CHOICE-1" in words(reply) and "KSC-CHOICE-2" in words(reply)


def test_it_says_did_you_mean_when_nothing_matches(server, db, user):
    make_provider(db, name="Lanternhouse Respite Mean")
    db.commit()

    reply = ask(server, "status respite lanternhouse", user)

    assert "Did you mean" in words(reply)
    assert "Lanternhouse Respite Mean" in words(reply)


def _dbs_contract(db, name: str, **contract_fields):
    provider = make_provider(db, name=name)
    contract = make_contract(db, provider, **contract_fields)
    make_staff(db, contract, name="Overdue Olive", dbs_recheck_due=date(2026, 11, 1),
               dbs_certificate_last4="4321")
    make_staff(db, contract, name="Soon Sam", dbs_recheck_due=date(2026, 12, 20))
    make_staff(db, contract, name="Missing Mo", dbs_certificate_token=None,
               dbs_certificate_last4=None, dbs_recheck_due=None)
    make_staff(db, contract, name="Fine Fay", dbs_recheck_due=date(2028, 1, 1))
    make_staff(db, contract, name="Office Olu", contact_level=ContactLevel.NONE,
               dbs_certificate_token=None, dbs_recheck_due=None)
    make_staff(db, contract, name="Left Lou", left_on=date(2026, 1, 1),
               dbs_recheck_due=date(2026, 2, 1))
    db.commit()
    return provider, contract


def test_it_shows_the_contract_manager_names_masked_most_urgent_first(server, db, user):
    _, contract = _dbs_contract(db, "Willowbank DBS Manager", contract_manager=user)

    reply = ask(server, f"dbs {contract.reference}", user)

    text = words(reply)
    order = [text.index(name) for name in ("Missing Mo", "Overdue Olive", "Soon Sam")]
    assert order == sorted(order)
    assert "••••••••4321" in text and "was due 1 Nov 2026 (overdue by 24 days)" in text
    assert "Fine Fay" not in text and "Office Olu" not in text and "Left Lou" not in text
    buttons = [b["accessory"] for b in reply["blocks"] if "accessory" in b]
    assert {b["action_id"] for b in buttons} == {"record_renewal"}
    assert len(buttons) == 3


def test_it_shows_dbs_to_an_admin_and_a_provider_member(server, db, user):
    provider, contract = _dbs_contract(db, "Northgate DBS Roles")
    member = user + "P"
    db.add(UserRole(slack_user_id=user, role=Role.ADMIN))
    db.add(UserRole(slack_user_id=member, role=Role.PROVIDER, provider_id=provider.id))
    db.commit()

    assert "Overdue Olive" in words(ask(server, "dbs Northgate DBS Roles", user))
    assert "Overdue Olive" in words(ask(server, f"dbs {contract.reference}", member))


def test_it_shows_dbs_to_a_lead_stored_as_an_email(server, db, user):
    provider, _ = _dbs_contract(db, "Riverside DBS Email", reference="RDE-1")
    provider.safeguarding_lead = "Lead.Person@Example.org"
    db.add(provider)
    db.add(SlackIdentity(email="lead.person@example.org", slack_user_id=user,
                         resolved_at=datetime(2026, 11, 1, tzinfo=UTC)))
    db.commit()

    assert "Overdue Olive" in words(ask(server, "dbs RDE-1", user))


def test_it_refuses_dbs_politely_naming_who_can_see_it(server, db, user):
    _, contract = _dbs_contract(db, "Copperfield DBS Refusal", contract_manager="U0CMREFUSE",
                                reference="CDR-1")

    reply = ask(server, "dbs CDR-1", user)

    text = words(reply)
    assert "Sorry" in text and "<@U0CMREFUSE>" in text and "BSCP admin" in text
    assert "Overdue Olive" not in text and "4321" not in text


def test_a_refusal_names_the_role_never_an_email(server, db, user):
    provider, _ = _dbs_contract(db, "Copperfield DBS Email Refusal", reference="CDER-1",
                                contract_manager="cm.private@example.org")
    provider.safeguarding_lead = "lead.private@example.org"
    db.add(provider)
    db.commit()

    text = words(ask(server, "dbs CDER-1", user))
    form = words(ask(server, "meeting CDER-1", user))

    assert "contract's manager" in text and "safeguarding lead" in text
    assert "Only a BSCP admin, a commissioner, or the contract's manager can record" in form
    assert "@example.org" not in text + form


def test_it_refuses_a_commissioner_who_does_not_manage_the_contract(server, db, user):
    _dbs_contract(db, "Meadowview DBS Other", reference="MDO-1", contract_manager="U0OTHER")
    db.add(UserRole(slack_user_id=user, role=Role.COMMISSIONER))
    db.commit()

    assert "Sorry" in words(ask(server, "dbs MDO-1", user))


def test_it_keeps_a_long_dbs_list_within_slack_limits(server, db, user):
    provider = make_provider(db, name="Stonebridge DBS Many")
    contract = make_contract(db, provider, reference="SDM-1", contract_manager=user)
    for n in range(120):
        make_staff(db, contract, name=f"Person {n:03d}", dbs_recheck_due=date(2026, 12, 1))
    db.commit()

    reply = ask(server, "dbs SDM-1", user)

    shown = sum("accessory" in b for b in reply["blocks"])
    assert len(reply["blocks"]) == 50
    tail = reply["blocks"][-1]["elements"][0]["text"]
    assert tail.startswith(f"…and {120 - shown} more, most urgent first. That is more than "
                           "one reply holds")
    assert "ask a BSCP admin for the whole list" in tail
    assert "/safeguarding dbs SDM-1" not in tail and "safecomm" not in tail


def test_the_rest_of_a_providers_long_list_is_each_contract_the_asker_can_list(server, db,
                                                                               user):
    provider = make_provider(db, name="Stonebridge DBS Two", safeguarding_lead=user)
    for ref in ("SDT-1", "SDT-2"):
        contract = make_contract(db, provider, reference=ref)
        for n in range(30):
            make_staff(db, contract, name=f"Person {ref} {n:02d}",
                       dbs_recheck_due=date(2026, 12, 1 + n % 28))
    db.commit()

    reply = ask(server, "dbs Stonebridge DBS Two", user)

    tail = reply["blocks"][-1]["elements"][0]["text"]
    assert tail.startswith("…and 13 more, most urgent first. One contract at a time: ")
    pointers = [part for part in tail.split("; ") if "`/safeguarding dbs SDT-" in part]
    assert pointers and "safecomm" not in tail
    for pointer in pointers:  # each is a command the lead can run, and its reply holds it all
        command = pointer.split("`")[1].removeprefix("/safeguarding ")
        listed = ask(server, command, user)
        assert sum("accessory" in b for b in listed["blocks"]) == 30
        assert "more" not in listed["blocks"][-1].get("text", {}).get("text", "")


def test_an_admin_is_pointed_at_the_export(server, db, user):
    grant_role(db, user=user, role=Role.ADMIN, actor="test", now=datetime.now(UTC))
    provider = make_provider(db, name="Stonebridge DBS Admin")
    contract = make_contract(db, provider, reference="SDA-1")
    for n in range(60):
        make_staff(db, contract, name=f"Person {n:02d}", dbs_recheck_due=date(2026, 12, 1))
    db.commit()

    tail = ask(server, "dbs SDA-1", user)["blocks"][-1]["elements"][0]["text"]

    assert tail == ("…and 13 more, most urgent first. The whole list: `safecomm export dbs` "
                    "on the command line (numbers masked).")


def test_today_is_the_servers_fixed_day(server, db, user):
    provider = make_provider(db, name="Fairhaven Today")
    contract = make_contract(db, provider, reference="FHT-1", contract_manager=user)
    make_staff(db, contract, name="Due Dee", dbs_recheck_due=TODAY)
    db.commit()

    assert "due today" in words(ask(server, "dbs FHT-1", user))
