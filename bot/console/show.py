"""How the console shows what the app did: each reply, direct message, post or App Home as its
reader would see it (bot.render), under a line saying where it appeared; buttons numbered so
they can be pressed by typing the number. A file the app sends is saved in the current folder
under its name, and the line above it says where."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.console.payloads import CHANNEL
from bot.render import render_message, render_view
from bot.standin import Call, SlackStandIn


@dataclass(frozen=True)
class Press:
    """A button on screen: what pressing it sends."""

    number: int
    label: str
    button: dict
    block_id: str
    where: dict  # see bot.console.payloads.button_press


def _buttons(block: dict) -> Iterable[dict]:
    accessory = block.get("accessory")
    if isinstance(accessory, dict) and accessory.get("type") == "button":
        yield accessory
    if block.get("type") == "actions":
        yield from (e for e in block.get("elements", []) if e.get("type") == "button")


def number_buttons(blocks: list[dict], presses: list[Press], where: dict) -> list[dict]:
    """Copies of ``blocks`` whose buttons read ``[N: label]``; each is added to ``presses``."""
    shown = copy.deepcopy(blocks)
    for index, (original, block) in enumerate(zip(blocks, shown, strict=True)):
        block_id = original.get("block_id") or f"console-block-{index}"
        for button, copied in zip(_buttons(original), _buttons(block), strict=True):
            label = (button.get("text") or {}).get("text", "button")
            number = len(presses) + 1
            presses.append(Press(number, label, button, block_id, where))
            copied["text"] = {**copied.get("text", {}), "text": f"{number}: {label}"}
    return shown


def heading(text: str) -> str:
    return f"── {text} ──"


def save_files(calls: Iterable[Call], slack: SlackStandIn, folder: Path) -> dict[str, Path]:
    """The files shared in ``calls``, written to ``folder`` under their names: ID → path."""
    saved: dict[str, Path] = {}
    for call in calls:
        if call.method != "files.completeUploadExternal" or not call.result.get("ok"):
            continue
        for shared in call.result.get("files", []):
            upload = slack.file(str(shared.get("id")))
            if upload is not None and upload.data is not None:
                path = folder / Path(upload.filename).name
                path.write_bytes(upload.data)
                saved[upload.id] = path
    return saved


def where_shown(call: Call, user: str, saved: Mapping[str, Path] | None = None) -> str | None:
    """The line above a message, or None for calls that show nothing; ``saved``: where each
    file shared was saved (:func:`save_files`)."""
    params = call.params
    channel = params.get("channel")
    if call.is_response:
        replaced = " (replacing the message)" if params.get("replace_original") else ""
        return heading(f"reply, only visible to you{replaced}")
    if call.method == "chat.postMessage":
        if channel == user:
            return heading("direct message from the app")
        return heading(f"direct message to {channel}" if str(channel)[:1] in "UW"
                       else f"posted in channel {channel}")
    if call.method == "chat.postEphemeral":
        return heading(f"only visible to you, in {channel}")
    if call.method == "chat.update":
        return heading(f"message updated in {channel}")
    if call.method == "files.completeUploadExternal" and call.result.get("ok"):
        paths = ", ".join(str((saved or {}).get(str(f.get("id")), f.get("name")))
                          for f in call.result.get("files", []))
        where = ("to you by direct message" if str(params.get("channel_id")).startswith("D")
                 else f"to channel {params.get('channel_id')}")
        return heading(f"file sent {where} (saved here as {paths})")
    return None


def _blocks(params: dict) -> list[dict]:
    blocks = params.get("blocks") or []
    return blocks if isinstance(blocks, list) else []


def render_call(call: Call, user: str, presses: list[Press],
                saved: Mapping[str, Path] | None = None) -> str | None:
    """A message the app sent, or its App Home, as text (None: nothing to show)."""
    if call.method == "views.publish":
        view = call.result.get("view", {})
        blocks = number_buttons(view.get("blocks", []), presses, {"view": view})
        return render_view({**view, "blocks": blocks})
    line = where_shown(call, user, saved)
    if line is None:
        return None
    params = call.params
    where = {"channel": params.get("channel") or CHANNEL,
             "ts": params.get("ts") or call.result.get("ts"), "blocks": _blocks(params),
             "ephemeral": call.is_response or call.method == "chat.postEphemeral",
             "response_url": call.url if call.is_response else None}
    blocks = number_buttons(_blocks(params), presses, where)
    text = params.get("text") or params.get("initial_comment")
    return f"{line}\n{render_message(text=text, blocks=blocks)}"
