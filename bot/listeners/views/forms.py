"""Reading a submitted modal and checking it: pure functions of the view and today.

Each ``parse_*`` returns ``(form, {})`` when the whole form is valid, else ``(None, errors)``
with ``errors`` as ``{block_id: message}`` — what Slack shows under each field
(``response_action: errors``). Rules:
- a required field must be filled in (text: more than spaces; a choice: made; a date: picked);
- no date in the future: a meeting held, a check done, a self-assessment completed, a statement
  received, a certificate issued;
- the next meeting is after the meeting; the re-check date is after the issue date;
- a certificate number is exactly 12 digits once spaces and dashes are removed (as on import);
- the renewal form records either a renewal (the certificate number then required) or that the
  person left (the day they left then required, not in the future); an unset choice is a
  renewal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import ids
from bot.builders.common import day
from bot.builders.inputs import YES
from models.enums import Rag
from models.privacy import normalise_certificate

FILL_IN = "Please fill this in."
CHOOSE = "Please choose one."
PICK_DATE = "Please pick a date."
BAD_CERTIFICATE = ("A DBS certificate number is exactly 12 digits (spaces and dashes are "
                   "fine).")


@dataclass(frozen=True)
class MeetingForm:
    held_on: date
    safeguarding_discussed: bool
    metrics: str
    actions: str
    notes: str
    next_meeting_on: date | None


@dataclass(frozen=True)
class CheckForm:
    theme: str
    done_on: date
    outcome: Rag
    findings: str


@dataclass(frozen=True)
class AssessmentForm:
    completed_on: date
    statement_received_on: date | None
    notes: str


@dataclass(frozen=True)
class RenewalForm:
    certificate: str = field(repr=False)  # the 12 digits: encrypt at once, never show
    issued_on: date
    recheck_due: date


@dataclass(frozen=True)
class LeaverForm:
    left_on: date


class Reader:
    """The submitted values of one view, and the errors found while reading them."""

    def __init__(self, view: dict[str, Any], today: date):
        self.values: dict[str, dict[str, Any]] = (view.get("state") or {}).get("values") or {}
        self.block_ids = [b["block_id"] for b in view.get("blocks", []) if b.get("block_id")]
        self.today = today
        self.errors: dict[str, str] = {}

    def block(self, prefix: str) -> str:
        """The block whose ID is ``prefix`` or starts with ``prefix:``."""
        for block_id in [*self.block_ids, *self.values]:
            if block_id == prefix or block_id.startswith(prefix + ":"):
                return block_id
        return prefix

    def _element(self, block_id: str) -> dict[str, Any]:
        return next(iter((self.values.get(block_id) or {}).values()), None) or {}

    def text(self, block_id: str, *, required: bool = False) -> str:
        value: str = (self._element(block_id).get("value") or "").strip()
        if required and not value:
            self.errors[block_id] = FILL_IN
        return value

    def picked_option(self, block_id: str) -> str | None:
        """The chosen option's value, or None (not an error) when none is chosen."""
        value: str | None = (self._element(block_id).get("selected_option") or {}).get("value")
        return value

    def choice(self, block_id: str) -> str | None:
        value: str | None = (self._element(block_id).get("selected_option") or {}).get("value")
        if value is None:
            self.errors[block_id] = CHOOSE
        return value

    def picked_date(self, block_id: str, *, required: bool = True,
                    past: str | None = None) -> date | None:
        """A picked date; with ``past`` (what it is), one after today is an error."""
        raw = self._element(block_id).get("selected_date")
        if not raw:
            if required:
                self.errors[block_id] = PICK_DATE
            return None
        try:
            picked = date.fromisoformat(raw)
        except ValueError:
            self.errors[block_id] = PICK_DATE
            return None
        if past and picked > self.today:
            self.errors[block_id] = (f"{past} can't be in the future (today is "
                                     f"{day(self.today)}).")
        return picked

    def after(self, block_id: str, later: date | None, earlier: date | None, what: str) -> None:
        if later and earlier and later <= earlier and block_id not in self.errors:
            self.errors[block_id] = f"{what} must be after {day(earlier)}."


# Each parse_* returns (form, {}) only when nothing is missing and nothing was wrong; a value
# missing always comes with its error, so the checks for None below only say so to the types.

def parse_meeting(view: dict[str, Any], today: date) -> tuple[MeetingForm | None, dict[str, str]]:
    read = Reader(view, today)
    held_on = read.picked_date(ids.HELD_ON, past="A meeting")
    discussed = read.choice(ids.DISCUSSED)
    next_block = read.block(ids.NEXT_MEETING)
    next_on = read.picked_date(next_block, required=False)
    read.after(next_block, next_on, held_on, "The next meeting")
    if held_on is None or read.errors:
        return None, read.errors
    return MeetingForm(held_on, discussed == YES, read.text(ids.METRICS),
                       read.text(ids.ACTIONS_AGREED), read.text(ids.NOTES), next_on), {}


def parse_check(view: dict[str, Any], today: date) -> tuple[CheckForm | None, dict[str, str]]:
    read = Reader(view, today)
    theme = read.text(ids.THEME, required=True)
    done_on = read.picked_date(ids.DONE_ON, past="A check")
    outcome = read.choice(ids.OUTCOME)
    if outcome is not None and outcome not in {rag.value for rag in Rag}:
        read.errors[ids.OUTCOME] = CHOOSE
    if done_on is None or outcome is None or read.errors:
        return None, read.errors
    return CheckForm(theme, done_on, Rag(outcome), read.text(ids.FINDINGS)), {}


def parse_assessment(view: dict[str, Any],
                     today: date) -> tuple[AssessmentForm | None, dict[str, str]]:
    read = Reader(view, today)
    completed = read.picked_date(ids.COMPLETED_ON, past="A self-assessment")
    statement = read.picked_date(ids.STATEMENT_ON, required=False, past="A statement")
    if completed is None or read.errors:
        return None, read.errors
    return AssessmentForm(completed, statement, read.text(ids.NOTES)), {}


def parse_renewal(view: dict[str, Any], today: date
                  ) -> tuple[RenewalForm | LeaverForm | None, dict[str, str]]:
    read = Reader(view, today)
    if read.picked_option(ids.RENEWAL_OUTCOME) == ids.LEFT:
        left_on = read.picked_date(ids.LEFT_ON, past="A leaving date")
        if left_on is None or read.errors:
            return None, read.errors
        return LeaverForm(left_on), {}
    raw = read.text(ids.CERTIFICATE, required=True)
    number = normalise_certificate(raw) if raw else None
    if raw and number is None:
        read.errors[ids.CERTIFICATE] = BAD_CERTIFICATE
    issued = read.picked_date(ids.ISSUED_ON, past="A certificate")
    recheck_block = read.block(ids.RECHECK_DUE)
    recheck = read.picked_date(recheck_block)
    read.after(recheck_block, recheck, issued, "The re-check")
    if number is None or issued is None or recheck is None or read.errors:
        return None, read.errors
    return RenewalForm(number, issued, recheck), {}
