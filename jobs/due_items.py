"""One duty reminded by ``run due-reminders``: its ledger subject and threshold, what the
message says, and who is responsible (jobs.due_reminders and jobs.lifecycle_reminders)."""

from __future__ import annotations

from typing import NamedTuple

from bot.builders.reminders import DueItem


class DueReminder(NamedTuple):
    subject: str
    threshold: str
    item: DueItem
    owner: str | None  # who is responsible: a contract manager or a provider lead (raw)
