"""``import contracts``: ``reference`` (key), ``provider`` (a stored provider's name),
``service``, ``start_date``, ``end_date`` (not before the start), ``contract_manager``,
``slack_channel`` (empty: the provider's), ``monitoring_every_months`` (default 3),
``clause_elements`` (codes separated by ``;``, or ``all``), ``safeguarding_metrics`` (yes/no),
``status`` (tender|active|decommissioning|ended, default active).

A reference matches its stored one whatever the case or spacing. A tender names the provider
it would engage (the ``provider`` cell may not be empty); a decommissioning contract needs an
end date (in the file, or already stored when the file has no ``end_date`` column).
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
        Column("status", f.choice(ContractStatus), default=ContractStatus.ACTIVE.value),
    )

    def prepare(self) -> None:
        self.providers = provider_index(self.session)
        self.contracts = contract_index(self.session)

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        ok = self.providers.resolve(values, row, problems, column="provider", into="provider_id")
        ok = check_status(row, values, self.contracts.find(values.get("reference", "")),
                          problems) and ok
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


def check_status(row: int, values: dict, stored: dict | None, problems: Problems) -> bool:
    """A decommissioning contract has an end date (this file's, else the stored one)."""
    if values.get("status") != ContractStatus.DECOMMISSIONING.value:
        return True
    end = values["end_date"] if "end_date" in values else (stored or {}).get("end_date")
    if end is None:
        problems.add(row, "end_date", "required for a decommissioning contract (the day it "
                                      "ends)")
        return False
    return True
