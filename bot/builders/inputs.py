"""Input blocks for modals. Every input's ``action_id`` equals its ``block_id`` unless given,
so a listener finds a value as ``state.values[block_id][action_id]``."""

from __future__ import annotations

from datetime import date

from bot.builders.common import plain

YES, NO = "yes", "no"


def _input(block_id: str, label: str, element: dict, *, optional: bool = False,
           hint: str | None = None, dispatch: bool = False) -> dict:
    block = {"type": "input", "block_id": block_id, "label": plain(label, 2000),
             "element": element, "optional": optional}
    if hint:
        block["hint"] = plain(hint, 2000)
    if dispatch:
        block["dispatch_action"] = True
    return block


def date_input(block_id: str, label: str, initial: date | None, *, optional: bool = False,
               hint: str | None = None, action_id: str | None = None) -> dict:
    """A Slack datepicker; with ``action_id`` a change is sent at once (to refresh the form)."""
    element = {"type": "datepicker", "action_id": action_id or block_id,
               "placeholder": plain("Pick a date")}
    if initial is not None:
        element["initial_date"] = initial.isoformat()
    return _input(block_id, label, element, optional=optional, hint=hint,
                  dispatch=action_id is not None)


def text_input(block_id: str, label: str, *, initial: str = "", multiline: bool = False,
               optional: bool = False, hint: str | None = None, placeholder: str | None = None,
               max_length: int = 3000) -> dict:
    element = {"type": "plain_text_input", "action_id": block_id, "multiline": multiline,
               "max_length": max_length}
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return _input(block_id, label, element, optional=optional, hint=hint)


def radio_input(block_id: str, label: str, options: list[tuple[str, str]], *,
                hint: str | None = None, initial: str | None = None) -> dict:
    """Radio buttons with no preselection (the person must choose) unless ``initial`` (a
    value) is given; ``options``: (value, text)."""
    choices = [{"value": value, "text": plain(text, 75)} for value, text in options]
    element: dict = {"type": "radio_buttons", "action_id": block_id, "options": choices}
    if initial is not None:
        element["initial_option"] = next(c for c in choices if c["value"] == initial)
    return _input(block_id, label, element, hint=hint)


def yes_no_input(block_id: str, label: str, *, hint: str | None = None) -> dict:
    return radio_input(block_id, label, [(YES, "Yes"), (NO, "No")], hint=hint)


def modal(*, callback_id: str, title: str, private_metadata: str, blocks: list[dict],
          submit: str = "Save") -> dict:
    return {"type": "modal", "callback_id": callback_id, "title": plain(title, 24),
            "submit": plain(submit, 24), "close": plain("Cancel", 24),
            "private_metadata": private_metadata, "blocks": blocks}
