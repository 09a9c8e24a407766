"""A local stand-in for the Slack Web API, shared by ``safecomm chat`` (bot.console), the
tests and the benchmarks: a real HTTP server on 127.0.0.1 that answers the calls the app makes
(``chat.*``, ``views.*``, ``auth.test``, ``users.lookupByEmail``, ``conversations.open`` and
``.history``, the external file upload) and the posts to a ``response_url``, and records each
one. It can also answer as Slack does on a bad day: scripted 429s, 5xx and Slack errors, and
Slack's posting rate limits. It never talks to Slack; the token it is given is invented.

Layout: server (HTTP, the record of calls), calls (one call, reading parameters), workspace
(successful answers and what Slack remembers), files (uploads), limits (failures, rate limits).
Nothing runs at import.
"""

from bot.standin.calls import Call
from bot.standin.files import Upload
from bot.standin.server import SlackStandIn
from bot.standin.workspace import BOT_USER, TEAM_ID

__all__ = ["BOT_USER", "TEAM_ID", "Call", "SlackStandIn", "Upload"]
