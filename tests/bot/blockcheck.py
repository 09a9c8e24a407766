"""Validating what the app sends through slack_sdk.models (to_dict() raises on a violation),
plus the limits slack_sdk does not check for a message (at most 50 blocks)."""

from __future__ import annotations

import json
import re

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MAX_MESSAGE_BLOCKS = 50
TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")


def assert_valid_blocks(blocks: list[dict], *, limit: int = MAX_MESSAGE_BLOCKS) -> None:
    assert 0 < len(blocks) <= limit, f"{len(blocks)} blocks"
    parsed = Block.parse_all(blocks)
    assert None not in parsed, "a block of an unknown type"
    for block in parsed:
        block.to_dict()
    for block in blocks:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000


def assert_valid_view(view: dict) -> None:
    View(**view).to_dict()
    assert_valid_blocks(view["blocks"], limit=100)


def assert_no_certificate_number(*things) -> None:
    for thing in things:
        text = thing if isinstance(thing, str) else json.dumps(thing, ensure_ascii=False)
        assert not TWELVE_DIGITS.search(text), "a 12-digit number was sent"
