"""``import contracts``: ``reference`` (key), ``provider`` (a stored provider's name),
``service``, ``start_date``, ``end_date`` (not before the start), ``contract_manager``,
``slack_channel`` (empty: the provider's), ``monitoring_every_months`` (default 3),
``clause_elements`` (codes separated by ``;``, or ``all``), ``safeguarding_metrics`` (yes/no).

A reference matches its stored one whatever the case or spacing.
"""

from __future__ import annotations

from models.cadence import MONITORING_EVERY_MONTHS
from models.core import Contract
from models.enums import ContractStatus
from safecomm.dataio import fields as f
from safecomm.dataio.columns import Column, Problems
from safecomm.dataio.engine import KindImporter, Record, Stored
from safecomm.dataio.lookups import contract_index, fold, provider_index


class ContractImporter(KindImporter):
    kind = "contracts"
    table = Contract
    entity = "contract"
    columns = (
        Column("reference", f.text(60, one_line=True), required=True),
        Column("provider", f.text(200, one_line=True), required=True),
        Column("service", f.text(200), default=""),
        Column("start_date", f.parse_date, required=True),
        Column("end_date", f.parse_date),
        Column("contract_manager", f.slack_user),
        Column("slack_channel", f.slack_channel),
        Column("monitoring_every_months", f.whole_number(1), default=MONITORING_EVERY_MONTHS),
        Column("clause_elements", f.clause_elements, default=""),
        Column("safeguarding_metrics", f.parse_bool, default=False),
    )

    def prepare(self) -> None:
        self.providers = provider_index(self.session)
        self.contracts = contract_index(self.session)

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        ok = self.providers.resolve(values, row, problems, column="provider", into="provider_id")
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            problems.add(row, "end_date", f"{end:%d/%m/%Y} is before start_date "
                                          f"{start:%d/%m/%Y}")
            ok = False
        if not ok or "reference" not in values or "provider_id" not in values:
            return None
        return Record(row, (fold(values["reference"]),), values)

    def duplicate(self, record: Record, first_row: int) -> tuple[str, str]:
        return "reference", f"{record.values['reference']!r} is already at row {first_row}"

    def existing(self, records: list[Record]) -> dict[tuple, Stored]:
        return {r.key: self.contracts.rows[r.key[0]] for r in records
                if r.key[0] in self.contracts.rows}

    def create_defaults(self) -> dict:
        return {**super().create_defaults(), "status": ContractStatus.ACTIVE.value}
