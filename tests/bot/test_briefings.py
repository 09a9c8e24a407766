"""Briefings in Slack: an admin publishes from a modal; a provider's member acknowledges with
the button (recorded once, the message updated in place); others are told who can."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot import ids
from bot.builders.briefing import ACKNOWLEDGE_LABEL
from bot.ids import ACKNOWLEDGE_BRIEFING_ACTION
from models import AuditEntry, Briefing, BriefingDelivery
from models.briefings import publish_briefing
from models.enums import Role
from models.roles import grant_role
from tests.bot.blockcheck import assert_valid_blocks
from tests.bot.conftest import SIGNING_SECRET, TODAY
from tests.bot.slackhttp import button_payload, choice_value, text_value, wait_for
from tests.bot.test_modals import open_form, rows, submit
from tests.factories import make_provider

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def make_admin(db, user):
    grant_role(db, user=user, role=Role.ADMIN, actor="test", now=NOW)
    db.commit()


def briefing_values(**overrides) -> dict:
    values = {ids.BRIEFING_TITLE: text_value("Invented practice review lessons"),
              ids.BRIEFING_SUMMARY: text_value("Invented key messages."),
              ids.BRIEFING_URL: text_value("https://example.org/review"),
              ids.BRIEFING_KIND: choice_value("practice_review"),
              ids.BRIEFING_AUDIENCE: choice_value("all")}
    return {**values, **overrides}


def test_an_admin_publishes_a_briefing_from_the_modal(server, db, user):
    make_provider(db, name="Briefed Provider One")
    make_admin(db, user)
    view = open_form(server, "briefing", user)
    assert view["callback_id"] == "briefing_modal"

    answer = submit(server, view, briefing_values(), user)

    assert answer.status == 200 and not answer.body
    [briefing] = rows(db, Briefing, published_by=f"slack:{user}")
    assert briefing.title == "Invented practice review lessons"
    assert len(rows(db, BriefingDelivery, briefing_id=briefing.id)) >= 1
    wait_for(lambda: [c for c in server.slack.posts() if c.channel == user], what="confirmation")


def test_a_bad_link_comes_back_on_its_field_and_nothing_is_saved(server, db, user):
    make_provider(db, name="Briefed Provider Two")
    make_admin(db, user)
    view = open_form(server, "briefing", user)

    answer = submit(server, view, briefing_values(**{ids.BRIEFING_URL: text_value("not a link")}),
                    user)

    assert answer.json()["response_action"] == "errors"
    assert "is not a link Slack can show: a link has no spaces" in \
        answer.json()["errors"][ids.BRIEFING_URL]
    assert rows(db, Briefing, published_by=f"slack:{user}") == []


def test_a_named_audience_needs_names(server, db, user):
    make_admin(db, user)
    view = open_form(server, "briefing", user)
    answer = submit(server, view,
                    briefing_values(**{ids.BRIEFING_AUDIENCE: choice_value("providers")}), user)
    assert answer.json()["errors"] == {
        ids.BRIEFING_PROVIDERS: "Name at least one provider (separated by ;)."}


def test_every_wrong_field_comes_back_at_once_with_did_you_mean(server, db, user):
    make_provider(db, name="Briefed Provider Seven")
    make_admin(db, user)
    view = open_form(server, "briefing", user)

    answer = submit(server, view, briefing_values(**{
        ids.BRIEFING_TITLE: text_value("  "), ids.BRIEFING_URL: text_value("example.org/x"),
        ids.BRIEFING_AUDIENCE: choice_value("providers"),
        ids.BRIEFING_PROVIDERS: text_value("Briefed Provider Seven; Briefed Provider Sevn")}),
        user)

    errors = answer.json()["errors"]
    assert set(errors) == {ids.BRIEFING_TITLE, ids.BRIEFING_URL, ids.BRIEFING_PROVIDERS}
    assert errors[ids.BRIEFING_TITLE] == "Please fill this in."
    assert errors[ids.BRIEFING_URL] == ("'example.org/x' is not a link Slack can show: a link "
                                        "starts with https:// (or http://) and a host")
    assert errors[ids.BRIEFING_PROVIDERS].startswith(
        "no provider 'Briefed Provider Sevn' (did you mean 'Briefed Provider Seven'")
    assert rows(db, Briefing, published_by=f"slack:{user}") == []


def test_someone_who_is_not_an_admin_cannot_open_the_briefing_form(server, user):
    server.sender.command("briefing", user=user, response_url=server.slack.response_url(user))
    [reply] = wait_for(lambda: server.slack.calls_to(f"response:{user}"), what="refusal")
    assert "Only a BSCP admin can publish briefings" in reply.params["text"]


def delivered(db, provider_name: str, lead: str) -> BriefingDelivery:
    make_provider(db, name=provider_name, safeguarding_lead=lead)
    briefing = publish_briefing(db, title="Invented procedure update", summary="Invented.",
                                url="https://example.org/p", kind="procedure_update",
                                audience=f"providers:{provider_name}", actor="test", now=NOW)
    delivery = db.exec(select(BriefingDelivery).where(
        BriefingDelivery.briefing_id == briefing.id)).one()
    delivery.channel, delivery.message_ts, delivery.delivered_at = "C0BRIEF", "77.0001", NOW
    db.commit()
    return delivery


def press(server, delivery_id: int, user: str):
    return server.sender.interact(button_payload(
        action_id=ACKNOWLEDGE_BRIEFING_ACTION, value=str(delivery_id), user=user,
        response_url=server.slack.response_url(user)))


def test_the_lead_acknowledges_once_and_the_message_shows_it(server, db, user):
    delivery = delivered(db, "Acknowledging Provider", lead=user)

    assert press(server, delivery.id, user).status == 200
    [update] = wait_for(lambda: [c for c in server.slack.calls_to("chat.update")
                                 if f"<@{user}>" in c.text_everywhere()], what="chat.update")
    assert press(server, delivery.id, user).status == 200
    [told] = wait_for(lambda: server.slack.calls_to(f"response:{user}"), what="second press")
    assert f"Already acknowledged by <@{user}>" in told.text_everywhere()
    assert len([c for c in server.slack.calls_to("chat.update")
                if f"<@{user}>" in c.text_everywhere()]) == 1

    assert_valid_blocks(update.params["blocks"])
    assert ACKNOWLEDGE_LABEL not in update.text_everywhere()
    [row] = rows(db, BriefingDelivery, id=delivery.id)
    assert row.acknowledged_by == user
    assert row.acknowledged_at.astimezone(LONDON).date() == TODAY  # the app's day, not the real
    [audit] = rows(db, AuditEntry, entity="briefing_delivery", entity_id=str(delivery.id))
    assert audit.at == row.acknowledged_at


def test_someone_of_another_provider_is_told_who_can_acknowledge(server, db, user):
    delivery = delivered(db, "Guarded Provider", lead="U0SOMEONEELSE")
    press(server, delivery.id, user)
    [reply] = wait_for(lambda: server.slack.calls_to(f"response:{user}"), what="refusal")
    assert "Only Guarded Provider's safeguarding lead" in reply.params["text"]
    [row] = rows(db, BriefingDelivery, id=delivery.id)
    assert row.acknowledged_at is None


def test_ten_presses_at_once_update_the_message_once(server, db, user):
    from concurrent.futures import ThreadPoolExecutor

    from tests.bot.slackhttp import SlackSender

    delivery = delivered(db, "Pressed Provider", lead=user)
    senders = [SlackSender(server.url, SIGNING_SECRET) for _ in range(10)]

    def one(sender):
        return sender.interact(button_payload(
            action_id=ACKNOWLEDGE_BRIEFING_ACTION, value=str(delivery.id), user=user,
            response_url=server.slack.response_url(user))).status

    with ThreadPoolExecutor(10) as pool:
        assert list(pool.map(one, senders)) == [200] * 10
    told = wait_for(lambda: len(server.slack.calls_to(f"response:{user}")) == 9 or None,
                    what="nine answers")

    assert told
    updates = [c for c in server.slack.calls_to("chat.update") if f"<@{user}>" in
               c.text_everywhere()]
    assert len(updates) == 1
    audit = rows(db, AuditEntry, entity="briefing_delivery", entity_id=str(delivery.id))
    assert len(audit) == 1
    for sender in senders:
        sender.close()
