"""Finding providers by name and contracts by reference in an imported row, by the one rule
of models.names: the name as stored, but for case and runs of white space (``oak  care`` finds
``Oak Care``); an unknown one is a problem of its row, with "did you mean" the nearest stored
name when one is near. Each index is loaded once per import, in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from models.base import table_of
from models.core import Contract, Provider
from models.names import nearest
from models.names import normalise as fold


@dataclass
class NameIndex:
    """Stored rows by folded name: ``rows[fold(name)]`` is a dict of the selected columns."""

    what: str  # "provider", "contract"
    rows: dict[str, dict] = field(default_factory=dict)
    _suggestions: dict[str, str] = field(default_factory=dict)
    _found: dict[str, dict | None] = field(default_factory=dict)  # by the name as written

    def find(self, name: str) -> dict | None:
        """The stored row of ``name`` (each spelling folded once: a file names its contracts
        many times over)."""
        try:
            return self._found[name]
        except KeyError:
            found = self._found[name] = self.rows.get(fold(name))
            return found

    def resolve(self, values: dict, row: int, problems, *, column: str, into: str) -> bool:
        """Replace the name in ``values[column]`` by its row's id in ``values[into]``; an
        unknown name is a problem of that row and column. False only for an unknown name."""
        if column not in values:
            return True
        name = values.pop(column)
        found = self.find(name)
        if found is None:
            problems.add(row, column, self.unknown(name))
            return False
        values[into] = found["id"]
        return True

    def unknown(self, name: str) -> str:
        """The problem for a name that is not stored, with a suggestion when one is close."""
        folded = fold(name)
        if folded not in self._suggestions:
            close = nearest(name, ((row["label"], row["label"]) for row in self.rows.values()),
                            limit=1)
            self._suggestions[folded] = f" (did you mean {close[0]!r}?)" if close else ""
        return f"no {self.what} {name!r} in the database{self._suggestions[folded]}"


def provider_index(session: Session) -> NameIndex:
    """Every provider: id, name, slack_channel, safeguarding_lead, risk."""
    table = table_of(Provider).c
    rows = session.execute(select(table.id, table.name, table.slack_channel,
                                  table.safeguarding_lead, table.risk)).mappings()
    return NameIndex("provider", {fold(r["name"]): {**r, "label": r["name"]} for r in rows})


def contract_index(session: Session) -> NameIndex:
    """Every contract: all its columns but the timestamps."""
    table = table_of(Contract)
    wanted = [c for c in table.c if c.name not in ("created_at", "updated_at")]
    rows = session.execute(select(*wanted)).mappings()
    return NameIndex("contract", {fold(r["reference"]): {**r, "label": r["reference"]}
                                  for r in rows})
