"""Where a contract is in its life on a given day, and what follows from it. Pure: ``today``
is a parameter.

Rules (SPEC "Lifecycle"):
- A contract's stage on ``today`` is ``ended`` once its status says so or its end date has
  passed (from the day after ``end_date``); otherwise its stored status: ``tender``,
  ``active`` or ``decommissioning``.
- Active and decommissioning contracts are judged on the six standards (a decommissioning
  one until its end date). A tender is judged for readiness to engage instead
  (models.engagement); an ended contract is out of the standards.
- A decommissioning contract's exit monitoring meeting is due on its end date. It counts as
  held when a monitoring meeting in the final monitoring interval (``end_date`` minus
  ``monitoring_every_months``, up to ``end_date``) discussed safeguarding. Until then the
  next meeting is due on the earlier of the usual schedule and the end date.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from models.enums import ContractStatus
from models.facts import ContractFacts

JUDGED = frozenset({ContractStatus.ACTIVE, ContractStatus.DECOMMISSIONING})


def stage(status: ContractStatus | str, end_date: date | None, today: date) -> ContractStatus:
    """The contract's status on ``today``: ``ended`` after its end date, else as stored."""
    if end_date is not None and end_date < today:
        return ContractStatus.ENDED
    return ContractStatus(status)


def is_judged(contract: ContractFacts, today: date) -> bool:
    """Whether the six standards apply to the contract on ``today``."""
    return stage(contract.status, contract.end_date, today) in JUDGED


def is_decommissioning(contract: ContractFacts) -> bool:
    return contract.status == ContractStatus.DECOMMISSIONING and contract.end_date is not None


def exit_window_start(end_date: date, every_months: int) -> date:
    """The first day of the final monitoring interval before ``end_date``."""
    return end_date - relativedelta(months=every_months)


def exit_meeting_held(contract: ContractFacts) -> bool:
    """A decommissioning contract's exit meeting is on record (see the module's rules)."""
    if not is_decommissioning(contract) or contract.end_date is None:
        return False
    held = contract.last_meeting_on
    return (held is not None and contract.last_meeting_discussed_safeguarding is True
            and exit_window_start(contract.end_date, contract.monitoring_every_months)
            <= held <= contract.end_date)


def cap_at_end(contract: ContractFacts, due: date) -> date:
    """A decommissioning contract's meeting is due by its end date at the latest."""
    if is_decommissioning(contract) and contract.end_date is not None:
        return min(due, contract.end_date)
    return due
