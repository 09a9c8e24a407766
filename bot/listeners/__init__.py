"""Bolt listeners by Slack surface (commands, actions, views, events); each module has
``register(app, runtime)``, and :func:`register_listeners` calls them all."""

from __future__ import annotations


def register_listeners(app, runtime) -> None:
    from bot.listeners import actions, commands, events, views

    for surface in (commands, actions, views, events):
        surface.register(app, runtime)
