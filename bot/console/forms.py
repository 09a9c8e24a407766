"""Filling in a modal at the prompt, one input at a time, as a person would in Slack.

- A date is typed as YYYY-MM-DD; Enter keeps the date shown; ``-`` empties an
  optional one.
- A text is one line (``\\n`` makes a new line in a long text); Enter keeps the value shown.
- A choice (radio buttons, a menu) is typed as its number or the start of its text; Enter
  keeps the one chosen. Checkboxes take numbers separated by commas.
- Anything the console cannot type into keeps its value.
Each answer becomes the element's state as Slack reports it in ``view.state.values``.
``quit`` or ``cancel`` (any case) typed at any field leaves the form (:class:`LeftForm`), as
Ctrl-D (end of input) does; nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.render import text_of

Read = Callable[[str], str]
Echo = Callable[[str], None]
LEAVE_FORM = frozenset({"quit", "cancel", "exit", "/quit", "/cancel", "/exit"})


class LeftForm(Exception):
    """``quit`` or ``cancel`` was typed inside a form."""


def field_key(block_id: str) -> str:
    """A field's name: its block ID before any ``:`` (bot.ids: a refreshed form's block may
    carry a new prefill date after it, and is still the same field)."""
    return block_id.split(":", 1)[0]


def leaving(read: Read) -> Read:
    """``read``, raising :class:`LeftForm` when the answer is ``quit`` or ``cancel``."""
    def read_field(prompt: str) -> str:
        typed = read(prompt)
        if typed.strip().lower() in LEAVE_FORM:
            raise LeftForm(typed.strip())
        return typed

    return read_field


def input_blocks(view: dict) -> list[dict]:
    return [b for b in view.get("blocks", []) if b.get("type") == "input" and b.get("block_id")]


def label_of(block: dict) -> str:
    return text_of(block.get("label")) or block.get("block_id", "")


def initial_state(element: dict) -> dict:
    """What Slack reports for an element nobody touched: its initial value."""
    kind = element.get("type", "")
    if kind == "datepicker":
        return {"type": kind, "selected_date": element.get("initial_date")}
    if kind in ("radio_buttons", "static_select"):
        return {"type": kind, "selected_option": element.get("initial_option")}
    if kind == "checkboxes":
        return {"type": kind, "selected_options": element.get("initial_options", [])}
    if kind == "number_input":
        return {"type": kind, "value": element.get("initial_value")}
    if kind == "plain_text_input":
        return {"type": kind, "value": element.get("initial_value")}
    return {"type": kind}


def form_state(view: dict, answers: dict[str, dict]) -> dict:
    """``view.state.values``: the answers given, the initial values elsewhere."""
    return {b["block_id"]: {b["element"].get("action_id", b["block_id"]):
                            answers.get(b["block_id"]) or initial_state(b["element"])}
            for b in input_blocks(view)}


def ask(block: dict, read: Read, echo: Echo) -> dict:
    """Ask for one input until the answer has the right shape; returns its state."""
    read = leaving(read)
    element = block.get("element", {})
    kind = element.get("type", "")
    label = label_of(block) + (" (optional)" if block.get("optional") else "")
    hint = text_of(block.get("hint"))
    if hint:
        echo(f"  {hint}")
    asker = {"datepicker": _date, "plain_text_input": _text, "number_input": _text,
             "radio_buttons": _choice, "static_select": _choice,
             "checkboxes": _checkboxes}.get(kind)
    if asker is None:
        echo(f"{label}: kept as shown (the console cannot fill in a {kind})")
        return initial_state(element)
    while True:
        answer = asker(element, label, bool(block.get("optional")), read, echo)
        if answer is not None:
            return answer
        # asker said why; ask again


def _date(element: dict, label: str, optional: bool, read: Read, echo: Echo) -> dict | None:
    shown = element.get("initial_date")
    keep = f"Enter for {shown}" if shown else ("Enter to leave empty" if optional else "")
    typed = read(f"{label} [YYYY-MM-DD{', ' + keep if keep else ''}]: ").strip()
    state = {"type": "datepicker", "selected_date": shown}
    if not typed:
        return state
    if typed == "-" and optional:
        return {**state, "selected_date": None}
    try:
        day = date.fromisoformat(typed)
    except ValueError:
        echo(f"  “{typed}” is not a date: type it as YYYY-MM-DD, like 2027-04-03.")
        return None
    return {**state, "selected_date": day.isoformat()}


def _text(element: dict, label: str, optional: bool, read: Read, echo: Echo) -> dict | None:
    shown = element.get("initial_value")
    placeholder = text_of(element.get("placeholder"))
    keep = f"Enter for “{shown}”" if shown else placeholder
    many = " (one line; \\n for a new line)" if element.get("multiline") else ""
    typed = read(f"{label}{many}{f' [{keep}]' if keep else ''}: ")
    if not typed.strip():
        return {"type": element["type"], "value": shown}
    limit = element.get("max_length")
    value = typed.strip().replace("\\n", "\n")
    if limit and len(value) > limit:
        echo(f"  At most {limit} characters, please ({len(value)} typed).")
        return None
    return {"type": element["type"], "value": value}


def _pick(options: list[dict], typed: str) -> dict | None:
    if typed.isdigit() and 1 <= int(typed) <= len(options):
        return options[int(typed) - 1]
    found = [o for o in options if text_of(o.get("text")).lower().startswith(typed.lower())]
    return found[0] if len(found) == 1 else None


def _choice(element: dict, label: str, optional: bool, read: Read, echo: Echo) -> dict | None:
    options = element.get("options", [])
    for n, option in enumerate(options, start=1):
        echo(f"  {n}. {text_of(option.get('text'))}")
    chosen = element.get("initial_option")
    keep = f", Enter for {text_of(chosen.get('text'))}" if chosen else ""
    typed = read(f"{label} [1-{len(options)}{keep}]: ").strip()
    if not typed:
        return {"type": element["type"], "selected_option": chosen}
    picked = _pick(options, typed)
    if picked is None:
        echo(f"  Type a number from 1 to {len(options)}.")
        return None
    return {"type": element["type"], "selected_option": picked}


def _checkboxes(element: dict, label: str, optional: bool, read: Read,
                echo: Echo) -> dict | None:
    options = element.get("options", [])
    for n, option in enumerate(options, start=1):
        echo(f"  {n}. {text_of(option.get('text'))}")
    typed = read(f"{label} [numbers separated by commas, Enter for as shown]: ").strip()
    if not typed:
        return initial_state(element)
    picked = [_pick(options, part.strip()) for part in typed.split(",") if part.strip()]
    if None in picked:
        echo(f"  Type numbers from 1 to {len(options)}, separated by commas.")
        return None
    return {"type": "checkboxes", "selected_options": picked}
