"""The "Renewal or leaver" form (opened by the button of the DBS digest or of ``dbs NAME``):
either a new certificate number, its issue date, and the re-check date, prefilled to issue + 3
years; or that the person left the contract, and on which day (prefilled: today). The choice
is preselected as a renewal.

The re-check block ID carries the prefilled date, so when the issue date changes (its
datepicker dispatches :data:`bot.ids.RENEWAL_ISSUED_ON_ACTION`) the refreshed form shows the
new prefill. ``private_metadata`` is the staff member's id.
"""

from __future__ import annotations

from datetime import date

from bot import ids
from bot.builders.common import code, context, day, escape, section
from bot.builders.inputs import date_input, modal, radio_input, text_input
from models.cadence import default_recheck_due
from models.core import Staff
from models.privacy import mask_last4

BUTTON_LABEL = "Renewal or leaver"  # on the DBS digest and on ``dbs NAME``


def recheck_block(prefill: date) -> str:
    return f"{ids.RECHECK_DUE}:{prefill.isoformat()}"


def build_renewal_modal(*, staff: Staff, contract_reference: str, issued_on: date,
                        today: date | None = None) -> dict:
    current = (f"current certificate {mask_last4(staff.dbs_certificate_last4)}, re-check due "
               f"{day(staff.dbs_recheck_due)}" if staff.dbs_certificate_last4
               else "no certificate recorded")
    recheck = default_recheck_due(issued_on)
    blocks = [
        context(f"*{escape(staff.name)}* · {code(contract_reference)} · {current}"),
        radio_input(ids.RENEWAL_OUTCOME, "What happened",
                    [(ids.RENEWED, "A new DBS certificate"),
                     (ids.LEFT, "They left the contract (no more DBS reminders)")],
                    initial=ids.RENEWED),
        text_input(ids.CERTIFICATE, "New DBS certificate number", max_length=40,
                   placeholder="12 digits", optional=True, hint="Needed for a new certificate."
                   " Stored encrypted; shown only as its last 4 digits."),
        date_input(ids.ISSUED_ON, "Issued on", issued_on,
                   action_id=ids.RENEWAL_ISSUED_ON_ACTION),
        date_input(recheck_block(recheck), "Re-check due", recheck,
                   hint="Prefilled to three years after the issue date."),
        date_input(ids.LEFT_ON, "Left on", today or issued_on, optional=True,
                   hint="Only if they left: the day they left the contract."),
    ]
    return modal(callback_id=ids.RECORD_RENEWAL_CALLBACK, title="Renewal or leaver",
                 private_metadata=str(staff.id), blocks=blocks)


def build_leaver_confirmation(*, name: str, reference: str, left_on: date,
                              retention_months: int) -> list[dict]:
    """To the person who recorded it: the leaver, and what follows."""
    return [section(f":white_check_mark: Recorded that *{escape(name)}* left "
                    f"{code(reference)} on {day(left_on)}. They are no longer reminded; their "
                    f"record is erased {retention_months} months after that day.")]
