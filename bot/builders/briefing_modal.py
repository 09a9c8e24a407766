"""The admin's "publish a briefing" modal (``/safeguarding briefing``)."""

from __future__ import annotations

from bot import ids
from bot.builders.common import plain
from bot.builders.inputs import _input, modal, text_input
from models.enums import BriefingKind, Risk

KIND_TEXT = {BriefingKind.PRACTICE_REVIEW: "Practice-review lesson",
             BriefingKind.TRAINING: "Training", BriefingKind.PROCEDURE_UPDATE: "Procedure update",
             BriefingKind.NEWSLETTER: "Newsletter"}
AUDIENCE_TEXT = {"all": "All providers", **{f"risk:{r}": f"{r.capitalize()}-risk providers"
                                            for r in Risk},
                 "providers": "Only the providers named below"}


def _select(block_id: str, label: str, options: dict[str, str], initial: str) -> dict:
    choices = [{"value": value, "text": plain(text, 75)} for value, text in options.items()]
    element = {"type": "static_select", "action_id": block_id, "options": choices,
               "initial_option": next(c for c in choices if c["value"] == initial)}
    return _input(block_id, label, element)


def build_briefing_modal() -> dict:
    return modal(callback_id=ids.BRIEFING_CALLBACK, title="Publish a briefing", submit="Publish",
                 private_metadata="0", blocks=[
                     text_input(ids.BRIEFING_TITLE, "Title", max_length=200),
                     text_input(ids.BRIEFING_SUMMARY, "Summary: the key messages",
                                multiline=True),
                     text_input(ids.BRIEFING_URL, "Link to the full briefing",
                                placeholder="https://…", max_length=500),
                     _select(ids.BRIEFING_KIND, "Kind",
                             {k.value: t for k, t in KIND_TEXT.items()},
                             BriefingKind.PRACTICE_REVIEW.value),
                     _select(ids.BRIEFING_AUDIENCE, "Audience", AUDIENCE_TEXT, "all"),
                     text_input(ids.BRIEFING_PROVIDERS,
                                "Providers (when the audience is named providers)",
                                optional=True, hint="Names separated by ;",
                                max_length=2000),
                 ])
