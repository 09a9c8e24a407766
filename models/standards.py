"""Red / amber / green for each of the six standards. Pure: ``today`` is a parameter.

Rules common to every standard:
- red: missing, or overdue (the due date is before today);
- amber: due today or within the standard's warning window;
- green: otherwise.
A provider takes the worst colour of its live (not ended) contracts for the per-contract
standards 2, 4, 5 and 6; standards 1 and 3 belong to the provider itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from models import cadence, dbs_states, lifecycle, update_service
from models.dbs_states import DBS_AWAITING_DAYS
from models.enums import CLAUSE_ELEMENTS, ContactLevel, Rag, Risk, worst
from models.facts import (
    STANDARD_TITLES,
    BriefingFacts,
    ContractFacts,
    DbsCounts,
    ProviderFacts,
    StaffFacts,
    StandardStatus,
)
from models.thematic import thematic_due
from models.words import day, due_words, plural

SELF_ASSESSMENT_WARNING_DAYS = 30
TRAINING_WARNING_DAYS = 30
ACKNOWLEDGE_WITHIN_DAYS = 14  # when no working-day deadline is given: two calendar weeks
DBS_WARNING_DAYS = 30
MEETING_WARNING_DAYS = 14
THEMATIC_WARNING_DAYS = 30


def colour_for_due(due: date, today: date, warning_days: int) -> Rag:
    """Red after the due date, amber on it and within ``warning_days`` before, else green."""
    if today > due:
        return Rag.RED
    if (due - today).days <= warning_days:
        return Rag.AMBER
    return Rag.GREEN


def describe_due(what: str, due: date, today: date) -> str:
    """``next monitoring meeting was due 5 Dec 2025 (overdue by 2 days)`` (models.words)."""
    return f"{what} {due_words(due, today)}"


def _every(n: int, word: str) -> str:
    """``the 1 contract``, ``all 3 contracts``."""
    return f"the {plural(n, word)}" if n == 1 else f"all {plural(n, word)}"


def _status(number: int, rag: Rag, reason: str, next_due: date | None = None) -> StandardStatus:
    return StandardStatus(number, STANDARD_TITLES[number], rag, reason, next_due)


def self_assessment_status(provider: ProviderFacts, today: date) -> StandardStatus:
    """Standard 1: a self-assessment and a statement on record, repeated on the cadence."""
    if provider.last_assessment_on is None:
        return _status(1, Rag.RED, "no self-assessment on record")
    every = provider.self_assessment_every_months or cadence.SELF_ASSESSMENT_EVERY_MONTHS
    anchor = provider.first_assessment_on or provider.last_assessment_on
    due = cadence.next_due(anchor, every, provider.last_assessment_on)
    if provider.last_statement_received_on is None:
        return _status(1, Rag.RED, "no Child Safeguarding Statement received", due)
    rag = colour_for_due(due, today, SELF_ASSESSMENT_WARNING_DAYS)
    return _status(1, rag, describe_due("next self-assessment", due, today), due)


def acknowledge_by(briefing: BriefingFacts) -> date:
    """The last day to acknowledge before the BSCP channel hears of it."""
    return briefing.acknowledge_by or (briefing.delivered_on
                                       + timedelta(days=ACKNOWLEDGE_WITHIN_DAYS))


def briefings_status(provider: ProviderFacts, today: date) -> StandardStatus:
    """Standard 3: briefings acknowledged by their escalation day (10 working days after
    delivery); BSCP training attended within the last 12 months."""
    pending = [b for b in provider.briefings if b.acknowledged_on is None]
    late = [b for b in pending if today > acknowledge_by(b)]
    waiting = len(pending) - len(late)
    acked = len(provider.briefings) - len(pending)
    rate = f"{acked}/{len(provider.briefings)} briefings acknowledged"
    ack_due = min((acknowledge_by(b) for b in pending if b not in late), default=None)
    if provider.last_training_on is None:
        return _status(3, Rag.RED, f"no BSCP training on record; {rate}", ack_due)
    training_due = cadence.next_due(provider.last_training_on, cadence.TRAINING_EVERY_MONTHS)
    next_due = min(d for d in (ack_due, training_due) if d is not None)
    if late:
        return _status(3, Rag.RED, f"{plural(len(late), 'briefing')} not acknowledged in time; "
                       f"{rate}", next_due)
    training = colour_for_due(training_due, today, TRAINING_WARNING_DAYS)
    if training is Rag.RED:
        return _status(3, Rag.RED, f"{describe_due('BSCP training', training_due, today)}; {rate}",
                       next_due)
    if waiting or training is Rag.AMBER:
        what = (f"{plural(waiting, 'briefing')} awaiting acknowledgement" if waiting
                else describe_due("BSCP training", training_due, today))
        return _status(3, Rag.AMBER, f"{what}; {rate}", next_due)
    return _status(3, Rag.GREEN, f"{rate}; training in date", next_due)


def clause_status(contract: ContractFacts) -> StandardStatus:
    """Standard 2: the contract's safeguarding clause holds all ten elements."""
    missing = [code for code in CLAUSE_ELEMENTS if code not in contract.clause_elements]
    if not missing:
        return _status(2, Rag.GREEN, "all 10 clause elements present")
    held = len(CLAUSE_ELEMENTS) - len(missing)
    return _status(2, Rag.RED, f"{held} of 10 clause elements; missing: {', '.join(missing)}")


def summarise_dbs(staff: Iterable[StaffFacts], today: date,
                  awaiting_days: int = DBS_AWAITING_DAYS) -> DbsCounts:
    """Count standard 4's facts for one contract's staff (the pure twin of the SQL aggregate;
    each person's state: models.dbs_states)."""
    in_contact = missing = overdue = due_soon = new_info = no_match = 0
    awaiting = awaiting_late = left = 0
    next_due = None
    for person in staff:
        if person.contact_level == ContactLevel.NONE:
            continue
        if dbs_states.has_left(person.left_on, today):
            left += 1
            continue
        in_contact += 1
        standing = update_service.standing(person.status_check_result, person.status_checked_at,
                                           update_service=person.update_service, today=today)
        new_info += standing is update_service.Standing.NEW_INFO
        no_match += standing is update_service.Standing.NO_MATCH
        if not person.has_certificate and person.applied_on is not None:
            awaiting += 1
            red_on = dbs_states.awaiting_red_on(person.applied_on, awaiting_days)
            awaiting_late += today > red_on
            if today <= red_on:
                next_due = red_on if next_due is None else min(next_due, red_on)
            continue
        if not person.has_certificate or person.recheck_due is None:
            missing += 1
            continue
        if standing is update_service.Standing.CURRENT:
            continue  # a subscribed, current certificate: no three-year countdown
        colour = colour_for_due(person.recheck_due, today, DBS_WARNING_DAYS)
        overdue += colour is Rag.RED
        due_soon += colour is Rag.AMBER
        next_due = person.recheck_due if next_due is None else min(next_due, person.recheck_due)
    return DbsCounts(in_contact, missing, overdue, due_soon, next_due, new_info, no_match,
                     awaiting, awaiting_late, left, awaiting_days)


def dbs_status(contract: ContractFacts) -> StandardStatus:
    """Standard 4: every member of staff in contact with children has a certificate number and
    a re-check date, and none is overdue; one awaiting a certificate is amber until the
    awaiting days have passed, then red; people who left are named as a count only."""
    dbs = contract.dbs
    left = f"; {dbs.left} left (out of the standard)" if dbs.left else ""
    if dbs.in_contact == 0:
        return _status(4, Rag.GREEN, f"no staff in contact with children recorded{left}")
    waited = f"awaiting a DBS certificate for over {plural(dbs.awaiting_days, 'day')}"
    if dbs.missing or dbs.overdue or dbs.new_info or dbs.awaiting_late:
        parts = [f"{dbs.new_info} with new information (DBS Update Service)"] \
            if dbs.new_info else []
        parts += [f"{dbs.missing} missing a DBS record"] if dbs.missing else []
        parts += [f"{dbs.awaiting_late} {waited}"] if dbs.awaiting_late else []
        parts += [f"{plural(dbs.overdue, 're-check')} overdue"] if dbs.overdue else []
        return _status(4, Rag.RED, f"{'; '.join(parts)} of {dbs.in_contact} staff{left}",
                       dbs.next_due)
    if dbs.due_soon or dbs.no_match or dbs.awaiting:
        parts = [f"{dbs.no_match} of {dbs.in_contact} staff with no match on the DBS Update "
                 "Service"] if dbs.no_match else []
        parts += [f"{dbs.awaiting} of {dbs.in_contact} staff awaiting a DBS certificate"] \
            if dbs.awaiting else []
        parts += [f"{dbs.due_soon} of {dbs.in_contact} re-checks due within "
                  f"{DBS_WARNING_DAYS} days"] if dbs.due_soon else []
        return _status(4, Rag.AMBER, "; ".join(parts) + left, dbs.next_due)
    return _status(4, Rag.GREEN, f"{_every(dbs.in_contact, 'DBS re-check')} in date{left}",
                   dbs.next_due)


def next_meeting_due(contract: ContractFacts) -> date:
    """The agreed next meeting date, else the contract's schedule from its start date; a
    decommissioning contract's by its end date (models.lifecycle)."""
    if contract.agreed_next_meeting_on is not None:
        return lifecycle.cap_at_end(contract, contract.agreed_next_meeting_on)
    return lifecycle.cap_at_end(contract, cadence.next_due(
        contract.start_date, contract.monitoring_every_months, contract.last_meeting_on))


def meetings_status(contract: ContractFacts, today: date) -> StandardStatus:
    """Standard 5: safeguarding metrics in the contract, safeguarding discussed at the last
    monitoring meeting, and the next meeting not overdue."""
    due = next_meeting_due(contract)
    if not contract.safeguarding_metrics:
        return _status(5, Rag.RED, "no safeguarding metrics in the contract", due)
    if contract.last_meeting_discussed_safeguarding is False:
        return _status(5, Rag.RED, f"safeguarding not discussed at the meeting of "
                       f"{day(contract.last_meeting_on)}", due)
    if lifecycle.exit_meeting_held(contract):
        return _status(5, Rag.GREEN, f"exit monitoring meeting held {day(contract.last_meeting_on)}"
                       f"; the contract ends {day(contract.end_date)}")
    what = ("exit monitoring meeting" if lifecycle.is_decommissioning(contract) else
            "next monitoring meeting")
    rag = colour_for_due(due, today, MEETING_WARNING_DAYS)
    return _status(5, rag, describe_due(what, due, today), due)


def thematic_status(contract: ContractFacts, risk: Risk | str, today: date) -> StandardStatus:
    """Standard 6: thematic checks due by the one rule of models.thematic (the risk cadence,
    brought forward by a planned check); a red or amber outcome of the last check carries its
    colour."""
    due = thematic_due(start_date=contract.start_date, risk=risk,
                       last_done_on=contract.last_check_done_on,
                       planned_due_on=contract.planned_check_due_on).due
    rag = colour_for_due(due, today, THEMATIC_WARNING_DAYS)
    reason = describe_due("next thematic check", due, today)
    if contract.last_check_outcome in (Rag.RED, Rag.AMBER) and rag is not Rag.RED:
        rag = worst([rag, Rag(contract.last_check_outcome)])
        reason = f"last check rated {contract.last_check_outcome}; {reason}"
    return _status(6, rag, reason, due)


def contract_standards(contract: ContractFacts, provider: ProviderFacts,
                       today: date) -> list[StandardStatus]:
    """All six standards for one contract, in order (1 and 3 are its provider's)."""
    return [
        self_assessment_status(provider, today),
        clause_status(contract),
        briefings_status(provider, today),
        dbs_status(contract),
        meetings_status(contract, today),
        thematic_status(contract, provider.risk, today),
    ]


def provider_standards(provider: ProviderFacts, contracts: Iterable[ContractFacts],
                       today: date) -> list[StandardStatus]:
    """All six standards for a provider: 1 and 3 its own, 2/4/5/6 the worst of its live
    contracts (active or decommissioning on ``today``: models.lifecycle), with how many
    contracts are red or amber in the reason."""
    live = [c for c in contracts if lifecycle.is_judged(c, today)]
    per_contract = [contract_standards(c, provider, today) for c in live]
    by_number = {1: self_assessment_status(provider, today), 3: briefings_status(provider, today)}
    for number in (2, 4, 5, 6):
        by_number[number] = _aggregate(number, live, [s[number - 1] for s in per_contract])
    return [by_number[number] for number in sorted(by_number)]


def _aggregate(number: int, contracts: list[ContractFacts],
               statuses: list[StandardStatus]) -> StandardStatus:
    if not statuses:
        return _status(number, Rag.GREEN, "no live contracts")
    rag = worst(s.rag for s in statuses)
    next_due = min((s.next_due for s in statuses if s.next_due), default=None)
    if rag is Rag.GREEN:
        return _status(number, rag, f"{_every(len(statuses), 'contract')} green", next_due)
    flagged = [(c, s) for c, s in zip(contracts, statuses, strict=True) if s.rag is rag]
    first_ref, first = flagged[0]
    more = f" (and {len(flagged) - 1} more)" if len(flagged) > 1 else ""
    return _status(number, rag, f"{len(flagged)} of {len(statuses)} contracts {rag}: "
                   f"{first_ref.reference}: {first.reason}{more}", next_due)
