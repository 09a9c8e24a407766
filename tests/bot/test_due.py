"""``/safeguarding due [DAYS]`` over signed HTTP: what is due for the asker — their contracts'
meetings and thematic checks, DBS re-checks as counts, their providers' self-assessments —
overdue first; an admin sees the partnership's. And the reply's limits, as a pure builder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.builders.common import MAX_MESSAGE_BLOCKS
from bot.builders.due import build_due_reply
from models.due import CHECK, MEETING, DueDuty, DueList
from models.enums import Role
from models.roles import grant_role
from tests.bot.blockcheck import assert_valid_blocks
from tests.bot.conftest import TODAY
from tests.bot.test_commands import ask, words
from tests.factories import make_contract, make_provider, make_staff
from tests.hostile import assert_nothing_raw

EVIL = "Due Evil <!channel> Care"
SHOWN = "Due Evil &lt;!channel&gt; Care"


def managed_by(db, user: str, n: int = 1) -> None:
    """Two contracts of one provider managed by ``user`` (one late, one new), and someone
    else's contract; names and references end in ``n``."""
    provider = make_provider(db, name=f"{EVIL} {n}", safeguarding_lead="U0DUELEAD")
    late = make_contract(db, provider, reference=f"DUE-LATE-{n}", contract_manager=user)
    make_contract(db, provider, reference=f"DUE-FRESH-{n}", contract_manager=user,
                  start_date=date(2026, 11, 1))
    make_staff(db, late, name="Hidden Person", dbs_recheck_due=date(2026, 11, 1))
    make_staff(db, late, name="Other Person", dbs_recheck_due=date(2026, 11, 28))
    make_contract(db, make_provider(db, name=f"Due Someone Else {n}"),
                  reference=f"DUE-OTHER-{n}")
    db.commit()


def test_it_lists_a_managers_duties_overdue_first_and_dbs_as_counts(server, db, user):
    managed_by(db, user)

    reply = ask(server, "due", user)

    text = words(reply)
    assert "Due in the next 7 days, and overdue" in text
    assert "Yours: 2 live contracts, 1 provider · as of 25 Nov 2026" in text
    meeting = (f"• `DUE-LATE-1` · {SHOWN} 1 · Short breaks — was due 30 Apr 2026 (overdue by "
               "209 days) — `/safeguarding meeting DUE-LATE-1`")
    check = (f"• `DUE-LATE-1` · {SHOWN} 1 · Short breaks — was due 31 Jul 2026 (overdue by "
             "117 days) — `/safeguarding check DUE-LATE-1`")
    assessment = f"• *{SHOWN} 1* — none on record — `/safeguarding assessment {SHOWN} 1`"
    dbs = (f"• `DUE-LATE-1` · {SHOWN} 1 — 1 overdue, 1 due in the next 7 days — "
           "`/safeguarding dbs DUE-LATE-1`")
    for line in (meeting, check, assessment, dbs):
        assert line in text
    assert text.index("*Monitoring meetings* (1)") < text.index(meeting) < \
        text.index("*Thematic checks* (1)") < text.index(check) < text.index(assessment) < \
        text.index("*DBS re-checks, counts only* (1 contract)") < text.index(dbs)
    assert "DUE-FRESH-1" not in text and "DUE-OTHER-1" not in text
    assert "Hidden Person" not in text and "Other Person" not in text
    assert reply["text"] == ("Due in the next 7 days: 1 monitoring meeting; 1 thematic check; "
                             "1 self-assessment; DBS re-checks on 1 contract.")
    assert_nothing_raw(reply)


def test_more_days_reach_further_and_none_means_a_week(server, db, user):
    managed_by(db, user, 2)

    text = words(ask(server, "due 90", user))

    assert "Due in the next 90 days, and overdue" in text
    assert (f"• `DUE-FRESH-2` · {SHOWN} 2 · Short breaks — due 1 Feb 2027 (in 68 days)") in text
    assert "1 overdue, 1 due in the next 90 days" in text
    assert "Due today, and overdue" in words(ask(server, "due 0", user))


def test_an_admin_sees_the_partnership(server, db, user):
    managed_by(db, "U0DUEMANAGER", 3)
    grant_role(db, user=user, role=Role.ADMIN, actor="test", now=datetime.now(UTC))
    db.commit()

    text = words(ask(server, "due", user))

    assert "The partnership: " in text
    assert "`/safeguarding meeting DUE-OTHER-3`" in text
    assert "`/safeguarding meeting DUE-LATE-3`" in text


def test_a_providers_lead_sees_its_contracts_and_its_self_assessment(server, db, user):
    provider = make_provider(db, name="Due Led Provider", safeguarding_lead=user)
    make_contract(db, provider, reference="DUE-LED-1", contract_manager="U0SOMEONE")
    db.commit()

    text = words(ask(server, "due", user))

    assert "Yours: 1 live contract, 1 provider" in text
    assert "`/safeguarding meeting DUE-LED-1`" in text
    assert "• *Due Led Provider* — none on record" in text


def test_someone_with_nothing_is_told_so_and_a_bad_number_in_one_line(server, user):
    text = words(ask(server, "due", user))
    assert "You manage no contracts and lead no providers here, so nothing is due for you." \
        in text
    bad = ask(server, "due soon", user)
    assert bad["text"] == ("`soon` is not a number of days: DAYS is a whole number from 0 to "
                           "366, like `/safeguarding due 14` (default 7).")


def many(n: int) -> tuple[DueDuty, ...]:
    return tuple(DueDuty(MEETING if i % 2 else CHECK, f"Invented Provider {i}",
                         f"INV-{i:04d}", "A service with a long enough name to fill lines",
                         TODAY - timedelta(days=i)) for i in range(n))


def test_a_long_list_keeps_to_slacks_limits_and_says_how_to_see_fewer():
    found = DueList(False, 900, 900, many(900), ())

    message = build_due_reply(found, today=TODAY, days=30, command="/safeguarding")

    assert_valid_blocks(message.blocks)
    assert len(message.blocks) <= MAX_MESSAGE_BLOCKS
    last = message.blocks[-1]["elements"][0]["text"]
    shown = sum(b["text"]["text"].count("• ") for b in message.blocks if b["type"] == "section")
    assert last == (f"…and {900 - shown} more not shown here. For fewer, ask for a shorter "
                    "window: `/safeguarding due 15`.")
    admin = build_due_reply(DueList(True, 900, 900, many(900), ()), today=TODAY, days=1,
                            command="/safeguarding")
    assert admin.blocks[-1]["elements"][0]["text"].endswith(
        "For fewer, ask for a shorter window: `safecomm export status` (every contract's "
        "standards and why).")
