"""When is a contract's next thematic check due? One answer, used by the ``check`` form,
``status``, the due reminders and ``export status``.

Rules (standard 6):
- The risk cadence: every 3, 6 or 12 months (high, medium, low risk), anchored on the
  contract's start; the next slot after the one the last check done counts for
  (models.cadence).
- A planned check (a due date, not done yet) brings the check forward: when its date is on
  or before the cadence's, the check is due on the planned date.
- A planned check never postpones it: when its date is after the cadence's, the check is due
  on the cadence's date (the risk cadence is the BSCP's minimum).
- So the check is due on the earlier of the two. The earliest planned check counts, and it
  stays planned until a check of its theme is recorded done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from models import cadence
from models.base import get_stored
from models.core import Contract, Provider
from models.enums import Risk
from models.words import day


@dataclass(frozen=True)
class ThematicDue:
    due: date
    cadence_due: date
    planned_due: date | None = None

    every_months: int = 6

    @property
    def from_plan(self) -> bool:
        """The planned check's own date is the one due."""
        return self.planned_due is not None and self.planned_due <= self.cadence_due

    def basis(self) -> str:
        """Why this date: ``planned``, or the cadence (and a later plan it overrides)."""
        if self.from_plan:
            return "the planned check's date"
        cadence_words = f"the risk cadence (every {self.every_months} months)"
        if self.planned_due is not None:
            return (f"{cadence_words}; the planned date {day(self.planned_due)} is later than "
                    "the cadence allows")
        return cadence_words


def thematic_due(*, start_date: date, risk: Risk | str, last_done_on: date | None,
                 planned_due_on: date | None) -> ThematicDue:
    """The next thematic check's due date (see the module's rules)."""
    every = cadence.thematic_every_months(risk)
    by_cadence = cadence.next_due(start_date, every, last_done_on)
    due = by_cadence if planned_due_on is None else min(by_cadence, planned_due_on)
    return ThematicDue(due, by_cadence, planned_due_on, every)


def contract_check_due(session: Session, *, contract: Contract, today: date) -> ThematicDue:
    """The next thematic check of one stored contract (the facts ``status`` reads)."""
    from models.queries import contract_facts  # models.queries judges with this module

    provider = get_stored(session, Provider, contract.provider_id)
    [facts] = contract_facts(session, contracts=[contract], today=today)
    return thematic_due(start_date=facts.start_date, risk=provider.risk,
                        last_done_on=facts.last_check_done_on,
                        planned_due_on=facts.planned_check_due_on)
