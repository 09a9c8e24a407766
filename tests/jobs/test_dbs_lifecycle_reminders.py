"""The DBS digest's lifecycle: people awaiting a certificate (counted down to the day they turn
red, then weekly), people with no DBS record (weekly until fixed), leavers (never)."""


from sqlalchemy import select

from jobs.dbs_reminders import run_once
from models import Notification, Staff
from models.dbs_states import no_record_threshold
from tests.factories import make_contract, make_provider, make_staff
from tests.jobs.helpers import TODAY, assert_valid_posts, context, days, dm_to, everything

NO_CERTIFICATE = {"dbs_certificate_token": None, "dbs_certificate_last4": None,
                  "dbs_recheck_due": None}


def run(engine, settings, today=TODAY):
    return run_once(context(engine, settings, today=today))


def people(session, **states):
    """One contract (manager U0CM0001, channel C0CHAN01) with a person per keyword."""
    contract = make_contract(session, make_provider(session, slack_channel="C0CHAN01"),
                             contract_manager="U0CM0001")
    made = {key: make_staff(session, contract, name=f"Invented {key}", **fields)
            for key, fields in states.items()}
    session.commit()
    return made


def ledger(session):
    return {(r.subject, r.threshold, r.recipient) for r in session.scalars(
        select(Notification).where(Notification.kind == "dbs")
        .execution_options(populate_existing=True))}


def test_awaiting_and_no_record_are_in_the_digest_and_the_channel_counts(
        session, engine, settings, slack):
    made = people(session, waiting={**NO_CERTIFICATE, "dbs_applied_on": days(-2)},
                  nothing=NO_CERTIFICATE)

    run(engine, settings)

    [dm] = dm_to(slack, "U0CM0001")
    text = everything(dm)
    assert "Invented waiting" in text and "awaiting a DBS certificate (applied 1 Mar 2027)" in text
    assert "Certificate due 29 Mar 2027 (in 26 days)" in text
    assert "Invented nothing" in text and "*No DBS record*" in text
    assert "1 awaiting a certificate; 1 with no DBS record" in dm.params["text"]
    [channel] = dm_to(slack, "C0CHAN01")
    assert "1 with no DBS record, 1 awaiting a certificate" in everything(channel)
    assert "Invented" not in everything(channel)
    week, _monday = no_record_threshold(TODAY)
    waiting, nothing = made["waiting"].id, made["nothing"].id
    assert {(s, t) for s, t, r in ledger(session) if r == "U0CM0001"} == {
        (f"staff:{waiting}:awaiting:{days(-2)}", "30"), (f"staff:{nothing}:no-record", week)}
    assert_valid_posts(slack)


def test_awaiting_too_long_is_overdue_and_counted_to_the_bscp(session, engine, settings, slack):
    people(session, late={**NO_CERTIFICATE, "dbs_applied_on": days(-35)})

    run(engine, settings)

    [dm] = dm_to(slack, "U0CM0001")
    assert "was due 24 Feb 2027 (overdue by 7 days)" in everything(dm)
    [bscp] = dm_to(slack, settings.bscp_channel)
    assert "1 overdue" in everything(bscp)


def test_the_awaiting_days_setting_moves_the_red_day(session, engine, settings, slack):
    people(session, waiting={**NO_CERTIFICATE, "dbs_applied_on": days(-2)})

    run(engine, settings.model_copy(update={"dbs_awaiting_days": 9}))

    assert "Certificate due 10 Mar 2027 (in 7 days)" in everything(dm_to(slack, "U0CM0001")[0])


def test_no_record_is_reminded_once_a_week_until_fixed(session, engine, settings, slack):
    made = people(session, nothing=NO_CERTIFICATE)
    run(engine, settings)
    run(engine, settings, today=days(1))  # the same week: an incremental run, nothing new
    assert len(dm_to(slack, "U0CM0001")) == 1

    run(engine, settings, today=days(5))  # Monday

    assert len(dm_to(slack, "U0CM0001")) == 2
    staff = session.get(Staff, made["nothing"].id)
    staff.dbs_certificate_token, staff.dbs_certificate_last4 = "token", "1234"
    staff.dbs_recheck_due = days(1000)
    session.add(staff)
    session.commit()
    run(engine, settings, today=days(12))  # fixed: no more
    assert len(dm_to(slack, "U0CM0001")) == 2


def test_a_leaver_is_not_reminded_from_the_day_they_left(session, engine, settings, slack):
    people(session, gone={"dbs_recheck_due": days(-3), "left_on": TODAY},
           going={"dbs_recheck_due": days(-3), "left_on": days(1)},
           gone_waiting={**NO_CERTIFICATE, "dbs_applied_on": days(-40), "left_on": days(-1)})

    run(engine, settings)

    [dm] = dm_to(slack, "U0CM0001")
    assert "Invented going" in everything(dm)
    assert "Invented gone" not in everything(dm).replace("Invented going", "")


def test_an_incremental_run_finds_a_new_starter_awaiting(session, engine, settings, slack):
    contract = make_contract(session, make_provider(session, slack_channel="C0CHAN01"),
                             contract_manager="U0CM0001")
    make_staff(session, contract, dbs_recheck_due=days(500))
    session.commit()
    run(engine, settings)
    assert dm_to(slack, "U0CM0001") == []
    make_staff(session, contract, name="Invented starter", dbs_applied_on=days(1),
               **NO_CERTIFICATE)
    session.commit()

    run(engine, settings, today=days(1))

    [dm] = dm_to(slack, "U0CM0001")
    assert "Invented starter" in everything(dm)


def test_an_incremental_run_finds_awaiting_people_whose_threshold_changed(
        session, engine, settings, slack):
    made = people(session, soon={**NO_CERTIFICATE, "dbs_applied_on": days(-13)},
                  late={**NO_CERTIFICATE, "dbs_applied_on": days(-35)},
                  quiet={**NO_CERTIFICATE, "dbs_applied_on": days(-5)})
    run(engine, settings)

    run(engine, settings, today=days(1))

    soon, late, quiet = (made[k].id for k in ("soon", "late", "quiet"))
    assert {(s, t) for s, t, r in ledger(session) if r == "U0CM0001"} >= {
        (f"staff:{soon}:awaiting:{days(-13)}", "14"),
        (f"staff:{late}:awaiting:{days(-35)}", "overdue:1")}
    second = dm_to(slack, "U0CM0001")[1]
    assert "Invented soon" in everything(second) and "Invented late" in everything(second)
    assert "Invented quiet" not in everything(second)


def test_the_bscp_channel_counts_newly_and_still_overdue_apart_from_no_record(
        session, engine, settings, slack):
    people(session, newly={"dbs_recheck_due": days(-1)}, week={"dbs_recheck_due": days(-9)},
           fortnight={"dbs_recheck_due": days(-16)}, soon={"dbs_recheck_due": days(20)},
           nothing=NO_CERTIFICATE)

    run(engine, settings)

    [bscp] = dm_to(slack, "C0BSCP")
    assert ": 3 overdue (1 newly overdue); 1 with no DBS record" in everything(bscp)
    assert "3 overdue re-checks, 1 with no DBS record reminded today" in everything(bscp)
