"""Importing one file, whole or not at all (SPEC "Import files").

1. Read and check every row (no writes): the header, each cell, the kind's own rules (known
   provider or contract, end not before start…), and no key twice in the file.
2. Any problem: raise :class:`ImportRejected` with every problem (``row N: column: what is
   wrong``); nothing was written.
3. Otherwise write every record inside the caller's transaction, in chunks, and return the
   counts created / updated / unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from operator import attrgetter
from pathlib import Path

from sqlmodel import Session

from models.collector import collector_paused
from models.crypto import CertificateCipher
from safecomm.dataio.activity import MeetingImporter, TrainingImporter
from safecomm.dataio.columns import BatchReader, Problems, batches, match_header, read_cells
from safecomm.dataio.contracts import ContractImporter
from safecomm.dataio.engine import Counts, KindImporter, Record
from safecomm.dataio.providers import ProviderImporter
from safecomm.dataio.readers import Table, open_table
from safecomm.dataio.records import AssessmentImporter, CheckImporter
from safecomm.dataio.staff import StaffImporter

IMPORTERS: dict[str, type[KindImporter]] = {
    importer.kind: importer for importer in (ProviderImporter, ContractImporter,
                                             StaffImporter, MeetingImporter, TrainingImporter,
                                             AssessmentImporter, CheckImporter)}

READ_BATCH = 2000  # rows of a CSV file read at once

Track = Callable[[Iterable, str, int | None], Iterable]


def no_progress(items: Iterable, _description: str, _total: int | None) -> Iterable:
    return items


@dataclass
class ImportSummary:
    kind: str
    counts: Counts
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        c = self.counts
        return f"{self.kind}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"


class ImportRejected(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: Problems, notes: list[str]):
        super().__init__(f"{problems.count} problem(s)")
        self.problems, self.notes = problems, notes


def import_file(session: Session, *, kind: str, path: Path, actor: str, now: datetime,
                cipher: CertificateCipher, track: Track = no_progress) -> ImportSummary:
    """Import ``path`` as ``kind`` in ``session`` (the caller commits, or rolls back on any
    error); raises ImportRejected, or ImportFileError for a file that cannot be read."""
    importer = IMPORTERS[kind](session, actor=actor, now=now, cipher=cipher,
                               note=f"import {kind} {path.name}")
    size = path.stat().st_size if path.is_file() else 0
    # records make no reference cycles (models.collector)
    with collector_paused(), importer.working(file_bytes=size):
        return _import(importer, path, track)


def _import(importer: KindImporter, path: Path, track: Track) -> ImportSummary:
    problems, notes = Problems(), list[str]()
    with open_table(path, count_rows=track is not no_progress) as table:
        records = _check(importer, table, problems, notes, track)
    if problems:
        raise ImportRejected(problems, notes)
    if importer.sort_by_key:
        records.sort(key=attrgetter("key"))
    counts = Counts()
    for done in _written(importer, track(_chunks(records, importer.chunk_size), "writing",
                                         -(-len(records) // importer.chunk_size))):
        counts.created += done.created
        counts.updated += done.updated
        counts.unchanged += done.unchanged
    return ImportSummary(importer.kind, counts, notes)


def _written(importer: KindImporter, chunks: Iterable[list[Record]]) -> Iterator[Counts]:
    """Write each chunk; with ``plan_ahead``, the next chunk planned before each is written
    (so what ``before_write`` starts for it goes on meanwhile)."""
    if not importer.plan_ahead:
        yield from map(importer.write, chunks)
        return
    planned = None
    for chunk in chunks:
        upcoming = importer.plan(chunk)
        if planned is not None:
            yield importer.write_planned(planned)
        planned = upcoming
    if planned is not None:
        yield importer.write_planned(planned)


def _check(importer: KindImporter, table: Table, problems: Problems, notes: list[str],
           track: Track) -> list[Record]:
    layout = importer.layout = match_header(table.header, importer.columns, table.header_row,
                                            problems)
    if layout.ignored:
        notes.append(f"ignored column(s) {', '.join(map(repr, layout.ignored))}: not "
                     f"{importer.kind} columns")
    if problems:
        return []
    importer.prepare()
    records: list[Record] = []
    first_row: dict[tuple, int] = {}
    for row, values in _values(table, layout, problems, track):
        record = importer.build(row, values, problems)
        if record is None:
            continue
        if record.key in first_row:
            problems.add(row, *importer.duplicate(record, first_row[record.key]))
            continue
        first_row[record.key] = row
        if not problems:
            records.append(record)
    if not first_row and not problems:
        notes.append("the file has a header but no rows")
    return records


def _values(table: Table, layout, problems: Problems, track: Track) -> Iterator[tuple[int, dict]]:
    """Each row's number and values: a CSV file's a batch at a time (columns.BatchReader)."""
    rows = track(table.rows, "checking", table.total)
    if not table.text_cells:
        for row, cells in rows:
            yield row, read_cells(cells, layout, row, problems)
        return
    reader = BatchReader(layout)
    for batch in batches(rows, READ_BATCH):
        yield from zip((row for row, _ in batch), reader.read(batch, problems), strict=True)


def _chunks(records: list[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk
