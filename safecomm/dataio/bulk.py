"""Fast multi-row INSERTs for large imports.

SQLAlchemy's executemany converts every value of every row through its column type on each
row; for 200,000 staff and as many audit entries that bookkeeping cost as much as the
database's own work. Here the statement is compiled once for the connection's dialect, each
column's own bind processor for the dialect (``dialect_impl(dialect).bind_processor`` — the
same conversion SQLAlchemy applies: UTC-aware datetimes, JSON, SQLite dates) is applied once
per distinct value, and the driver's ``executemany`` does the rest. Any driver paramstyle.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from sqlalchemy import Connection, Table, insert


def insert_many(connection: Connection, table: Table, rows: list[dict], *,
                encoded: Collection[str] = ()) -> None:
    """INSERT ``rows`` (dicts with the same keys) in one executemany. Rows that leave out a
    column with a default go the ordinary way (SQLAlchemy fills the default in). The values of
    the ``encoded`` columns are already in their stored form (e.g. a JSON document's text) and
    go as they are; such rows must give every column."""
    if not rows:
        return
    names = list(rows[0])
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=names,
                                     for_executemany=True)
    if set(compiled.binds) != set(names):
        if encoded:
            raise ValueError(f"insert_many into {table.name}: give every column with "
                             f"encoded values ({', '.join(sorted(encoded))})")
        connection.execute(insert(table), rows)
        return
    dialect = connection.dialect
    order = list(compiled.positiontup or ()) if compiled.positional else names
    params: list = _converted(rows, order, [
        None if name in encoded else table.c[name].type.dialect_impl(dialect).bind_processor(
            dialect) for name in order])
    if not compiled.positional:
        params = [dict(zip(order, values, strict=True)) for values in params]
    connection.exec_driver_sql(compiled.string, params)


def _converted(rows: list[dict], order: list[str], processors: list) -> list[tuple]:
    """Each row's values in ``order``, through the processors (None: as they are), a column
    at a time: each distinct hashable value of a column is converted once."""
    columns = [[row[name] for row in rows] for name in order]
    for i, processor in enumerate(processors):
        if processor is not None:
            columns[i] = _processed(columns[i], processor)
    return list(zip(*columns, strict=True))


def _processed(values: list, processor: Callable) -> list:
    """``[processor(value) for value in values]``, once per distinct value when they are all
    hashable (a JSON column's documents are not: each goes through on its own)."""
    try:
        done = {value: processor(value) for value in set(values)}
    except TypeError:
        return [processor(value) for value in values]
    return [done[value] for value in values]
