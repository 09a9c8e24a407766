"""A large query's rows, read while the database is still sending them.

:func:`row_parts` gives a statement's rows a few hundred at a time. On PostgreSQL (psycopg 3
with libpq 17 or later) the server sends them in chunks as it produces them (libpq's chunked
rows mode), so the caller works on the first rows while the server is still reading the
rest, instead of waiting for the whole result before starting: on a run that reads tens of
thousands of rows, the server's time and the caller's overlap.

Rules:
- SQLAlchemy stays in charge of the statement: its SQL, its parameters and their
  processing. Only the driver's cursor for this one execution fetches differently.
- On PostgreSQL the parts hold the driver's rows (tuples of psycopg's Python values); on
  SQLite (in process, nothing to overlap) and with an older libpq, SQLAlchemy's rows.
- The connection is busy until every part is read, or the parts are closed (a statement
  sent meanwhile would wait for it): read them to the end before querying again.
- An error while the rows arrive (the server stopped, a statement timeout) is raised as
  SQLAlchemy raises its own (``sqlalchemy.exc.DBAPIError``), never as the driver's.
- A result with no rows is asked for once more without chunks, since psycopg keeps no
  column description for an empty chunked result and SQLAlchemy needs one.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from functools import cache, partial
from itertools import chain, islice
from typing import Any, cast

from sqlalchemy import Connection, Executable
from sqlalchemy.exc import DBAPIError

PART_ROWS = 200  # rows per part: tens of thousands alive at once would wake the collector


def row_parts(connection: Connection, statement: Executable,
              size: int = PART_ROWS) -> Iterator[Sequence[Any]]:
    """The rows of ``statement``, ``size`` at a time (see the module's rules)."""
    driver = connection.connection.driver_connection
    if driver is None or connection.dialect.name != "postgresql" or not _chunks_supported():
        with connection.execute(statement) as result:
            yield from result.partitions(size)
        return
    usual = driver.cursor_factory
    driver.cursor_factory = partial(_chunked_cursor_class(), chunk_rows=size)  # what execute uses
    try:
        result = connection.execute(statement)
    finally:
        driver.cursor_factory = usual
    errors = connection.dialect.loaded_dbapi.Error
    with result:
        try:
            yield from iter(partial(result.cursor.fetchmany, size), [])
        except errors as error:  # reported as SQLAlchemy reports its own fetches' errors
            raise DBAPIError.instance(None, None, error, errors, hide_parameters=True,
                                      dialect=connection.dialect) from error


def _chunks_supported() -> bool:
    from psycopg import capabilities

    return capabilities.has_stream_chunked()


@cache  # made once, when first needed: a run on SQLite never imports psycopg for it
def _chunked_cursor_class() -> type:
    from psycopg import Cursor

    class ChunkedCursor(Cursor):
        """A psycopg cursor whose ``execute`` starts a chunked stream (``Cursor.stream``) and
        whose ``fetchmany`` (all :func:`row_parts` reads with) takes its rows as they arrive."""

        def __init__(self, connection: Any, *, chunk_rows: int, **kwargs: Any) -> None:
            super().__init__(connection, **kwargs)
            self._chunk_rows = chunk_rows
            self._stream: Generator[Any] | None = None
            self._rows: Iterator[Any] = iter(())

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            stream = cast(Generator[Any], self.stream(query, params, size=self._chunk_rows))
            first = next(stream, None)
            if first is None:  # no rows: a plain execute gives their description
                return super().execute(query, params, **kwargs)
            self._stream, self._rows = stream, chain((first,), stream)
            return self

        def fetchmany(self, size: int = 0) -> list[Any]:
            if self._stream is None:
                return super().fetchmany(size)
            return list(islice(self._rows, size or self.arraysize))

        def close(self) -> None:
            if self._stream is not None:
                self._stream.close()  # psycopg cancels what is left and frees the connection
                self._stream, self._rows = None, iter(())
            super().close()

    return ChunkedCursor
