"""Daily runs read only what changed since the last run, and still miss nothing."""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from jobs.dbs_candidates import JOB, subject
from jobs.dbs_reminders import run_once
from models import Notification, ledger
from models.thresholds import Schedule
from models.working_days import is_working_day
from tests.factories import make_staff
from tests.jobs.helpers import TODAY, client_for, context, contract_with_staff


def test_daily_runs_read_only_what_changed_yet_miss_no_threshold(
        session, engine, settings, slack):
    rng = random.Random(7)
    contract, staff = contract_with_staff(session, *(rng.randint(-40, 130) for _ in range(40)))
    client, schedule = client_for(settings), Schedule()
    for offset in range(45):
        day = TODAY + timedelta(days=offset)
        if offset == 16:  # imported mid-way, their thresholds crossed long before
            staff += [make_staff(session, contract, dbs_recheck_due=day + timedelta(days=d))
                      for d in (-25, 20, 70)]
            session.commit()
        if not is_working_day(day):
            continue
        run_once(context(engine, settings, today=day, client=client))
        sent = {(r.subject, r.threshold) for r in session.scalars(
            select(Notification).where(Notification.recipient == "U0CM0001",
                                       Notification.status == "sent"))}
        for person in staff:
            threshold = schedule.threshold(person.dbs_recheck_due, day)
            if threshold:
                key = (subject(person.id, person.dbs_recheck_due), threshold)
                assert key in sent, (day, person)
    modes = [r.mode for r in ledger.runs_before(session, job=JOB, day=TODAY + timedelta(days=60))]
    assert modes.count("full") in (6, 7) and modes.count("incremental") > 20


def test_the_next_days_run_reads_only_changed_and_new_staff(session, engine, settings, slack):
    from jobs.dbs_candidates import choose_selection, load_due_staff

    contract, (same, changes, late_same, late_changes) = \
        contract_with_staff(session, 30, 15, -1, -7)
    run_once(context(engine, settings))
    newcomer = make_staff(session, contract, dbs_recheck_due=TODAY + timedelta(days=40))
    session.commit()
    tomorrow = TODAY + timedelta(days=1)
    selection = choose_selection(session, today=tomorrow, schedule=Schedule(),
                                 now=datetime.now(UTC))
    assert selection.mode == "incremental" and selection.since == TODAY
    read = {row.staff_id for row in load_due_staff(session, selection)}
    assert read == {changes.id, late_changes.id, newcomer.id}


def test_a_record_corrected_in_place_is_reminded_the_next_day(session, engine, settings, slack):
    contract, (person,) = contract_with_staff(session, 200)
    client = client_for(settings)
    run_once(context(engine, settings, client=client))
    tomorrow = TODAY + timedelta(days=1)
    person.dbs_recheck_due = tomorrow + timedelta(days=10)  # a corrected date, now due soon
    person.updated_at = datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=15)
    session.add(person)
    session.commit()
    run_once(context(engine, settings, today=tomorrow, client=client))
    [digest] = [c for c in slack.posts() if c.channel == "U0CM0001"]
    assert person.name in digest.text_everywhere()
    runs = ledger.runs_before(session, job=JOB, day=tomorrow + timedelta(days=1))
    assert runs[0].mode == "incremental"


def test_it_reads_each_new_member_of_staff_once_even_on_a_listed_date(
        session, engine, settings, slack):
    from jobs.dbs_candidates import choose_selection, load_due_staff

    contract, (listed,) = contract_with_staff(session, 15)
    run_once(context(engine, settings))
    tomorrow = TODAY + timedelta(days=1)
    new_listed = make_staff(session, contract, dbs_recheck_due=tomorrow + timedelta(days=14))
    new_quiet = make_staff(session, contract, dbs_recheck_due=tomorrow + timedelta(days=50))
    session.commit()
    selection = choose_selection(session, today=tomorrow, schedule=Schedule(),
                                 now=datetime.now(UTC))
    assert tomorrow + timedelta(days=14) in selection.dues
    late = make_staff(session, contract, dbs_recheck_due=tomorrow + timedelta(days=40))
    session.commit()  # added after the run started: the next run's
    read = [row.staff_id for row in load_due_staff(session, selection)]
    assert sorted(read) == sorted([listed.id, new_listed.id, new_quiet.id])
    next_day = choose_selection(session, today=tomorrow + timedelta(days=1), schedule=Schedule(),
                                now=datetime.now(UTC))
    assert late.id in {row.staff_id for row in load_due_staff(session, next_day)}
