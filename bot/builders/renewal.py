"""The "Record renewal" form (opened by the button of the DBS digest or of ``dbs NAME``): a new
certificate number, its issue date, and the re-check date, prefilled to issue + 3 years.

The re-check block ID carries the prefilled date, so when the issue date changes (its
datepicker dispatches :data:`RENEWAL_ISSUED_ON_ACTION`) the refreshed form shows the new
prefill. ``private_metadata`` is the staff member's id.
"""

from __future__ import annotations

from datetime import date

from bot.builders.common import code, context, day, escape
from bot.builders.inputs import date_input, modal, text_input
from bot.ids import RECORD_RENEWAL_CALLBACK
from models.cadence import default_recheck_due
from models.core import Staff
from models.privacy import mask_last4

CERTIFICATE = "certificate"
ISSUED_ON = "issued_on"
RENEWAL_ISSUED_ON_ACTION = "renewal_issued_on"
RECHECK_DUE = "recheck_due"  # block ID prefix: "recheck_due:<prefilled ISO date>"


def recheck_block(prefill: date) -> str:
    return f"{RECHECK_DUE}:{prefill.isoformat()}"


def build_renewal_modal(*, staff: Staff, contract_reference: str, issued_on: date) -> dict:
    current = (f"current certificate {mask_last4(staff.dbs_certificate_last4)}, re-check due "
               f"{day(staff.dbs_recheck_due)}" if staff.dbs_certificate_last4
               else "no certificate recorded")
    recheck = default_recheck_due(issued_on)
    blocks = [
        context(f"*{escape(staff.name)}* · {code(contract_reference)} · {current}"),
        text_input(CERTIFICATE, "New DBS certificate number", max_length=40,
                   placeholder="12 digits", hint="Stored encrypted; shown only as its last "
                   "4 digits."),
        date_input(ISSUED_ON, "Issued on", issued_on, action_id=RENEWAL_ISSUED_ON_ACTION),
        date_input(recheck_block(recheck), "Re-check due", recheck,
                   hint="Prefilled to three years after the issue date."),
    ]
    return modal(callback_id=RECORD_RENEWAL_CALLBACK, title="DBS renewal",
                 private_metadata=str(staff.id), blocks=blocks)
