"""Reading submitted forms (bot.listeners.views.forms): pure functions of the view and today."""

from __future__ import annotations

from datetime import date

from bot import ids
from bot.listeners.views.forms import (
    BAD_CERTIFICATE,
    PICK_DATE,
    parse_assessment,
    parse_meeting,
    parse_renewal,
)
from tests.bot.slackhttp import choice_value, date_value, text_value, view_submission

TODAY = date(2026, 11, 25)


def submitted(view: dict, values: dict) -> dict:
    return view_submission(view, values, user="U0FORM")["view"]


def renewal_view() -> dict:
    from bot.builders.renewal import build_renewal_modal
    from models import Staff

    staff = Staff(id=1, contract_id=1, staff_ref="S", name="N", contact_level="regulated")
    return build_renewal_modal(staff=staff, contract_reference="R-1", issued_on=TODAY)


def renewal(number: str, issued=date(2026, 11, 1), recheck=date(2029, 11, 1)):
    view = renewal_view()
    recheck_block = next(b["block_id"] for b in view["blocks"]
                         if b.get("block_id", "").startswith(ids.RECHECK_DUE))
    return parse_renewal(submitted(view, {ids.CERTIFICATE: text_value(number),
                                          ids.ISSUED_ON: date_value(issued),
                                          recheck_block: date_value(recheck)}), TODAY)


def test_a_certificate_number_may_have_spaces_and_dashes():
    form, errors = renewal(" 0012-3456 7890 ")

    assert errors == {}
    assert form.certificate == "001234567890"
    assert "001234567890" not in repr(form)


def test_a_certificate_number_must_be_twelve_digits_and_the_error_does_not_repeat_it():
    for bad in ("00123456789", "0012345678901", "00123456789O"):
        form, errors = renewal(bad)
        assert form is None
        assert errors == {ids.CERTIFICATE: BAD_CERTIFICATE}


def test_several_mistakes_are_reported_together():
    form, errors = renewal("", issued=date(2027, 1, 1), recheck=date(2026, 1, 1))

    assert form is None
    assert errors[ids.CERTIFICATE] == "Please fill this in."
    assert "can't be in the future" in errors[ids.ISSUED_ON]
    assert errors[f"{ids.RECHECK_DUE}:2029-11-25"] == "The re-check must be after 1 Jan 2027."


def test_a_meeting_without_a_date_is_refused_on_the_date():
    from bot.builders.modals import build_meeting_modal
    from models import Contract

    contract = Contract(id=1, reference="R-1", provider_id=1, start_date=date(2026, 1, 1))
    view = build_meeting_modal(contract=contract, provider_name="P", held_on=TODAY,
                               next_meeting=None)
    form, errors = parse_meeting(submitted(view, {ids.DISCUSSED: choice_value("no")}), TODAY)

    assert errors == {ids.HELD_ON: PICK_DATE}


def test_an_assessment_today_without_a_statement_is_valid():
    from bot.builders.modals import build_assessment_modal
    from models import Provider

    view = build_assessment_modal(provider=Provider(id=1, name="P"), completed_on=TODAY)
    form, errors = parse_assessment(submitted(view, {ids.COMPLETED_ON: date_value(TODAY)}), TODAY)

    assert errors == {}
    assert (form.completed_on, form.statement_received_on, form.notes) == (TODAY, None, "")
