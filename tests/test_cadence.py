from datetime import date

import pytest

from models import cadence
from models.enums import Risk


def test_it_keeps_month_ends_from_drifting():
    anchor = date(2027, 1, 31)
    assert [cadence.slot(anchor, 1, n) for n in range(1, 5)] == [
        date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31)]


def test_it_lands_on_29_february_in_a_leap_year():
    assert cadence.slot(date(2028, 1, 31), 1, 1) == date(2028, 2, 29)


def test_it_computes_31_january_plus_one_month_as_the_first_due_date():
    assert cadence.next_due(date(2027, 1, 31), 1) == date(2027, 2, 28)


def test_it_counts_a_late_duty_for_the_slot_it_was_late_for():
    # Quarterly from 31 Jan: slots 30 Apr, 31 Jul. Held 5 May (late) → next due 31 Jul.
    assert cadence.next_due(date(2026, 1, 31), 3, date(2026, 5, 5)) == date(2026, 7, 31)


def test_it_counts_an_early_duty_for_the_slot_it_was_early_for():
    assert cadence.next_due(date(2026, 1, 31), 3, date(2026, 4, 20)) == date(2026, 7, 31)


def test_it_does_not_drift_after_many_month_end_slots():
    anchor = date(2026, 8, 31)
    assert cadence.next_due(anchor, 1, date(2027, 2, 28)) == date(2027, 3, 31)


def test_it_treats_a_duty_done_before_the_anchor_as_the_first_slot():
    assert cadence.next_due(date(2026, 1, 31), 3, date(2025, 12, 1)) == date(2026, 4, 30)


def test_it_breaks_a_tie_toward_the_earlier_slot():
    # Slots 1 Jan and 1 Apr 2026 are 90 days apart; 15 Feb is 45 days from each.
    assert cadence.nearest_slot(date(2026, 1, 1), 3, date(2026, 2, 14)) == 0
    assert cadence.nearest_slot(date(2026, 1, 1), 3, date(2026, 2, 15)) == 0
    assert cadence.nearest_slot(date(2026, 1, 1), 3, date(2026, 2, 16)) == 1


@pytest.mark.parametrize(("risk", "months"), [(Risk.HIGH, 3), (Risk.MEDIUM, 6), (Risk.LOW, 12)])
def test_it_sets_the_thematic_cadence_by_risk(risk, months):
    assert cadence.thematic_every_months(risk) == months


def test_it_defaults_the_dbs_recheck_to_three_years_after_issue():
    assert cadence.default_recheck_due(date(2024, 2, 29)) == date(2027, 2, 28)


def test_it_refuses_a_zero_interval():
    with pytest.raises(ValueError, match="at least 1 month"):
        cadence.slot(date(2026, 1, 1), 0, 1)
