"""What every listener finds in Bolt's ``context``, put there by the app's one global
middleware (:func:`bot.app.create_app`) before any listener runs:

- the :class:`~models.runtime.Runtime` (settings, engine, cipher, sessions);
- "today", read once per request from the app's clock, so tests and demos can fix it;
- "now", what the request stamps (an acknowledgement, a saved form, their audit entries):
  today at the real time of day in SAFECOMM_TIMEZONE (models.runtime ``clock_on``), so an
  app run as of another day (``--today``) stamps that day, never the real date.
"""

from __future__ import annotations

from datetime import date, datetime

from slack_bolt import BoltContext

from models.runtime import Runtime

RUNTIME = "runtime"
TODAY = "today"
NOW = "now"


def attach(context: BoltContext, *, runtime: Runtime, today: date) -> None:
    context[RUNTIME] = runtime
    context[TODAY] = today
    context[NOW] = runtime.clock_on(today)()


def runtime_of(context: BoltContext) -> Runtime:
    runtime: Runtime = context[RUNTIME]
    return runtime


def today_of(context: BoltContext) -> date:
    today: date = context[TODAY]
    return today


def now_of(context: BoltContext) -> datetime:
    now: datetime = context[NOW]
    return now
