"""The forms behind ``meeting``, ``check`` and ``assessment``: pure functions from the subject
and the day to a modal view. ``private_metadata`` is the subject's id (contract or provider).

The meeting's "next meeting" is prefilled from the contract's monitoring interval as of the
meeting date; its block ID carries that date, so when the meeting date changes (the datepicker
dispatches :data:`bot.ids.MEETING_HELD_ON_ACTION`) the refreshed form shows the new prefill.
"""

from __future__ import annotations

from datetime import date

from bot import ids
from bot.builders.common import code, context, day, escape
from bot.builders.inputs import date_input, modal, radio_input, text_input, yes_no_input
from models.core import Contract, Provider
from models.enums import Rag
from models.thematic import ThematicDue
from models.words import due_words


def subject_line(contract: Contract, provider_name: str) -> str:
    service = f" · {escape(contract.service)}" if contract.service else ""
    return f"{code(contract.reference)} · *{escape(provider_name)}*{service}"


def build_meeting_modal(*, contract: Contract, provider_name: str, held_on: date,
                        next_meeting: date | None) -> dict:
    """Record a monitoring meeting: date, safeguarding discussed, metrics, actions, next one."""
    blocks = [
        context(f"{subject_line(contract, provider_name)} · meetings every "
                f"{contract.monitoring_every_months} months"),
        date_input(ids.HELD_ON, "Meeting held on", held_on,
                   action_id=ids.MEETING_HELD_ON_ACTION),
        yes_no_input(ids.DISCUSSED, "Was safeguarding discussed?",
                     hint="Standard 5: safeguarding is discussed at every monitoring meeting. "
                          "“No” is reported to the BSCP."),
        text_input(ids.METRICS, "Safeguarding metrics reviewed", multiline=True, optional=True,
                   placeholder="e.g. 2 referrals, 0 allegations, training at 96%"),
        text_input(ids.ACTIONS_AGREED, "Actions agreed", multiline=True, optional=True),
        text_input(ids.NOTES, "Notes", multiline=True, optional=True),
        date_input(next_meeting_block(next_meeting), "Next meeting", next_meeting,
                   optional=True, hint="Prefilled from the contract's monitoring interval."),
    ]
    return modal(callback_id=ids.MEETING_CALLBACK, title="Monitoring meeting",
                 private_metadata=str(contract.id), blocks=blocks)


def next_meeting_block(prefill: date | None) -> str:
    return f"{ids.NEXT_MEETING}:{prefill.isoformat() if prefill else ''}"


def build_check_modal(*, contract: Contract, provider_name: str, done_on: date,
                      planned_theme: str = "", due: ThematicDue | None = None,
                      today: date | None = None) -> dict:
    """Record a thematic check: theme, date, outcome red/amber/green, findings. The next
    check's due date is the one ``status`` and the reminders give (models.thematic)."""
    planned = f" · planned check “{escape(planned_theme)}”" if planned_theme else ""
    when = (f" · next thematic check {due_words(due.due, today or done_on)}, by "
            f"{due.basis()}" if due else "")
    blocks = [
        context(f"{subject_line(contract, provider_name)}{planned}{when}"),
        text_input(ids.THEME, "Theme", initial=planned_theme, max_length=200,
                   placeholder="e.g. Safer recruitment"),
        date_input(ids.DONE_ON, "Check done on", done_on),
        radio_input(ids.OUTCOME, "Outcome", [(Rag.RED.value, "Red — serious concerns"),
                                             (Rag.AMBER.value, "Amber — improvements needed"),
                                             (Rag.GREEN.value, "Green — assured")]),
        text_input(ids.FINDINGS, "Findings", multiline=True, optional=True),
    ]
    return modal(callback_id=ids.CHECK_CALLBACK, title="Thematic check",
                 private_metadata=str(contract.id), blocks=blocks)


def build_assessment_modal(*, provider: Provider, completed_on: date,
                           last_completed: date | None = None) -> dict:
    """Record a provider's self-assessment and Child Safeguarding Statement."""
    last = f" · last self-assessment {day(last_completed)}" if last_completed else \
        " · no self-assessment on record yet"
    blocks = [
        context(f"*{escape(provider.name)}*{last}"),
        date_input(ids.COMPLETED_ON, "Self-assessment completed on", completed_on),
        date_input(ids.STATEMENT_ON, "Child Safeguarding Statement received on", None,
                   optional=True, hint="Leave empty if the statement has not arrived yet."),
        text_input(ids.NOTES, "Notes", multiline=True, optional=True),
    ]
    return modal(callback_id=ids.ASSESSMENT_CALLBACK, title="Self-assessment",
                 private_metadata=str(provider.id), blocks=blocks)
