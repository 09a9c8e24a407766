"""Bolt listeners by Slack surface: one package each (commands, actions, views, events) whose
``register(app)`` wires IDs to module-level handlers; :func:`register_listeners` calls them
all. Handlers take Bolt's arguments by name and find the runtime and "today" in ``context``
(:mod:`bot.listeners.context`)."""

from __future__ import annotations

from slack_bolt import App


def register_listeners(app: App, *, command: str) -> None:
    """``command`` is the slash command's name (``SAFECOMM_COMMAND``)."""
    from bot.listeners import actions, commands, events, views

    commands.register(app, command=command)
    actions.register(app)
    views.register(app)
    events.register(app)
