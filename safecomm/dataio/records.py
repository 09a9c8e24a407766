"""``import assessments`` and ``import checks``: years of standard 1 and standard 6 records
from a spreadsheet, whole or not at all.

- assessments: ``provider`` (a stored name), ``completed_on``, ``statement_received_on``,
  ``notes``. Key: the provider and the day completed (as ``import providers`` records it).
- checks: ``contract`` (a stored reference), ``theme``, ``due_on``, ``done_on``, ``outcome``
  (red/amber/green), ``findings``. A row with ``done_on`` is a check done, keyed like the
  ``check`` form's (contract, theme, day done); when no check of that key is stored, it
  completes the earliest check planned under the same theme (any case), as the form does. A
  row without ``done_on`` is a planned check, keyed by (contract, theme): it updates the
  earliest stored plan of that theme that is not done yet.
Refused, with the row and column named: a day completed, received or done after the import's
today; a check with neither ``due_on`` nor ``done_on``; an outcome without ``done_on``.
Recorded by the importing user.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models.activity import SelfAssessment, ThematicCheck
from models.base import table_of
from models.enums import Rag
from safecomm.dataio import fields as f
from safecomm.dataio.activity import LONG_TEXT
from safecomm.dataio.columns import Column, Problems
from safecomm.dataio.engine import KindImporter, Record, Stored
from safecomm.dataio.lookups import contract_index, provider_index


def refuse_future(row: int, values: dict, columns: tuple[str, ...], today: date,
                  problems: Problems) -> bool:
    """A problem for each of ``columns`` dated after ``today``; True when there was none."""
    ok = True
    for column in columns:
        when = values.get(column)
        if when is not None and when > today:
            problems.add(row, column, f"{when:%d/%m/%Y} is in the future (today is "
                                      f"{today:%d/%m/%Y})")
            ok = False
    return ok


class _RecordedBy(KindImporter):
    def create_defaults(self) -> dict:
        return {**super().create_defaults(), "recorded_by": self.actor}

    @property
    def today(self) -> date:
        return self.now.date()


class AssessmentImporter(_RecordedBy):
    kind = "assessments"
    table = SelfAssessment
    entity = "self_assessment"
    columns = (
        Column("provider", f.text(200, one_line=True), required=True),
        Column("completed_on", f.parse_date, required=True),
        Column("statement_received_on", f.parse_date),
        Column("notes", f.text(LONG_TEXT), default=""),
    )

    def prepare(self) -> None:
        self.providers = provider_index(self.session)

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        known = self.providers.resolve(values, row, problems, column="provider",
                                       into="provider_id")
        in_past = refuse_future(row, values, ("completed_on", "statement_received_on"),
                                self.today, problems)
        if not (known and in_past) or not {"provider_id", "completed_on"} <= set(values):
            return None
        return Record(row, (values["provider_id"], values["completed_on"]), values)

    def duplicate(self, record: Record, first_row: int) -> tuple[str, str]:
        return "completed_on", (f"a self-assessment on {record.key[1]:%d/%m/%Y} for this "
                                f"provider is already at row {first_row}")

    def existing(self, records: list[Record]) -> dict[tuple, Stored]:
        """The stored assessments of the chunk's providers (the first of a day, if several)."""
        assessments = table_of(SelfAssessment)
        rows = self.session.execute(
            select(assessments).where(assessments.c.provider_id.in_(
                {r.key[0] for r in records})).order_by(assessments.c.id.desc())).mappings()
        return {(row["provider_id"], row["completed_on"]): row for row in rows}


class CheckImporter(_RecordedBy):
    kind = "checks"
    table = ThematicCheck
    entity = "thematic_check"
    columns = (
        Column("contract", f.text(60, one_line=True), required=True),
        Column("theme", f.text(200, one_line=True), required=True),
        Column("due_on", f.parse_date),
        Column("done_on", f.parse_date),
        Column("outcome", f.choice(Rag)),
        Column("findings", f.text(LONG_TEXT), default=""),
    )

    def prepare(self) -> None:
        self.contracts = contract_index(self.session)

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        before = problems.count
        self.contracts.resolve(values, row, problems, column="contract", into="contract_id")
        refuse_future(row, values, ("done_on",), self.today, problems)
        done = values.get("done_on")
        if done is None and values.get("due_on") is None:
            problems.add(row, "done_on", "empty, and so is due_on: give due_on for a planned "
                                         "check or done_on for a check done")
        if done is None and values.get("outcome"):
            problems.add(row, "outcome", "given without done_on (a check not done yet has no "
                                         "outcome)")
        if problems.count > before or not {"contract_id", "theme"} <= set(values):
            return None
        return Record(row, (values["contract_id"], values["theme"], done), values)

    def duplicate(self, record: Record, first_row: int) -> tuple[str, str]:
        done = record.key[2]
        what = f"done on {done:%d/%m/%Y}" if done else "planned"
        return "theme", (f"{record.values['theme']!r} {what} for this contract is already at "
                         f"row {first_row}")

    def existing(self, records: list[Record]) -> dict[tuple, Stored]:
        """Stored checks by key; a check done with no stored row of its key takes the
        earliest plan of its theme (any case) that no other record of the chunk takes."""
        checks = table_of(ThematicCheck)
        rows = list(self.session.execute(
            select(checks).where(checks.c.contract_id.in_({r.key[0] for r in records}))
            .order_by(checks.c.due_on, checks.c.id)).mappings())
        found: dict[tuple, Stored] = {}
        plans: dict[tuple, list[Stored]] = {}
        for row in rows:
            if row["done_on"] is not None:
                found[(row["contract_id"], row["theme"], row["done_on"])] = row
            elif row["due_on"] is not None:
                plans.setdefault((row["contract_id"], row["theme"].lower()), []).append(row)
        for record in sorted(records, key=lambda r: r.key[2] is not None):
            cid, theme, done = record.key
            if (done is not None and record.key in found) or not plans.get((cid, theme.lower())):
                continue
            if done is None and not any(p["theme"] == theme for p in plans[(cid, theme.lower())]):
                continue
            found[record.key] = plans[(cid, theme.lower())].pop(0)
        return found
