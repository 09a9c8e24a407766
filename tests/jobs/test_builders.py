"""Every message the reminder engine builds is valid Block Kit within Slack's limits."""

from datetime import date, timedelta

from bot.builders.dbs_digest import (
    ContractCounts,
    ProviderOverdue,
    build_dbs_channel_counts,
    build_dbs_digest,
    build_dbs_overdue_by_provider,
    count_key,
)
from bot.builders.reminders import DueItem, build_due_reminders, build_undeliverable
from bot.builders.summary import StandardLine, build_summary
from models.dbs_states import DbsState
from tests.jobs.helpers import TODAY, TWELVE_DIGITS, assert_valid_blocks, digest_entry


def entries(contracts, per_contract, name="Invented Person"):
    return [digest_entry(c * 1000 + n, f"{name} {c}-{n}", f"{n % 10000:04d}",
                        TODAY + timedelta(days=n - 5), f"REF-{c:05d}", "Short breaks")
            for c in range(contracts) for n in range(per_contract)]


def test_a_digest_past_the_block_limit_counts_the_rest_per_contract_with_the_command():
    message = build_dbs_digest(entries(400, 5), today=TODAY, command="/safeguarding")
    assert_valid_blocks(message.blocks)
    last = message.blocks[-1]["text"]["text"]
    assert "Not shown here" in last and "`/safeguarding dbs REF-" in last
    assert "more on" in last  # past the text limit, the remaining contracts are counted
    assert len(last) <= 3000


def test_a_huge_contract_in_a_digest_says_how_many_and_whom_to_ask():
    huge = [digest_entry(n, f"Invented Person {n}", "1234", TODAY - timedelta(days=1), "ACN-001",
                        "Short breaks", "Acorn Care") for n in range(14455)]
    small = [digest_entry(90000 + n, f"Later Person {n}", "1234", TODAY + timedelta(days=20),
                         "BCN-002", "Mentoring", "Birch Care") for n in range(12)]

    message = build_dbs_digest(huge + small, today=TODAY, command="/safeguarding")

    assert_valid_blocks(message.blocks)
    last = message.blocks[-1]["text"]["text"].split("\n")
    shown = sum(1 for b in message.blocks if "accessory" in b)
    assert last == [
        f"*Not shown here: {14467 - shown} more*",
        f"• ACN-001 (Acorn Care): {14455 - shown} more — longer than one reply holds "
        "(14455 in all)",
        "• BCN-002 (Birch Care): 12 more — `/safeguarding dbs BCN-002`",
        "For a list longer than one reply, ask a BSCP admin for the whole list (they can "
        "export it)."]


def test_a_digest_with_long_names_stays_valid_and_its_fallback_has_no_names():
    message = build_dbs_digest(entries(2, 3, name="<Très> Long & Odd " * 30), today=TODAY,
                               command="/sg")
    assert_valid_blocks(message.blocks)
    assert "Long" not in message.text and not TWELVE_DIGITS.search(str(message))
    assert "&lt;Très&gt;" in message.blocks[3]["text"]["text"]


def test_channel_counts_and_provider_counts_stay_within_limits_with_many_rows():
    counts = build_dbs_channel_counts([ContractCounts(f"REF-{n:05d}", "Service " * 20,
                                                      {"overdue:1": 1, "7": 1, "30": 2})
                                       for n in range(2000)])
    by_provider = build_dbs_overdue_by_provider(
        [ProviderOverdue(f"Provider {n} " + "x" * 80, n % 3, 5) for n in range(3000)],
        command="/safeguarding")
    for message in (counts, by_provider):
        assert_valid_blocks(message.blocks)
        assert "more" in message.blocks[-1]["elements"][0]["text"]
    assert "1 overdue, 1 due within 7 days, 2 due within 30 days" in str(counts.blocks)


def test_due_reminders_and_undeliverable_reports_stay_within_limits():
    items = [DueItem("Monitoring meeting", f"REF-{n}", "Short breaks, Provider",
                     TODAY + timedelta(days=n % 20 - 10), f"/safeguarding meeting REF-{n}")
             for n in range(1500)]
    digest = build_due_reminders(items + [DueItem("Self-assessment", "P", "high risk provider",
                                                  None, "/safeguarding assessment P")],
                                 today=TODAY)
    report = build_undeliverable(what="DBS re-check reminders", who="a@example.org",
                                 problem="no Slack user",
                                 lines=[f"REF-{n}: 3" for n in range(5000)])
    for message in (digest, report):
        assert_valid_blocks(message.blocks)
    assert "none on record" in str(digest.blocks)
    assert digest.blocks[-1]["elements"][0]["text"].endswith(
        "more not shown here: `/safeguarding due 30` lists what is due for you.")


def test_the_summary_is_valid_and_says_what_changed():
    lines = [StandardLine(n, f"Standard {n}", {"green": 5, "amber": 2, "red": 1},
                          {"green": 6, "amber": 2} if n != 3 else None, worse=1,
                          turned_red=tuple(f"REF-{i}" for i in range(8)))
             for n in range(1, 7)]
    message = build_summary(lines, today=TODAY, contracts=8, previous=TODAY - timedelta(days=7),
                            command="/safeguarding")
    assert_valid_blocks(message.blocks)
    text = str(message.blocks)
    assert "red +1, green -1; 1 worse; now red: REF-0, REF-1, REF-2, REF-3, REF-4 and 3 more" \
        in text


def test_every_digest_line_names_the_contracts_provider_and_counts_read_right():
    digest = build_dbs_digest(
        [digest_entry(1, "Wren Varley", "8208", TODAY - timedelta(days=3), "BSC-121",
                     "Mentoring", "Lanternhouse Respite")], today=TODAY, command="/sg")
    counts = build_dbs_channel_counts([ContractCounts("BSC-121", "Mentoring", {"overdue:0": 1},
                                                      "Lanternhouse Respite")])
    overdue = build_dbs_overdue_by_provider([ProviderOverdue("Lanternhouse Respite", 1, 0)],
                                            command="/sg")

    heading = digest.blocks[2]["elements"][0]["text"]
    assert heading == "*BSC-121* — Mentoring · Lanternhouse Respite"
    assert "Re-check was due 28 Feb 2027 (overdue by 3 days)" in digest.blocks[3]["text"]["text"]
    assert "1 member of staff on 1 contract" in digest.text
    assert "BSC-121* — Mentoring · Lanternhouse Respite: 1 overdue" in str(counts.blocks)
    assert "1 overdue re-check reminded today across 1 provider" in str(overdue.blocks)
    assert "re-checks reminded" not in str(overdue.blocks)


def test_a_digests_summary_counts_overdue_awaiting_and_no_record_apart_and_each_contract_once():
    def entry(n, reference, due, state=""):
        person = digest_entry(n, f"Invented Person {n}", "1234", due, reference, "Mentoring",
                              "Invented Care")
        return person._replace(person=person.person._replace(applied_on=TODAY), state=state)

    interleaved = [  # one contract's people between another's
        entry(1, "ACN-001", TODAY - timedelta(days=3)),  # an overdue re-check
        entry(2, "BCN-002", TODAY + timedelta(days=7)),
        entry(3, "ACN-001", TODAY - timedelta(days=1), DbsState.AWAITING),  # past its red day
        entry(4, "BCN-002", TODAY + timedelta(days=10), DbsState.AWAITING),
        entry(5, "ACN-001", date.min, DbsState.NO_RECORD)]

    message = build_dbs_digest(interleaved, today=TODAY, command="/sg")

    assert message.text == (
        "DBS re-checks: 5 members of staff on 2 contracts reached a DBS re-check reminder, "
        "2 of them overdue; 2 awaiting a certificate; 1 with no DBS record.")
    headings = [b["elements"][0]["text"] for b in message.blocks if b["type"] == "context"]
    assert [heading.split("*")[1] for heading in headings] == ["ACN-001", "BCN-002"]
    people = [b["accessory"]["value"] for b in message.blocks if "accessory" in b]
    assert people == ["5", "1", "3", "2", "4"]  # each contract's together, most urgent first


def test_reminders_counted_under_their_keys_read_as_one_line_per_urgency():
    keys = [count_key(threshold, state) for threshold, state in [
        ("overdue:0", ""), ("overdue:3", ""), ("7", ""), ("overdue:5", DbsState.AWAITING),
        ("overdue:1", DbsState.AWAITING), ("14", DbsState.AWAITING),
        ("week:9", DbsState.NO_RECORD)]]
    counts = {key: keys.count(key) for key in keys}

    assert counts == {"overdue:0": 2, "7": 1, "awaiting:overdue:0": 2, "awaiting:14": 1,
                      "week:0": 1}
    line = build_dbs_channel_counts([ContractCounts("BSC-121", "Mentoring", counts)]).blocks[2]
    assert line["text"]["text"].endswith(
        ": 1 with no DBS record, 2 overdue, 2 awaiting a certificate too long, "
        "1 due within 7 days, 1 awaiting a certificate")
