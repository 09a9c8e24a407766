"""The Slack app manifest (api.slack.com → Create New App → From a manifest): the slash
command, interactivity, the ``app_home_opened`` event, App Home and the bot scopes — for HTTP
(every request URL is ``<url>/slack/events``) or for Socket Mode (no request URLs)."""

from __future__ import annotations

from bot.builders.help import SUBCOMMANDS

EVENTS_PATH = "/slack/events"
BOT_SCOPES = (
    "commands",  # the slash command
    "chat:write",  # replies, digests, confirmations, reports
    "chat:write.public",  # post to a provider's public channel without joining it
    "files:write",  # upload the weekly trend chart and evidence packs
    "users:read",  # resolve people
    "users:read.email",  # users.lookupByEmail for managers and leads stored as e-mails
    # conversations.open: the app's DM with a person, to read its history (below), and to
    # send an evidence pack there (a file is shared to the DM's own ID, not a user ID)
    "im:write",
    # Sent exactly once across crashes (jobs.posting): a run that takes over a dead run's
    # claim reads the conversation's recent history for the dead run's message.
    "im:history",  # the app's DMs
    "channels:history",  # public channels the bot is in
    "groups:history",  # private channels the bot is in
)
BOT_EVENTS = ("app_home_opened",)


def build_manifest(*, url: str | None, command: str, socket_mode: bool = False,
                   name: str = "Safe Commissioning") -> dict:
    """The manifest as a dict (print it as JSON). ``url``: the app's public base URL (HTTP)."""
    if not socket_mode and not url:
        raise ValueError("an HTTP app needs its public URL")
    request_url = None if socket_mode or not url else url.rstrip("/") + EVENTS_PATH
    slash: dict[str, object] = {
        "command": command, "description": "Safe commissioning: status, DBS, records",
        "usage_hint": " | ".join(usage for usage, _, _ in SUBCOMMANDS), "should_escape": False}
    events: dict[str, object] = {"bot_events": list(BOT_EVENTS)}
    interactivity: dict[str, object] = {"is_enabled": True}
    if request_url:
        slash["url"] = request_url
        events["request_url"] = request_url
        interactivity["request_url"] = request_url
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": name[:35],
            "description": "Keeps commissioned children's services safe: the six BSCP "
                           "safe-commissioning standards in Slack.",
            "background_color": "#1d4f6e"},
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": True},
            "bot_user": {"display_name": "safecomm", "always_online": True},
            "slash_commands": [slash]},
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": {"event_subscriptions": events, "interactivity": interactivity,
                     "org_deploy_enabled": False, "socket_mode_enabled": socket_mode,
                     "token_rotation_enabled": False},
    }
