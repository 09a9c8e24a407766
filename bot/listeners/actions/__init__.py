"""Buttons and live form fields (``block_actions``); ``ack()`` comes first in every handler.

- "Record renewal" on the DBS digest and on ``dbs NAME``: :mod:`.renewal`.
- A changed meeting date or certificate issue date refreshes its form: :mod:`.refresh`.
- "Acknowledge" on a briefing: :mod:`.briefings`.
"""

from __future__ import annotations

from slack_bolt import App

from bot import ids
from bot.listeners.actions.briefings import acknowledge_briefing
from bot.listeners.actions.refresh import refresh_meeting_form, refresh_renewal_form
from bot.listeners.actions.renewal import open_renewal_form


def register(app: App) -> None:
    app.action(ids.RECORD_RENEWAL_ACTION)(open_renewal_form)
    app.action(ids.MEETING_HELD_ON_ACTION)(refresh_meeting_form)
    app.action(ids.RENEWAL_ISSUED_ON_ACTION)(refresh_renewal_form)
    app.action(ids.ACKNOWLEDGE_BRIEFING_ACTION)(acknowledge_briefing)
