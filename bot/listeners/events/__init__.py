"""Events: ``app_home_opened`` → ``views.publish`` of the viewer's App Home (events are
acknowledged by Bolt at once; the page is built after)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.listeners.events.home_data import home_view


def register(app, runtime) -> None:
    @app.event("app_home_opened")
    def publish_home(event, client, context, logger):
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        with runtime.session() as session:
            view = home_view(session, user=user, today=context["today"],
                             command=runtime.settings.command)
        try:
            client.views_publish(user_id=user, view=view)
        except SlackApiError as error:
            logger.warning("views.publish failed: %s", error.response.get("error"))
