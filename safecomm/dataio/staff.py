"""``import staff``: ``contract`` (a stored reference), ``name``, ``role``, ``contact_level``
(regulated|regular|occasional|none), ``dbs_certificate`` (exactly 12 digits; required unless
the contact level is none), ``dbs_level`` (basic|standard|enhanced|enhanced_barred),
``dbs_issue_date``, ``dbs_recheck_due`` (default: issue date + 3 years, when there is a
certificate number: without one there is nothing to re-check), ``update_service``
(yes/no), ``staff_ref`` (key within the contract; default the name), ``left_on``,
``dbs_applied_on``, ``surname`` (as on the certificate; default the last word of the name),
``date_of_birth`` and ``update_service_consent`` (the day the person consented to status
checks). An empty certificate number for a person in contact with children is accepted: they
are awaiting one (``dbs_applied_on`` given) or have no DBS record. Checks of the lifecycle and
Update Service columns: safecomm.dataio.staff_checks.

The certificate number is stored only encrypted (the runtime's cipher) with its last 4 digits
in clear, and the date of birth only encrypted. Whether a stored number is unchanged is
decided by its last 4 digits first, and decrypted only when those match — so re-importing a
file decrypts but never re-encrypts. A new certificate number, surname or date of birth
clears the last Update Service status check (it was about other details): the person is due
a check at once. A file without a ``surname`` column keeps the stored surname.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

from sqlalchemy import select

from models.audit import audit_value
from models.base import table_of
from models.cadence import default_recheck_due
from models.core import Staff
from models.enums import ContactLevel, DbsLevel
from safecomm.dataio import fields as f
from safecomm.dataio.bulk import insert_columns
from safecomm.dataio.columns import Column, Problems
from safecomm.dataio.engine import KindImporter, Outcome, Record, Stored
from safecomm.dataio.lookups import contract_index
from safecomm.dataio.sealing import Batch, Sealer
from safecomm.dataio.staff_checks import check_lifecycle, default_surname

CERTIFICATE = "dbs_certificate"
BIRTH = "date_of_birth"
STORED = ("id", "contract_id", "staff_ref", "name", "role", "contact_level", "dbs_level",
          "dbs_certificate_token", "dbs_certificate_last4", "dbs_issue_date", "dbs_recheck_due",
          "update_service", "left_on", "dbs_applied_on", "surname", "date_of_birth_token",
          "update_service_consent", "status_check_result")
CHECKED_DETAILS = (CERTIFICATE, "surname", BIRTH)  # a change clears the last status check
NO_STATUS_CHECK = {"status_check_result": None, "status_checked_at": None,
                   "status_check_print_date": None}


_default_recheck_due = lru_cache(maxsize=8192)(default_recheck_due)


class StaffImporter(KindImporter):
    kind = "staff"
    table = Staff
    entity = "staff"
    columns = (
        Column("contract", f.text(60, one_line=True), required=True),
        Column("name", f.text(200, one_line=True), required=True),
        Column("role", f.text(200), default=""),
        Column("contact_level", f.choice(ContactLevel), required=True),
        Column(CERTIFICATE, f.certificate, in_header=True),
        Column("dbs_level", f.choice(DbsLevel)),
        Column("dbs_issue_date", f.parse_date),
        Column("dbs_recheck_due", f.parse_date),
        Column("update_service", f.parse_bool, default=False),
        Column("staff_ref", f.text(120, one_line=True)),
        Column("left_on", f.parse_date),
        Column("dbs_applied_on", f.parse_date),
        Column("surname", f.text(100, one_line=True)),
        Column(BIRTH, f.date_of_birth),
        Column("update_service_consent", f.parse_date),
    )
    sort_by_key = True
    plan_ahead = True  # a chunk's stored rows are found by its own (contract, staff_ref) keys

    def prepare(self) -> None:
        self.contracts = contract_index(self.session)
        self.starts = {row["id"]: row["start_date"] for row in self.contracts.rows.values()}
        self.today = self.now.date()

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        before = problems.count
        self.contracts.resolve(values, row, problems, column="contract", into="contract_id")
        check_lifecycle(row, values, contract_start=self.starts.get(values.get("contract_id")),
                        today=self.today, problems=problems)
        if not values.get("surname") and values.get("name"):
            values["surname"] = default_surname(values["name"])
        issued, due = values.get("dbs_issue_date"), values.get("dbs_recheck_due")
        if due is None and issued is not None and values.get(CERTIFICATE):
            values["dbs_recheck_due"] = _default_recheck_due(issued)
        elif due and issued and due < issued:
            problems.add(row, "dbs_recheck_due", f"{due:%d/%m/%Y} is before dbs_issue_date "
                                                 f"{issued:%d/%m/%Y}")
        if not values.get("staff_ref") and "name" in values:
            values["staff_ref"] = values["name"]
        if problems.count > before or "contract_id" not in values or "staff_ref" not in values:
            return None
        return Record(row, (values["contract_id"], values["staff_ref"]), values)

    def duplicate(self, record: Record, first_row: int) -> tuple[str, str]:
        given = self.layout is not None and "staff_ref" in self.layout.present
        hint = "" if given else " (add a staff_ref column to tell people of one name apart)"
        return ("staff_ref" if given else "name",
                f"{record.values['staff_ref']!r} is already at row {first_row} for this "
                f"contract{hint}")

    def existing(self, records: list[Record]) -> dict[tuple, Stored]:
        """The stored rows of the chunk's keys, in one query."""
        return {(row["contract_id"], row["staff_ref"]): row for row in self.session.execute(
            self._chunk_query(STORED, records[0].key[0], records[-1].key[0],
                              {record.key[1] for record in records})).mappings()}

    def _chunk_query(self, names, first_contract: int, last_contract: int, refs: set[str]):
        """Staff rows of a chunk of keys, which come in key order: the chunk's narrow range of
        contracts (index range, no reliance on how the database collates text), narrowed by
        staff_ref when a large contract fills the whole chunk. May return extra rows."""
        table = table_of(Staff).c
        query = select(*(table[name] for name in names)).where(
            table.contract_id.between(first_contract, last_contract))
        return query.where(table.staff_ref.in_(refs)) if first_contract == last_contract \
            else query

    def insert_columns(self, names: list[str], columns: list[list]) -> list[int]:
        """One executemany (RETURNING would cost twice as much), then the new ids in one
        query over the same narrow range."""
        insert_columns(self.session.connection(), table_of(Staff), names, columns)
        contracts, refs = columns[names.index("contract_id")], columns[names.index("staff_ref")]
        query = self._chunk_query(("contract_id", "staff_ref", "id"), contracts[0],
                                  contracts[-1], set(refs))
        found = {(contract_id, ref): row_id
                 for contract_id, ref, row_id in self.session.execute(query).all()}
        return list(map(found.__getitem__, zip(contracts, refs, strict=True)))

    def differs(self, name: str, new: object, old: Stored) -> bool:
        if name == "surname" and self.layout is not None \
                and "surname" not in self.layout.present:
            return old["surname"] is None and new != old["surname"]  # keep a stored one
        if name == BIRTH:
            token = old["date_of_birth_token"]
            return (new is None) != (token is None) or (
                isinstance(new, date) and self.cipher.decrypt(token) != new.isoformat())
        if name != CERTIFICATE:
            return new != old[name]
        token = old["dbs_certificate_token"]
        if new is None or token is None:
            return new is not None or token is not None
        return old["dbs_certificate_last4"] != str(new)[-4:] or self.cipher.decrypt(token) != new

    @contextmanager
    def working(self, *, file_bytes: int) -> Iterator[None]:
        self.sealer = Sealer(self.cipher, file_bytes=file_bytes)
        try:
            yield
        finally:
            self.sealer.close()

    def before_write(self, creates: list[Outcome], updates: list[Outcome]) -> Batch:
        """The chunk's new certificate numbers and dates of birth, encrypted in one batch
        (safecomm.dataio.sealing): the created rows' numbers, then their dates of birth, in
        the order ``table_columns`` asks for them, then the updated rows'."""
        numbers, births = [], []
        for outcome in creates:
            values = outcome.record.values
            number, born = values.get(CERTIFICATE), values.get(BIRTH)
            if isinstance(number, str) and number:
                numbers.append(number)
            if isinstance(born, date):
                births.append(born.isoformat())
        texts = numbers + births
        for outcome in updates:
            values, changed = outcome.record.values, outcome.changed
            number, born = values.get(CERTIFICATE), values.get(BIRTH)
            if CERTIFICATE in changed and isinstance(number, str) and number:
                texts.append(number)
            if BIRTH in changed and isinstance(born, date):
                texts.append(born.isoformat())
        return self.sealer.start(texts)

    @property
    def sealed(self) -> Batch:
        """The tokens of the chunk being written (what ``before_write`` started)."""
        assert isinstance(self.begun, Batch)
        return self.begun

    def table_values(self, values: dict) -> dict:
        """The certificate number becomes its encrypted token and its last 4 digits; the date
        of birth its encrypted token; a change to either, or to the surname, clears the last
        status check (on an update ``values`` holds only what changed)."""
        if not any(name in values for name in CHECKED_DETAILS):
            return values
        row = {**values, **NO_STATUS_CHECK}
        if CERTIFICATE in row:
            number = row.pop(CERTIFICATE)
            row["dbs_certificate_token"] = self.sealed.token(number) if number else None
            row["dbs_certificate_last4"] = number[-4:] if number else None
        if BIRTH in row:
            born = row.pop(BIRTH)
            row["date_of_birth_token"] = self.sealed.token(born.isoformat()) if born else None
        return row

    def table_columns(self, names: list[str], columns: list[list]) -> tuple[list[str],
                                                                           list[list]]:
        """``table_values`` of created rows, a column at a time."""
        if not any(name in names for name in CHECKED_DETAILS):
            return names, columns
        count = len(columns[0])
        by_name = dict(zip(names, columns, strict=True))
        by_name |= {name: [value] * count for name, value in NO_STATUS_CHECK.items()}
        if CERTIFICATE in by_name:
            numbers = by_name.pop(CERTIFICATE)
            tokens = iter(self.sealed.tokens([number for number in numbers if number]))
            by_name["dbs_certificate_token"] = [next(tokens) if n else None for n in numbers]
            by_name["dbs_certificate_last4"] = [n[-4:] if n else None for n in numbers]
        if BIRTH in by_name:
            births = by_name.pop(BIRTH)
            tokens = iter(self.sealed.tokens([born.isoformat() for born in births if born]))
            by_name["date_of_birth_token"] = [next(tokens) if born else None for born in births]
        return list(by_name), list(by_name.values())

    def audit_changes(self, outcome: Outcome) -> dict:
        """An update's changes: a certificate number masked both ways, a date of birth never
        shown, and the status check it clears."""
        changes = super().audit_changes(outcome)
        old = outcome.old
        assert old is not None
        if CERTIFICATE in outcome.changed:
            changes[CERTIFICATE] = [
                audit_value(CERTIFICATE, old["dbs_certificate_last4"]),
                audit_value(CERTIFICATE, outcome.record.values[CERTIFICATE])]
        if BIRTH in outcome.changed:
            new = outcome.record.values[BIRTH]
            changes[BIRTH] = [audit_value(BIRTH, old["date_of_birth_token"]),
                              None if new is None else "(encrypted, changed)"]
        if old["status_check_result"] is not None and any(
                name in outcome.changed for name in CHECKED_DETAILS):
            changes["status_check_result"] = [old["status_check_result"], None]
        return changes
