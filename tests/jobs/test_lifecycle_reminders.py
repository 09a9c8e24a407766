"""The lifecycle's reminders (``run due-reminders``) and the summary's count: a tender not
ready, a missing statement every week, a decommissioning contract's exit meeting."""

from datetime import date, timedelta

from sqlalchemy import select

from jobs.due_reminders import run_once
from jobs.summary import run_once as run_summary
from models import Notification
from tests.factories import (
    make_assessment,
    make_contract,
    make_meeting,
    make_provider,
    make_staff,
)
from tests.jobs.helpers import TODAY, assert_valid_posts, context, dm_to, everything


def run(engine, settings, today=TODAY, **options):
    return run_once(context(engine, settings, today=today, **options))


def ledger(session, prefix):
    return sorted((r.threshold, r.recipient) for r in session.scalars(
        select(Notification).where(Notification.subject.startswith(prefix))))


def tender(session, *, starts, ready=False, manager="U0CMTEND1"):
    provider = make_provider(session, name="Tendering Provider",
                             safeguarding_lead="U0LEADT1" if ready else None)
    make_assessment(session, provider, completed_on=TODAY - timedelta(days=40))
    contract = make_contract(session, provider, reference="TND-0001", status="tender",
                             start_date=starts, contract_manager=manager)
    session.commit()
    return contract


def test_it_reminds_the_manager_of_a_tender_starting_within_30_days_that_is_not_ready(
        session, engine, settings, slack):
    tender(session, starts=TODAY + timedelta(days=20))
    run(engine, settings)
    [post] = dm_to(slack, "U0CMTEND1")
    text = everything(post)
    assert "Tender not ready to engage" in text and "TND-0001" in text
    assert "3. Ready to receive BSCP briefings" in text
    assert "/safeguarding ready TND-0001" in text and "(in 20 days)" in text
    assert "Monitoring meeting" not in text and "Thematic check" not in text
    assert ledger(session, "tender:") == [("30", "U0CMTEND1")]
    run(engine, settings, today=TODAY + timedelta(days=1))
    assert len(dm_to(slack, "U0CMTEND1")) == 1  # the 30-day threshold is reported once
    run(engine, settings, today=TODAY + timedelta(days=6))  # 14 days before the start
    assert ledger(session, "tender:") == [("14", "U0CMTEND1"), ("30", "U0CMTEND1")]
    assert_valid_posts(slack)


def test_it_does_not_remind_a_ready_tender_or_one_starting_later(session, engine, settings,
                                                                slack):
    tender(session, starts=TODAY + timedelta(days=20), ready=True)
    other = make_contract(session, make_provider(session, safeguarding_lead=None),
                          reference="TND-LATER", status="tender",
                          start_date=TODAY + timedelta(days=31), contract_manager="U0CMLATE")
    make_staff(session, other, dbs_certificate_token=None, dbs_recheck_due=None)
    session.commit()
    run(engine, settings)
    assert ledger(session, "tender:") == []
    assert dm_to(slack, "U0CMTEND1") == [] and dm_to(slack, "U0CMLATE") == []


def test_it_chases_a_missing_statement_weekly_until_it_is_received(session, engine, settings,
                                                                   slack):
    provider = make_provider(session, name="No Statement Provider", safeguarding_lead="U0LEADNS")
    assessment = make_assessment(session, provider, completed_on=date(2027, 2, 1),
                                 statement_received_on=None)
    make_contract(session, provider, contract_manager="U0CMNS01")
    session.commit()

    run(engine, settings)
    run(engine, settings, today=TODAY + timedelta(days=1))  # same week: not again
    run(engine, settings, today=TODAY + timedelta(days=5))  # a week on (Monday 8 March)
    chased = [p for p in dm_to(slack, "U0LEADNS") if "Child Safeguarding Statement" in
              everything(p)]
    assert len(chased) == 2
    assert "missing since the self-assessment of 1 Feb 2027" in everything(chased[0])
    assert ledger(session, "statement:") == [("week:4", "U0LEADNS"), ("week:5", "U0LEADNS")]
    assert not any("Child Safeguarding Statement" in everything(p)
                   for p in dm_to(slack, "C0BSCP"))  # counted in the summary instead

    assessment.statement_received_on = date(2027, 3, 9)
    session.commit()
    run(engine, settings, today=TODAY + timedelta(days=14))
    assert len(ledger(session, "statement:")) == 2


def test_the_summary_counts_missing_statements_and_leaves_tenders_out(session, engine,
                                                                       settings, slack):
    provider = make_provider(session, name="Summary Statement Provider")
    make_assessment(session, provider, statement_received_on=None)
    make_contract(session, provider, reference="SUM-LIVE")
    make_contract(session, provider, reference="SUM-TEND", status="tender",
                  start_date=TODAY + timedelta(days=90))
    session.commit()
    run_summary(context(engine, settings))
    [post] = dm_to(slack, "C0BSCP")
    text = everything(post)
    assert "Child Safeguarding Statements missing*: 1 provider" in text
    assert "1 live contract;" in text


def test_it_reminds_a_decommissioning_contracts_exit_meeting_until_it_is_held(
        session, engine, settings, slack):
    provider = make_provider(session)
    make_assessment(session, provider, completed_on=date(2027, 1, 5))
    contract = make_contract(session, provider, reference="EXIT-0001",
                             status="decommissioning", start_date=date(2026, 1, 31),
                             end_date=date(2027, 3, 12), contract_manager="U0CMEXIT")
    make_meeting(session, contract, held_on=date(2026, 11, 30),
                 next_meeting_on=date(2027, 4, 1))  # after the end: the end date caps it
    session.commit()

    run(engine, settings)
    [post] = dm_to(slack, "U0CMEXIT")
    assert "Exit monitoring meeting" in everything(post)
    assert "due 12 Mar 2027 (in 9 days)" in everything(post)

    make_meeting(session, contract, held_on=date(2027, 3, 4))
    session.commit()
    run(engine, settings, today=date(2027, 3, 5))
    assert len(dm_to(slack, "U0CMEXIT")) == 1
    run(engine, settings, today=date(2027, 3, 15))  # ended: nothing more
    assert len(dm_to(slack, "U0CMEXIT")) == 1
