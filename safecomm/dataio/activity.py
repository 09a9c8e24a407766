"""``import meetings`` and ``import training``: what happened under a contract or provider.

- meetings: ``contract`` (a stored reference), ``held_on``, ``safeguarding_discussed``
  (yes/no), ``notes``, ``actions``, and optionally ``metrics`` and ``next_meeting`` (after
  ``held_on``). Key: the contract and the day. A meeting held after the import's today is
  refused. Recorded by the importing user.
- training: ``provider`` (a stored name), ``course``, ``date``, ``attendees`` (a count,
  default 1). Key: the provider, the course (any case or spacing) and the day.
"""

from __future__ import annotations

from sqlalchemy import select

from models.activity import MonitoringMeeting, TrainingAttendance
from models.base import table_of
from safecomm.dataio import fields as f
from safecomm.dataio.columns import Column, Problems
from safecomm.dataio.engine import KindImporter, Record, Stored
from safecomm.dataio.lookups import contract_index, fold, provider_index

LONG_TEXT = 10_000


class MeetingImporter(KindImporter):
    kind = "meetings"
    table = MonitoringMeeting
    entity = "monitoring_meeting"
    columns = (
        Column("contract", f.text(60, one_line=True), required=True),
        Column("held_on", f.parse_date, required=True),
        Column("safeguarding_discussed", f.parse_bool, required=True),
        Column("notes", f.text(LONG_TEXT), default=""),
        Column("actions", f.text(LONG_TEXT), default=""),
        Column("metrics", f.text(LONG_TEXT), default=""),
        Column("next_meeting", f.parse_date, field="next_meeting_on"),
    )

    def prepare(self) -> None:
        self.contracts = contract_index(self.session)

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        before = problems.count
        self.contracts.resolve(values, row, problems, column="contract", into="contract_id")
        held, following = values.get("held_on"), values.get("next_meeting_on")
        if held and held > self.now.date():
            problems.add(row, "held_on", f"{held:%d/%m/%Y} is in the future (today is "
                                         f"{self.now.date():%d/%m/%Y})")
        if held and following and following <= held:
            problems.add(row, "next_meeting", f"{following:%d/%m/%Y} is not after held_on "
                                              f"{held:%d/%m/%Y}")
        if problems.count > before or "contract_id" not in values or not held:
            return None
        return Record(row, (values["contract_id"], held), values)

    def duplicate(self, record: Record, first_row: int) -> tuple[str, str]:
        return "held_on", (f"a meeting on {record.key[1]:%d/%m/%Y} for this contract is "
                           f"already at row {first_row}")

    def existing(self, records: list[Record]) -> dict[tuple, Stored]:
        """The stored meetings of the chunk's contracts (the latest of a day, if several)."""
        meetings = table_of(MonitoringMeeting)
        table = meetings.c
        rows = self.session.execute(
            select(meetings).where(table.contract_id.in_({r.key[0] for r in records}))
            .order_by(table.id)).mappings()
        return {(row["contract_id"], row["held_on"]): row for row in rows}

    def create_defaults(self) -> dict:
        return {**super().create_defaults(), "recorded_by": self.actor}


class TrainingImporter(KindImporter):
    kind = "training"
    table = TrainingAttendance
    entity = "training_attendance"
    columns = (
        Column("provider", f.text(200, one_line=True), required=True),
        Column("course", f.text(200, one_line=True), required=True),
        Column("date", f.parse_date, required=True, field="attended_on"),
        Column("attendees", f.whole_number(1), default=1),
    )

    def prepare(self) -> None:
        self.providers = provider_index(self.session)

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        if not self.providers.resolve(values, row, problems, column="provider",
                                      into="provider_id"):
            return None
        if not {"provider_id", "course", "attended_on"} <= set(values):
            return None
        return Record(row, (values["provider_id"], fold(values["course"]),
                            values["attended_on"]), values)

    def duplicate(self, record: Record, first_row: int) -> tuple[str, str]:
        return "course", (f"{record.values['course']!r} on {record.key[2]:%d/%m/%Y} for "
                          f"this provider is already at row {first_row}")

    def existing(self, records: list[Record]) -> dict[tuple, Stored]:
        attendances = table_of(TrainingAttendance)
        table = attendances.c
        rows = self.session.execute(
            select(attendances).where(table.provider_id.in_({r.key[0] for r in records}))
            .order_by(table.id)).mappings()
        return {(row["provider_id"], fold(row["course"]), row["attended_on"]): row
                for row in rows}
