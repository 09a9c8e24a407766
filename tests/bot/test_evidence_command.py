"""`/safeguarding evidence PROVIDER` over signed HTTP: the workbook to an admin's DM only."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from models import UserRole
from models.enums import Role
from tests.bot.slackhttp import wait_for
from tests.factories import make_contract, make_provider, make_staff


def ask(server, text: str, user: str):
    """Send the command; return the reply posted to its response_url."""
    name = f"{user}-{abs(hash(text)) % 10**8}"
    answer = server.sender.command(text, user=user, response_url=server.slack.response_url(name))
    assert answer.status == 200 and answer.body == ""
    [reply] = wait_for(lambda: server.slack.calls_to(f"response:{name}"), timeout=30,
                       what="the reply")
    assert reply.params["response_type"] == "ephemeral"
    return reply


def uploads_to(server, channel: str) -> list:
    return [u for u in server.slack.uploads() if u.channel == channel]


def test_an_admin_gets_the_workbook_by_direct_message(server, db, user):
    provider = make_provider(db, name="Brookside Evidence Trust")
    contract = make_contract(db, provider, reference="BET-EV-1")
    make_staff(db, contract, name="Invented Evidence Person", dbs_certificate_last4="2468",
               dbs_recheck_due=date(2027, 6, 1))
    db.add(UserRole(slack_user_id=user, role=Role.ADMIN))
    db.commit()

    reply = ask(server, "evidence brookside  evidence trust", user)

    assert "*Brookside Evidence Trust* is in your direct messages" in reply.params["text"]
    [upload] = uploads_to(server, f"D{user}")  # the stand-in's DM channel with the user
    assert upload.filename == "evidence-brookside-evidence-trust-2026-11-25.xlsx"
    assert "Brookside Evidence Trust as of 25 Nov 2026" in upload.comment
    book = load_workbook(io.BytesIO(upload.data))
    assert book.sheetnames[0] == "Cover" and "4 DBS staff" in book.sheetnames
    staff = [row for row in book["4 DBS staff"].iter_rows(values_only=True)]
    assert staff[1][2] == "Invented Evidence Person" and staff[1][6] == "••••••••2468"
    assert all(u.channel.startswith("D") for u in server.slack.uploads())


def test_anyone_else_is_told_who_can_and_nothing_is_sent(server, db, user):
    make_provider(db, name="Fernhill Evidence Refused")
    db.add(UserRole(slack_user_id=user, role=Role.COMMISSIONER))
    db.commit()

    reply = ask(server, "evidence Fernhill Evidence Refused", user)

    assert reply.params["text"].startswith("Only a BSCP admin can ask for an evidence pack. "
                                           "Please ask one of them")
    assert uploads_to(server, f"D{user}") == []


def test_an_unknown_name_gets_did_you_mean_and_nothing_is_sent(server, db, user):
    make_provider(db, name="Goldcrest Evidence Lane")
    db.add(UserRole(slack_user_id=user, role=Role.ADMIN))
    db.commit()

    reply = ask(server, "evidence Goldcrest Evidnce Lane", user)

    assert reply.params["text"] == "No provider called “Goldcrest Evidnce Lane”."
    [found] = [b["text"]["text"] for b in reply.params["blocks"] if b["type"] == "section"]
    assert found.endswith("Did you mean:\n• *Goldcrest Evidence Lane* — provider")
    assert uploads_to(server, f"D{user}") == []


def test_a_failed_upload_is_said_and_the_name_is_escaped(server, db, user):
    make_provider(db, name="Hollins <!channel> Evidence")
    db.add(UserRole(slack_user_id=user, role=Role.ADMIN))
    db.commit()
    server.slack.fail_next("upload", status=500)

    failed = ask(server, "evidence Hollins <!channel> Evidence", user)
    sent = ask(server, "evidence hollins <!channel> evidence", user)  # a fresh response_url

    assert failed.params["text"] == ("Sorry, the evidence pack could not be sent just now. "
                                     "Please try again.")
    assert "*Hollins &lt;!channel&gt; Evidence* is in your direct messages" in sent.params["text"]
    [upload] = uploads_to(server, f"D{user}")
    assert "Hollins &lt;!channel&gt; Evidence as of" in upload.comment
    assert "Hollins <!channel> Evidence" not in server.log_text()
