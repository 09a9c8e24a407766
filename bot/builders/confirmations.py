"""Messages after a form is saved: the confirmation to the person who saved it (a direct
message), and the report to the BSCP channel of a meeting where safeguarding was not discussed.
Names of staff appear only in the renewal confirmation, to the person entitled who recorded
it; certificate numbers only masked."""

from __future__ import annotations

from datetime import date

from bot.builders.common import code, context, day, escape, mention, rag_emoji, section
from models.enums import Rag
from models.privacy import mask_last4


def build_meeting_confirmation(*, reference: str, held_on: date, discussed: bool,
                               next_meeting: date | None, reported: bool | None) -> list[dict]:
    """``reported``: None when safeguarding was discussed; else whether the BSCP was told."""
    lines = [f":white_check_mark: Recorded the monitoring meeting of {code(reference)} "
             f"held on {day(held_on)}."]
    if next_meeting:
        lines.append(f"Next meeting: {day(next_meeting)}.")
    if not discussed:
        lines.append(f"{rag_emoji(Rag.RED)} Safeguarding was not discussed, so standard 5 is "
                     "now red for this contract.")
        lines.append("The BSCP team has been told." if reported else
                     "No BSCP channel is configured, so nobody else was told: please let the "
                     "BSCP team know.")
    return [section("\n".join(lines))]


def build_bscp_not_discussed(*, reference: str, provider_name: str, held_on: date,
                             recorded_by: str) -> list[dict]:
    return [
        section(f"{rag_emoji(Rag.RED)} *Safeguarding was not discussed* at the monitoring "
                f"meeting of {code(reference)} ({escape(provider_name)}) held on "
                f"{day(held_on)}. Standard 5 is red for this contract."),
        context(f"Recorded by {mention(recorded_by)}."),
    ]


def build_check_confirmation(*, reference: str, theme: str, done_on: date,
                             outcome: Rag) -> list[dict]:
    return [section(f":white_check_mark: Recorded the thematic check “{escape(theme)}” of "
                    f"{code(reference)} done on {day(done_on)}: {rag_emoji(outcome)} "
                    f"{outcome}.")]


def build_assessment_confirmation(*, provider_name: str, completed_on: date,
                                  statement_on: date | None) -> list[dict]:
    statement = (f"statement received {day(statement_on)}" if statement_on
                 else "no statement yet — standard 1 stays red until it arrives")
    return [section(f":white_check_mark: Recorded the self-assessment of "
                    f"*{escape(provider_name)}* completed on {day(completed_on)}; "
                    f"{statement}.")]


def build_renewal_confirmation(*, name: str, reference: str, last4: str, issued_on: date,
                               recheck_due: date) -> list[dict]:
    return [section(f":white_check_mark: Recorded the DBS renewal of *{escape(name)}* "
                    f"({code(reference)}): certificate {mask_last4(last4)}, issued "
                    f"{day(issued_on)}, next re-check due {day(recheck_due)}. Reminders "
                    "now count down to the new date.")]


def blocks_text(blocks: list[dict]) -> str:
    """The plain-text fallback of a message: its sections' text."""
    return " ".join(b["text"]["text"] for b in blocks if b.get("type") == "section")
