"""Block Kit → plain terminal text: how a message, modal or App Home reads to a person.

One renderer for everything that shows Slack output without Slack (``--dry-run``, ``demo``,
``chat``). Rules:
- mrkdwn becomes plain text: ``*bold*``, ``_italic_`` and ``~strike~`` lose their marks (not
  inside `code`; around it, ``*`code`*`` reads `code`), ``<url|label>`` reads
  ``label (url)``, ``<@U1>`` reads ``@U1``, ``<#C1|x>`` reads ``#x``, ``&lt;`` ``&gt;``
  ``&amp;`` are unescaped (in plain text too), and a few status emoji become words — a colour
  circle reads ``(red)``, or nothing when its line already says the colour before the next
  circle (``:red_circle: 3 red`` reads ``3 red``, never ``(red) 3 red``);
- a header is underlined; a section is its text, its fields (one a line, indented) and its
  accessory in brackets at the end of the first line; context is indented; a divider is a rule;
- interactive elements read as ``[Button]``, ``[Choose… ▾]``, ``[2027-04-03 ▾]``; options and
  checkboxes are listed; an input block is ``Label: [element]`` with its hint;
- rich text keeps its lists (• or 1.), quotes (>) and preformatted text (indented);
- a view (modal, App Home) is framed by its title and its submit and close buttons;
- anything unknown reads ``[<type>]`` rather than disappearing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from operator import itemgetter

RULE = "─" * 40
EMOJI = {":red_circle:": "(red)", ":large_orange_circle:": "(amber)",
         ":large_yellow_circle:": "(amber)", ":large_green_circle:": "(green)",
         ":white_check_mark:": "✓", ":heavy_check_mark:": "✓", ":x:": "✗",
         ":warning:": "(!)", ":bell:": "(!)", ":mega:": "(!)", ":calendar:": "", ":memo:": ""}
_ANGLE = re.compile(r"<([^<>]+)>")
# the mark first (a literal the regex engine searches for quickly), then a look back at the
# character before it: not a word character and not the mark again; then the marked text up
# to the first mark or line end, which ends in a non-space — or takes in one mark when two
# follow (``*a**`` reads ``a*``) — read greedily (as fast as a plain run of characters)
_MARKS = {m: re.compile(rf"{re.escape(m)}(?<![\w{m}]{re.escape(m)})(?=\S)"
                        rf"([^{m}\n]*[^\s{m}]|[^{m}\n]*{re.escape(m)}){re.escape(m)}(?![\w{m}])")
          for m in "*_~"}
_BOLD, _ITALIC, _STRIKE = _MARKS.values()
_FIRST_GROUP = itemgetter(1)  # a match's marked text, without a Python call per match
_EMOJI = re.compile(r":[a-z0-9_+-]+:")
_MARKED_CODE = re.compile(r"([*_~])(`[^`\n]+`)\1")
_SPECIAL = frozenset("*_~<&:`")
_CIRCLES = "|".join(re.escape(code) for code, word in EMOJI.items() if word.startswith("("))
# a colour circle (and the space after it) whose colour word follows before the next circle
_COLOUR_SAID = re.compile(
    "|".join(rf"{re.escape(code)} ?(?=(?:(?!{_CIRCLES})[^\n])*?\b{word.strip('()')}\b)"
             for code, word in EMOJI.items() if word.startswith("(")))


def _link(match: re.Match) -> str:
    target, _, label = match.group(1).partition("|")
    if target.startswith("@"):
        return f"@{label or target[1:]}"
    if target.startswith("#"):
        return f"#{label or target[1:]}"
    if target.startswith("!subteam^"):
        return label or "@group"
    if target.startswith("!date^"):
        return label
    if target.startswith("!"):
        return f"@{target[1:]}"
    return f"{label} ({target})" if label and label != target else target


def _emoji(text: str) -> str:
    if ":" not in text:
        return text
    text = _COLOUR_SAID.sub("", text)
    return _EMOJI.sub(lambda m: EMOJI.get(m.group(0), m.group(0)), text)


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mrkdwn(text: str) -> str:
    """Slack mrkdwn as plain text (see the module's rules)."""
    if _SPECIAL.isdisjoint(text):
        return text
    if "`" not in text:
        text = _outside_code(text)
        return _unescape(text) if "&" in text else text
    parts = _MARKED_CODE.sub(r"\2", text).split("`")
    for index in range(0, len(parts), 2):  # outside code spans only
        parts[index] = _outside_code(parts[index])
    return _unescape("`".join(parts))


def _outside_code(part: str) -> str:
    if "<" in part:
        part = _ANGLE.sub(_link, part)
    if "*" in part:
        part = _BOLD.sub(_FIRST_GROUP, part)
    if "_" in part:
        part = _ITALIC.sub(_FIRST_GROUP, part)
    if "~" in part:
        part = _STRIKE.sub(_FIRST_GROUP, part)
    return _emoji(part) if ":" in part else part


def text_of(obj: Mapping | str | None) -> str:
    """A text object (plain_text or mrkdwn) as plain text."""
    if obj is None:
        return ""
    if isinstance(obj, str):
        return mrkdwn(obj)
    if obj.get("type") == "plain_text":
        return _plain(obj.get("text", ""))
    return mrkdwn(obj.get("text", ""))


@lru_cache(maxsize=1024)  # button labels and titles: a few texts, each thousands of times
def _plain(text: str) -> str:
    return _emoji(_unescape(text))


def _option(option: Mapping) -> str:
    return text_of(option.get("text"))


def element(el: Mapping) -> str:
    """One interactive or context element, inline."""
    kind = el.get("type", "")
    if kind == "button":
        return f"[{text_of(el.get('text'))}]"
    if kind in ("plain_text", "mrkdwn"):
        return text_of(el)
    if kind == "image":
        return f"[image: {el.get('alt_text', '')}]"
    if kind in ("datepicker", "timepicker", "datetimepicker"):
        chosen = el.get("initial_date") or el.get("initial_time") or el.get("initial_date_time")
        return f"[{chosen or text_of(el.get('placeholder')) or kind} ▾]"
    if kind == "overflow":
        return "[⋯ " + " | ".join(_option(o) for o in el.get("options", [])) + "]"
    if kind.endswith("select"):
        return _select(el)
    if kind in ("checkboxes", "radio_buttons"):
        return "  ".join(_choices(el))
    if kind.endswith("input"):
        value = el.get("initial_value") or el.get("initial_number")
        shown = str(value) if value is not None else text_of(el.get("placeholder"))
        return f"[{shown or '…'}]" if not el.get("multiline") else f"[{shown or '…'} (long text)]"
    return f"[{kind}]"


def _select(el: Mapping) -> str:
    chosen = el.get("initial_option") and _option(el["initial_option"])
    many = el.get("initial_options") and ", ".join(_option(o) for o in el["initial_options"])
    users = el.get("initial_user") or el.get("initial_conversation") or el.get("initial_channel")
    shown = chosen or many or (users and f"@{users}") or text_of(el.get("placeholder"))
    return f"[{shown or 'Choose…'} ▾]"


def _choices(el: Mapping) -> list[str]:
    radio = el.get("type") == "radio_buttons"
    picked = [el["initial_option"]] if el.get("initial_option") else el.get("initial_options", [])
    picked_values = {o.get("value") for o in picked}
    marks = ("(•)", "( )") if radio else ("[x]", "[ ]")
    return [f"{marks[0] if o.get('value') in picked_values else marks[1]} {_option(o)}"
            for o in el.get("options", [])]


def _indent(text: str, prefix: str = "  ") -> str:
    if "\n" not in text:  # the usual case: one line
        return prefix + text if text else text
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def _section(block: Mapping) -> str:
    text_object = block.get("text")
    has_text = bool(text_object)
    text = text_of(text_object) if has_text else ""
    accessory = block.get("accessory")
    if accessory is not None:
        shown = element(accessory)
        if accessory.get("type") in ("checkboxes", "radio_buttons"):
            lines = [text] * has_text + [f"  {c}" for c in _choices(accessory)]
            text, has_text = "\n".join(lines), bool(lines)
        elif has_text:  # on the first line
            first, newline, rest = text.partition("\n")
            text = f"{first}  {shown}{newline}{rest}"
        else:
            text, has_text = shown, True
    fields = block.get("fields")
    if not fields:
        return text
    lines = text.split("\n") if has_text else []
    for field in fields:
        parts = text_of(field).split("\n")
        lines.append("  " + (": ".join(parts) if len(parts) == 2 else " ".join(parts)))
    return "\n".join(lines)


def _input(block: Mapping) -> str:
    label = text_of(block.get("label")) + (" (optional)" if block.get("optional") else "")
    el = block.get("element", {})
    if el.get("type") in ("checkboxes", "radio_buttons") or (
            el.get("type", "").endswith("select") and el.get("options")):
        options = _choices(el) if not el["type"].endswith("select") else \
            [f"- {_option(o)}" for o in el.get("options", [])]
        body = f"{label}: {element(el)}" if el["type"].endswith("select") else f"{label}:"
        body += "\n" + "\n".join(f"    {o}" for o in options)
    else:
        body = f"{label}: {element(el)}"
    hint = text_of(block.get("hint"))
    return body + (f"\n    {hint}" if hint else "")


def _rich_inline(elements: Iterable[Mapping]) -> str:
    out = []
    for el in elements:
        kind = el.get("type")
        if kind == "text":
            text = el.get("text", "")
            out.append(f"`{text}`" if el.get("style", {}).get("code") else text)
        elif kind == "link":
            text, url = el.get("text"), el.get("url", "")
            out.append(f"{text} ({url})" if text and text != url else url)
        elif kind == "user":
            out.append(f"@{el.get('user_id', '')}")
        elif kind == "channel":
            out.append(f"#{el.get('channel_id', '')}")
        elif kind == "usergroup":
            out.append(f"@{el.get('usergroup_id', '')}")
        elif kind == "broadcast":
            out.append(f"@{el.get('range', 'here')}")
        elif kind == "emoji":
            code = f":{el.get('name', '')}:"
            out.append(el.get("unicode") and chr(int(el["unicode"].split("-")[0], 16))
                       or EMOJI.get(code, code))
        elif kind == "date":
            out.append(el.get("fallback", str(el.get("timestamp", ""))))
        else:
            out.append(el.get("text", f"[{kind}]"))
    return "".join(out)


def _rich_text(block: Mapping) -> str:
    parts = []
    for el in block.get("elements", []):
        kind = el.get("type")
        if kind == "rich_text_list":
            pad = "  " * int(el.get("indent", 0))
            ordered = el.get("style") == "ordered"
            for n, item in enumerate(el.get("elements", []), start=int(el.get("offset", 0)) + 1):
                mark = f"{n}." if ordered else "•"
                parts.append(f"{pad}{mark} {_rich_inline(item.get('elements', []))}")
        elif kind == "rich_text_preformatted":
            parts.append(_indent(_rich_inline(el.get("elements", [])), "    "))
        elif kind == "rich_text_quote":
            parts.append(_indent(_rich_inline(el.get("elements", [])), "> "))
        else:
            parts.append(_rich_inline(el.get("elements", [])))
    return "\n".join(parts)


def _header(block: Mapping) -> str:
    text = text_of(block.get("text"))
    return f"{text}\n{'=' * min(len(text), 60)}"


def _context(block: Mapping) -> str:
    elements = block.get("elements", [])
    if len(elements) == 1:  # the usual case: one text
        return _indent(element(elements[0]))
    return _indent("  ".join(element(el) for el in elements))


def _actions(block: Mapping) -> str:
    return "  ".join(element(el) for el in block.get("elements", []))


def _image(block: Mapping) -> str:
    title = text_of(block.get("title"))
    return f"[image: {block.get('alt_text', '')}]" + (f" {title}" if title else "")


RENDERERS = {
    "header": _header, "section": _section, "context": _context, "actions": _actions,
    "divider": lambda _block: RULE, "input": _input, "rich_text": _rich_text,
    "image": _image, "markdown": lambda block: block.get("text", ""),
    "file": lambda _block: "[file]",
    "video": lambda block: f"[video: {text_of(block.get('title'))}]",
}


def _as_dict(block) -> Mapping:
    return block if isinstance(block, dict) else block.to_dict()


def render_blocks(blocks: Iterable) -> str:
    """Blocks (dicts, or slack_sdk Block objects) as plain text, one block after another."""
    out = []
    for block in blocks:
        if not isinstance(block, dict):
            block = block.to_dict()  # a slack_sdk Block
        kind = block.get("type", "")
        renderer = RENDERERS.get(kind)
        out.append(renderer(block) if renderer else f"[{kind}]")
    return "\n".join(out)


def render_message(*, text: str | None = None, blocks: Iterable | None = None) -> str:
    """A message as it reads in Slack: its blocks, or its text when it has none."""
    blocks = list(blocks or [])
    return render_blocks(blocks) if blocks else mrkdwn(text or "")


def render_view(view) -> str:
    """A modal or App Home view: its title, its blocks, then its submit and close buttons."""
    view = _as_dict(view)
    kind = "App Home" if view.get("type") == "home" else "Modal"
    title = text_of(view.get("title"))
    top = f"┌─ {kind}{': ' + title if title else ''} ─┐"
    buttons = [f"[{text_of(view[k])}]" for k in ("submit", "close") if view.get(k)]
    body = render_blocks(view.get("blocks", []))
    return "\n".join(part for part in (top, body, "  ".join(buttons), "└" + "─" * (len(top) - 2)
                                       + "┘") if part)
