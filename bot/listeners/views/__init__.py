"""Modal submissions (``view_submission``): one callback ID per form, all handled by
:func:`bot.listeners.views.submission.handle_form_submission`."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.views.submission import FORMS, handle_form_submission


def register(app: App) -> None:
    for callback_id in FORMS:
        app.view(callback_id)(handle_form_submission)
