"""Fast multi-row INSERTs for large imports.

SQLAlchemy's executemany converts every value of every row through its column type on each
row; for 200,000 staff and as many audit entries that bookkeeping cost as much as the
database's own work. Here the statement is compiled once for the connection's dialect, each
column's own bind processor for the dialect (``dialect_impl(dialect).bind_processor`` — the
same conversion SQLAlchemy applies: UTC-aware datetimes, JSON, SQLite dates) is applied once
per distinct value, and the driver's ``executemany`` does the rest. Any driver paramstyle.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from sqlalchemy import Connection, Table, insert


def insert_many(connection: Connection, table: Table, rows: list[dict]) -> None:
    """INSERT ``rows`` (dicts with the same keys) in one executemany. Rows that leave out a
    column with a default go the ordinary way (SQLAlchemy fills the default in)."""
    if not rows:
        return
    names = list(rows[0])
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=names,
                                     for_executemany=True)
    if set(compiled.binds) != set(names):
        connection.execute(insert(table), rows)
        return
    dialect = connection.dialect
    order = list(compiled.positiontup or ()) if compiled.positional else names
    params = _converted(rows, order, [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order])
    if not compiled.positional:
        params = [dict(zip(order, values, strict=True)) for values in params]
    connection.exec_driver_sql(compiled.string, params)


def _converted(rows: list[dict], order: list[str], processors: list) -> list:
    """Each row's values in ``order``, through the processors (None: as they are)."""
    take = itemgetter(*order) if len(order) > 1 else (lambda row: (row[order[0]],))
    convert = [(i, _memoised(p)) for i, p in enumerate(processors) if p is not None]
    if not convert:
        return [take(row) for row in rows]
    params = []
    for row in rows:
        values = list(take(row))
        for i, process in convert:
            values[i] = process(values[i])
        params.append(tuple(values))
    return params


_UNHASHABLE = (dict, list)


def _memoised(processor: Callable) -> Callable:
    """``processor``, remembering its result per distinct hashable value."""
    done: dict = {}

    def process(value):
        if value.__class__ in _UNHASHABLE:  # a JSON document
            return processor(value)
        try:
            return done[value]
        except KeyError:
            result = done[value] = processor(value)
            return result
        except TypeError:  # another unhashable value
            return processor(value)

    return process

