"""Reading a submitted modal and checking it: pure functions of the view and today.

Each ``parse_*`` returns ``(form, {})`` when the whole form is valid, else ``(None, errors)``
with ``errors`` as ``{block_id: message}`` — what Slack shows under each field
(``response_action: errors``). Rules:
- a required field must be filled in (text: more than spaces; a choice: made; a date: picked);
- no date in the future: a meeting held, a check done, a self-assessment completed, a statement
  received, a certificate issued;
- the next meeting is after the meeting; the re-check date is after the issue date;
- a certificate number is exactly 12 digits once spaces and dashes are removed (as on import).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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


class Reader:
    """The submitted values of one view, and the errors found while reading them."""

    def __init__(self, view: dict, today: date):
        self.values = (view.get("state") or {}).get("values") or {}
        self.block_ids = [b.get("block_id") for b in view.get("blocks", []) if b.get("block_id")]
        self.today = today
        self.errors: dict[str, str] = {}

    def block(self, prefix: str) -> str:
        """The block whose ID is ``prefix`` or starts with ``prefix:``."""
        for block_id in [*self.block_ids, *self.values]:
            if block_id == prefix or block_id.startswith(prefix + ":"):
                return block_id
        return prefix

    def _element(self, block_id: str) -> dict:
        return next(iter((self.values.get(block_id) or {}).values()), None) or {}

    def text(self, block_id: str, *, required: bool = False) -> str:
        value = (self._element(block_id).get("value") or "").strip()
        if required and not value:
            self.errors[block_id] = FILL_IN
        return value

    def choice(self, block_id: str) -> str | None:
        value = (self._element(block_id).get("selected_option") or {}).get("value")
        if value is None:
            self.errors[block_id] = CHOOSE
        return value

    def date(self, block_id: str, *, required: bool = True, past: str | None = None):
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

    def after(self, block_id: str, later: date | None, earlier: date | None, what: str):
        if later and earlier and later <= earlier and block_id not in self.errors:
            self.errors[block_id] = f"{what} must be after {day(earlier)}."

    def result(self, make):
        """The form built by ``make()`` when nothing was wrong, else the errors."""
        return (None, self.errors) if self.errors else (make(), {})


def parse_meeting(view: dict, today: date) -> tuple[MeetingForm | None, dict[str, str]]:
    read = Reader(view, today)
    held_on = read.date(ids.HELD_ON, past="A meeting")
    discussed = read.choice(ids.DISCUSSED)
    next_block = read.block(ids.NEXT_MEETING)
    next_on = read.date(next_block, required=False)
    read.after(next_block, next_on, held_on, "The next meeting")
    return read.result(lambda: MeetingForm(
        held_on, discussed == YES, read.text(ids.METRICS), read.text(ids.ACTIONS_AGREED),
        read.text(ids.NOTES), next_on))


def parse_check(view: dict, today: date) -> tuple[CheckForm | None, dict[str, str]]:
    read = Reader(view, today)
    theme = read.text(ids.THEME, required=True)
    done_on = read.date(ids.DONE_ON, past="A check")
    outcome = read.choice(ids.OUTCOME)
    if outcome is not None and outcome not in {rag.value for rag in Rag}:
        read.errors[ids.OUTCOME] = CHOOSE
    return read.result(lambda: CheckForm(theme, done_on, Rag(outcome), read.text(ids.FINDINGS)))


def parse_assessment(view: dict, today: date) -> tuple[AssessmentForm | None, dict[str, str]]:
    read = Reader(view, today)
    completed = read.date(ids.COMPLETED_ON, past="A self-assessment")
    statement = read.date(ids.STATEMENT_ON, required=False, past="A statement")
    return read.result(lambda: AssessmentForm(completed, statement, read.text(ids.NOTES)))


def parse_renewal(view: dict, today: date) -> tuple[RenewalForm | None, dict[str, str]]:
    read = Reader(view, today)
    raw = read.text(ids.CERTIFICATE, required=True)
    number = normalise_certificate(raw) if raw else None
    if raw and number is None:
        read.errors[ids.CERTIFICATE] = BAD_CERTIFICATE
    issued = read.date(ids.ISSUED_ON, past="A certificate")
    recheck_block = read.block(ids.RECHECK_DUE)
    recheck = read.date(recheck_block)
    read.after(recheck_block, recheck, issued, "The re-check")
    return read.result(lambda: RenewalForm(number, issued, recheck))
