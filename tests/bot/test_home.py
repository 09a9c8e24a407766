"""App Home: app_home_opened → views.publish with the viewer's contracts; totals for admins."""

from __future__ import annotations

from datetime import date

from models.enums import Role
from models.ops import UserRole
from tests.bot.blockcheck import assert_no_certificate_number, assert_valid_view
from tests.bot.slackhttp import wait_for
from tests.factories import make_contract, make_provider, make_staff


def open_home(server, user: str, tab: str = "home"):
    answer = server.sender.event({"type": "app_home_opened", "user": user, "channel": "D0HOME",
                                  "tab": tab, "event_ts": "1.0"})
    assert answer.status == 200
    return answer


def published(server, user: str) -> dict:
    [call] = wait_for(lambda: [c for c in server.slack.calls_to("views.publish")
                               if c.params["user_id"] == user], what="views.publish")
    view = call.params["view"]
    assert view["type"] == "home"
    assert_valid_view(view)
    assert_no_certificate_number(view)
    return view


def text_of(view: dict) -> str:
    return "\n".join(b["text"]["text"] if "text" in b else
                     " ".join(e.get("text", "") for e in b.get("elements", []))
                     for b in view["blocks"] if b["type"] != "divider")


def test_it_shows_a_manager_their_contracts_colours_and_what_is_due(server, db, user):
    provider = make_provider(db, name="Home Provider One")
    contract = make_contract(db, provider, reference="HOME-1", contract_manager=user)
    make_staff(db, contract, name="Hidden Name", dbs_recheck_due=date(2026, 11, 1))
    make_contract(db, provider, reference="HOME-2", contract_manager="U0SOMEONE")
    db.commit()

    open_home(server, user)

    text = text_of(published(server, user))
    assert "*Your contracts* (1)" in text
    assert "`HOME-1`" in text and "HOME-2" not in text
    assert "next:" in text and ":red_circle:" in text
    assert "Hidden Name" not in text
    assert "The partnership" not in text


def test_it_shows_an_admin_the_partnership_totals_and_reddest_contracts(server, db, user):
    provider = make_provider(db, name="Home Provider Admin")
    make_contract(db, provider, reference="HOME-RED", clause_elements="",
                  safeguarding_metrics=False)
    db.add(UserRole(slack_user_id=user, role=Role.ADMIN))
    db.commit()

    open_home(server, user)

    text = text_of(published(server, user))
    assert "*The partnership*" in text and "live contracts, per standard" in text
    assert "*Reddest contracts*" in text and "`HOME-RED`" in text


def test_it_shows_a_provider_lead_their_provider(server, db, user):
    make_provider(db, name="Home Provider Led", safeguarding_lead=user)
    db.commit()

    open_home(server, user)

    assert "*Home Provider Led*" in text_of(published(server, user))


def test_it_ignores_the_messages_tab(server, user):
    open_home(server, user, tab="messages")
    open_home(server, user + "X")  # a later event that does publish, to wait on

    published(server, user + "X")
    assert not [c for c in server.slack.calls_to("views.publish") if c.params["user_id"] == user]
