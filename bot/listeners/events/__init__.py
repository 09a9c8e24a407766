"""Events (acknowledged by Bolt at once; the work is done after): ``app_home_opened``
publishes the viewer's App Home (:mod:`.home`)."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.events.home import publish_home


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)
