"""``import providers``: ``name`` (key), ``slack_channel``, ``safeguarding_lead``, ``risk``
(default medium), ``self_assessment_completed``, ``safeguarding_statement_received``.

The two dates are standard 1's record: a self-assessment completed on that day (one per
provider and day), with the day its Child Safeguarding Statement was received. A statement
date needs an assessment date. A provider's name matches its stored one whatever the case or
spacing; the stored spelling becomes the file's.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from models.activity import SelfAssessment
from models.audit import changed_fields
from models.core import Provider
from models.enums import Risk
from safecomm.dataio import fields as f
from safecomm.dataio.columns import Column, Problems
from safecomm.dataio.engine import KindImporter, Outcome, Record, Stored
from safecomm.dataio.lookups import fold, provider_index
from safecomm.dataio.trail import changes_document, write_audit

ASSESSED, STATEMENT = "self_assessment_completed", "safeguarding_statement_received"


class ProviderImporter(KindImporter):
    kind = "providers"
    table = Provider
    entity = "provider"
    columns = (
        Column("name", f.text(200, one_line=True), required=True),
        Column("slack_channel", f.slack_channel),
        Column("safeguarding_lead", f.slack_user),
        Column("risk", f.choice(Risk), default=Risk.MEDIUM.value),
        Column(ASSESSED, f.parse_date),
        Column(STATEMENT, f.parse_date),
    )
    extra_fields = frozenset({ASSESSED, STATEMENT})

    def prepare(self) -> None:
        self.providers = provider_index(self.session)

    def build(self, row: int, values: dict, problems: Problems) -> Record | None:
        if values.get(STATEMENT) and not values.get(ASSESSED):
            problems.add(row, STATEMENT, f"given without {ASSESSED} (the assessment it "
                                         "came with)")
            return None
        if "name" not in values:
            return None
        return Record(row, (fold(values["name"]),), values)

    def duplicate(self, record: Record, first_row: int) -> tuple[str, str]:
        return "name", f"{record.values['name']!r} is already at row {first_row}"

    def existing(self, records: list[Record]) -> dict[tuple, Stored]:
        found = {r.key: dict(self.providers.rows[r.key[0]]) for r in records
                 if r.key[0] in self.providers.rows}
        ids = [old["id"] for old in found.values()]
        assessments: dict[tuple[int, object], SelfAssessment] = {
            (a.provider_id, a.completed_on): a for a in self.session.scalars(
            select(SelfAssessment).where(col(SelfAssessment.provider_id).in_(ids)))} if ids else {}
        self.assessments = assessments
        for record in records:
            old = found.get(record.key)
            if old is not None:
                done = assessments.get((old["id"], record.values.get(ASSESSED)))
                old[ASSESSED] = done.completed_on if done else None
                old[STATEMENT] = done.statement_received_on if done else None
        stored: dict[tuple, Stored] = {**found}
        return stored

    def after_write(self, outcomes: list[Outcome]) -> None:
        """Record the self-assessment of each record whose assessment dates changed."""
        entries = [self._save_assessment(o.id, o.record.values) for o in outcomes
                   if o.record.values.get(ASSESSED) and {ASSESSED, STATEMENT} & set(o.changed)]
        write_audit(self.session, entries)

    def _save_assessment(self, provider_id: int, values: dict) -> dict:
        done = self.assessments.get((provider_id, values[ASSESSED]))
        before = None if done is None else {"statement_received_on": done.statement_received_on}
        if done is None:
            done = SelfAssessment(provider_id=provider_id, completed_on=values[ASSESSED],
                                  recorded_by=self.actor)
        if STATEMENT in values:
            done.statement_received_on = values[STATEMENT]
        self.session.add(done)
        self.session.flush()
        after: dict[str, object] = {"statement_received_on": done.statement_received_on}
        if before is None:
            after |= {"provider_id": provider_id, "completed_on": done.completed_on,
                      "recorded_by": self.actor}
        return self.audit_entry(before is None, "self_assessment", done.id,
                                changes_document(changed_fields(before, after)))
