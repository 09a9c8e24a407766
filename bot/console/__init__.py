"""A terminal console for the Slack app (``safecomm chat``): the real app served on
127.0.0.1 (local_app), the local Slack Web API it calls (bot.standin), the
payloads Slack would send (payloads), and the conversation (console, modal, forms, show).
Nothing here reaches Slack; nothing runs at import."""
