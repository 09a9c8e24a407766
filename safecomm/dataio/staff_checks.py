"""The staff import's checks of a person's lifecycle and Update Service columns.

Rules (each a problem of its row and column; nothing is written):
- ``left_on`` not before the contract's start;
- ``dbs_applied_on`` and ``update_service_consent`` not after the import's today;
- ``date_of_birth`` making the person at least :data:`MIN_AGE` and at most :data:`MAX_AGE`
  years old on the import's today (the date itself is never shown);
- ``surname`` empty: the last word of ``name``.
"""

from __future__ import annotations

from datetime import date

from safecomm.dataio.columns import Problems

MIN_AGE = 16
MAX_AGE = 100


def age_on(born: date, today: date) -> int:
    """Whole years from ``born`` to ``today`` (negative when born after it)."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def default_surname(name: str) -> str:
    """The last word of ``name`` (the surname as on the certificate, unless given)."""
    words = name.split()
    return words[-1] if words else ""


def check_lifecycle(row: int, values: dict, *, contract_start: date | None, today: date,
                    problems: Problems) -> None:
    """Add the row's problems with the columns above (see the module's rules)."""
    left = values.get("left_on")
    if left and contract_start and left < contract_start:
        problems.add(row, "left_on", f"{left:%d/%m/%Y} is before the contract's start "
                                     f"{contract_start:%d/%m/%Y}")
    for column in ("dbs_applied_on", "update_service_consent"):
        when = values.get(column)
        if when and when > today:
            problems.add(row, column, f"{when:%d/%m/%Y} is in the future (today is "
                                      f"{today:%d/%m/%Y})")
    born = values.get("date_of_birth")
    if born is not None:
        age = age_on(born, today)
        if not MIN_AGE <= age <= MAX_AGE:
            problems.add(row, "date_of_birth", f"makes the person {age} years old; it must "
                         f"make them {MIN_AGE} to {MAX_AGE} (the date is not shown)")
