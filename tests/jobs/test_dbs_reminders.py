"""DBS re-check reminders: the right people, the right threshold, once."""

from datetime import timedelta

from sqlalchemy import select
from sqlmodel import Session

from jobs.dbs_reminders import run_once
from models import Notification
from tests.factories import make_contract, make_provider, make_staff
from tests.jobs.helpers import (
    TODAY,
    assert_valid_posts,
    context,
    contract_with_staff,
    days,
    dm_to,
    everything,
)


def run(engine, settings, today=TODAY, **options):
    return run_once(context(engine, settings, today=today, **options))


def ledger_rows(session, recipient=None):
    query = select(Notification).where(Notification.kind == "dbs")
    if recipient:
        query = query.where(Notification.recipient == recipient)
    return list(session.scalars(query.execution_options(populate_existing=True)))


def test_it_sends_one_digest_per_manager_with_the_threshold_crossed_today(
        session, engine, settings, slack):
    _, (due30, due14, far) = contract_with_staff(session, 30, 14, 91)
    summary = run(engine, settings)
    [dm] = dm_to(slack, "U0CM0001")
    assert due30.name in everything(dm) and due14.name in everything(dm)
    assert far.name not in everything(dm)
    rows = {(r.subject, r.threshold, r.status) for r in ledger_rows(session, "U0CM0001")}
    assert rows == {(f"staff:{due30.id}:{days(30)}", "30", "sent"),
                    (f"staff:{due14.id}:{days(14)}", "14", "sent")}
    assert (summary.posted, summary.already_sent, summary.failed) == (2, 0, 0)  # DM + channel
    assert_valid_posts(slack)


def test_it_shows_name_contract_masked_number_days_and_a_renewal_button(
        session, engine, settings, slack):
    contract, (late,) = contract_with_staff(session, -3)
    run(engine, settings)
    [dm] = dm_to(slack, "U0CM0001")
    [person] = [b for b in dm.params["blocks"] if b.get("accessory")]
    text = person["text"]["text"]
    assert late.name in text and contract.reference in text
    assert f"••••••••{late.dbs_certificate_last4}" in text and "overdue by 3 days" in text
    assert person["accessory"]["action_id"] == "record_renewal"
    assert person["accessory"]["value"] == str(late.id)
    fallback = dm.params["text"]
    assert late.name not in fallback and late.dbs_certificate_last4 not in fallback


def test_it_reports_a_threshold_on_the_day_it_is_crossed_and_not_the_day_before(
        session, engine, settings, slack):
    _, (person,) = contract_with_staff(session, 31)
    run(engine, settings)  # 31 days left: the 60-day reminder
    run(engine, settings, today=TODAY + timedelta(days=1))  # 30 days left: the 30-day one
    assert {r.threshold for r in ledger_rows(session, "U0CM0001")} == {"60", "30"}
    assert len(dm_to(slack, "U0CM0001")) == 2


def test_it_catches_up_after_missed_days_with_the_most_urgent_threshold_only(
        session, engine, settings, slack):
    _, (person,) = contract_with_staff(session, 16)
    run(engine, settings)  # 16 days left: "30"
    back = TODAY + timedelta(days=10)  # the worker was down; 14 and 7 were both crossed
    run(engine, settings, today=back)
    assert [r.threshold for r in ledger_rows(session, "U0CM0001")] == ["30", "7"]
    [_, second] = dm_to(slack, "U0CM0001")
    assert "(in 6 days)" in everything(second)


def test_it_catches_up_a_whole_backlog_in_one_message_on_the_first_run(
        session, engine, settings, slack):
    contract_with_staff(session, -40, -1, 5, 20, 45, 89)
    run(engine, settings)
    [dm] = dm_to(slack, "U0CM0001")
    assert sum(1 for b in dm.params["blocks"] if b.get("accessory")) == 6
    assert sorted(r.threshold for r in ledger_rows(session, "U0CM0001")) == \
        ["30", "60", "7", "90", "overdue:0", "overdue:5"]


def test_it_posts_nothing_the_second_time(session, engine, settings, slack):
    contract_with_staff(session, -10, 0, 7)
    first = run(engine, settings)
    posts = len(slack.posts())
    second = run(engine, settings)
    assert len(slack.posts()) == posts
    assert (second.posted, second.already_sent, second.failed) == (0, first.posted, 0)


def test_it_reminds_weekly_while_overdue(session, engine, settings, slack):
    _, (person,) = contract_with_staff(session, -1)
    for offset in range(0, 15):
        run(engine, settings, today=TODAY + timedelta(days=offset))
    assert [r.threshold for r in ledger_rows(session, "U0CM0001")] == \
        ["overdue:0", "overdue:1", "overdue:2"]


def test_it_starts_again_from_a_renewed_date(session, engine, settings, slack):
    _, (person,) = contract_with_staff(session, 5)
    run(engine, settings)
    person.dbs_recheck_due = days(3 * 365)
    session.add(person)
    session.commit()
    run(engine, settings, today=TODAY + timedelta(days=1))
    assert len(dm_to(slack, "U0CM0001")) == 1
    run(engine, settings, today=days(3 * 365 - 90))
    assert [r.subject for r in ledger_rows(session, "U0CM0001")][-1].endswith(
        str(days(3 * 365)))


def test_it_leaves_out_staff_without_contact_leavers_and_ended_contracts(
        session, engine, settings, slack):
    provider = make_provider(session)
    live = make_contract(session, provider, contract_manager="U0CM0001")
    ended = make_contract(session, provider, contract_manager="U0CM0001", end_date=days(-1))
    make_staff(session, live, contact_level="none", dbs_recheck_due=days(1))
    make_staff(session, live, left_on=days(-5), dbs_recheck_due=days(1))
    make_staff(session, ended, dbs_recheck_due=days(1))
    session.commit()
    summary = run(engine, settings)
    assert slack.posts() == [] and summary.posted == 0


def test_it_groups_by_contract_most_urgent_first(session, engine, settings, slack):
    provider = make_provider(session)
    calm, _ = contract_with_staff(session, 60, 20, provider=provider)
    urgent, _ = contract_with_staff(session, 50, -2, provider=provider)
    run(engine, settings)
    [dm] = dm_to(slack, "U0CM0001")
    lines = [b["text"]["text"] if b["type"] == "section" else b["elements"][0]["text"]
             for b in dm.params["blocks"][2:]]
    assert urgent.reference in lines[0] and "overdue by 2 days" in lines[1]
    assert "50 days" in lines[2] and calm.reference in lines[3]
    assert "20 days" in lines[4] and "60 days" in lines[5]


def test_it_gives_the_contract_channel_counts_only_and_the_bscp_channel_overdue_per_provider(
        session, engine, settings, slack):
    provider = make_provider(session, name="Harbour Lane Fostering", slack_channel="C0PROV")
    contract, staff = contract_with_staff(session, -9, -1, 6, 25, provider=provider)
    run(engine, settings)
    [channel] = [c for c in slack.posts() if c.channel == "C0PROV"]
    [bscp] = [c for c in slack.posts() if c.channel == "C0BSCP"]
    for call in (channel, bscp):
        assert not any(person.name in everything(call) for person in staff)
        assert not any(f"••••{person.dbs_certificate_last4}" in everything(call)
                       for person in staff)
    assert "2 overdue, 1 due within 7 days, 1 due within 30 days" in everything(channel)
    assert "Harbour Lane Fostering*: 2 overdue (1 newly overdue)" in everything(bscp)


def test_it_uses_the_contracts_own_channel_before_the_providers(session, engine, settings, slack):
    contract_with_staff(session, 7, channel="C0PROV", slack_channel="C0OWN")
    run(engine, settings)
    assert {c.channel for c in slack.posts()} == {"U0CM0001", "C0OWN"}


def test_it_keeps_a_digest_within_slacks_limits_and_says_how_to_list_the_rest(
        session, engine, settings, slack):
    provider = make_provider(session)
    contracts = [contract_with_staff(session, *range(-30, 0), provider=provider)[0]
                 for _ in range(3)]
    run(engine, settings)
    [dm] = dm_to(slack, "U0CM0001")
    assert_valid_posts(slack)
    blocks = dm.params["blocks"]
    assert len(blocks) == 50 and "Not shown here: " in blocks[-1]["text"]["text"]
    shown = sum(1 for b in blocks if b.get("accessory"))
    assert f"Not shown here: {90 - shown} more" in blocks[-1]["text"]["text"]
    assert f"/safeguarding dbs {contracts[-1].reference}" in blocks[-1]["text"]["text"]
    assert len(ledger_rows(session, "U0CM0001")) == 90  # the digest covers all of them


def test_it_reads_the_contracts_asked_for_whether_few_or_most_of_them(session, monkeypatch):
    from jobs.dbs_candidates import load_contracts
    from models import ledger

    provider = make_provider(session, slack_channel="C0PROV01", name="Invented Provider")
    contracts = [make_contract(session, provider, slack_channel=f"C0OWN{n:03d}" if n % 2
                               else None) for n in range(6)]
    session.commit()
    ids = [c.id for c in contracts]
    monkeypatch.setattr(ledger, "CHUNK", 2)  # more ids than that, and half of all: one query

    few, most = load_contracts(session, ids[:2]), load_contracts(session, ids[1:])

    assert sorted(few) == ids[:2] and sorted(most) == ids[1:]
    assert few[ids[1]] == most[ids[1]]
    assert [most[i].channel for i in ids[1:3]] == ["C0OWN001", "C0PROV01"]
    assert {info.provider_name for info in most.values()} == {"Invented Provider"}


def test_it_reminds_staff_on_a_contract_made_while_the_run_was_reading(
        session, engine, database_url, settings, slack):
    from sqlalchemy import event

    from models.db import make_engine

    contract_with_staff(session, 30)
    other = make_engine(database_url)  # another user, between the run's two reads
    added = []

    def add_a_contract_after_the_contracts_are_read(conn, cursor, statement, *args):
        if "FROM contracts JOIN providers" in statement and "ORDER BY" in statement \
                and not added:
            with Session(other, expire_on_commit=False) as writer:
                added.append(contract_with_staff(writer, 14, manager="U0CM0002",
                                                 channel="C0CHAN02"))

    event.listen(engine, "after_cursor_execute", add_a_contract_after_the_contracts_are_read)
    run(engine, settings)
    other.dispose()

    [(contract, (newcomer,))] = added
    [dm] = dm_to(slack, "U0CM0002")
    assert newcomer.name in everything(dm) and contract.reference in everything(dm)
    assert [r.subject for r in ledger_rows(session, "U0CM0002")] == [
        f"staff:{newcomer.id}:{days(14)}"]
