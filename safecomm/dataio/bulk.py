"""Fast multi-row INSERTs for large imports.

SQLAlchemy's executemany converts every value of every row through its column type on each
row; for 200,000 staff and as many audit entries that bookkeeping cost as much as the
database's own work. Here the statement is compiled once for the connection's dialect, each
column's own bind processor for the dialect (``dialect_impl(dialect).bind_processor`` — the
same conversion SQLAlchemy applies: UTC-aware datetimes, JSON, SQLite dates) is applied once
per distinct value, and the driver's ``executemany`` does the rest. Any driver paramstyle.
A column NULL in every row, with no default, is left out of the statement (stored NULL all
the same): the sqlite3 module passes a NULL parameter several times slower than a number.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from sqlalchemy import Column, Connection, Table, insert


def insert_many(connection: Connection, table: Table, rows: list[dict], *,
                encoded: Collection[str] = ()) -> None:
    """INSERT ``rows`` (dicts with the same keys) in one executemany. Rows that leave out a
    column with a default go the ordinary way (SQLAlchemy fills the default in). The values of
    the ``encoded`` columns are already in their stored form (e.g. a JSON document's text) and
    go as they are; such rows must give every column."""
    if rows:
        names = list(rows[0])
        insert_columns(connection, table, names, [[row[name] for row in rows] for name in names],
                       encoded=encoded)


def insert_columns(connection: Connection, table: Table, names: list[str],
                   columns: list[list], *, encoded: Collection[str] = ()) -> None:
    """``insert_many`` of the rows whose values are given a column at a time: ``columns[i]``
    holds every row's value of ``names[i]``."""
    if not columns or not columns[0]:
        return
    names, columns = _without_nulls(table, names, columns, encoded)
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=names,
                                     for_executemany=True)
    if set(compiled.binds) != set(names):
        if encoded:
            raise ValueError(f"insert_many into {table.name}: give every column with "
                             f"encoded values ({', '.join(sorted(encoded))})")
        connection.execute(insert(table), [dict(zip(names, values, strict=True))
                                           for values in zip(*columns, strict=True)])
        return
    dialect = connection.dialect
    order = list(compiled.positiontup or ()) if compiled.positional else names
    by_name = dict(zip(names, columns, strict=True))
    converted = [by_name[name] if name in encoded else _processed(
        by_name[name], table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        for name in order]
    params: list = list(zip(*converted, strict=True))
    if not compiled.positional:
        params = [dict(zip(order, values, strict=True)) for values in params]
    connection.exec_driver_sql(compiled.string, params)


def _without_nulls(table: Table, names: list[str], columns: list[list],
                   encoded: Collection[str]) -> tuple[list[str], list[list]]:
    """The columns without those that are NULL in every row and have no default (nor are a
    key): left out, the database stores NULL in them all the same, and a NULL parameter is
    costly to pass (the sqlite3 module looks for an adapter for each)."""
    kept = [(name, column) for name, column in zip(names, columns, strict=True)
            if not (column[0] is None and name not in encoded and _plain(table.c[name])
                    and column.count(None) == len(column))]
    if len(kept) == len(names) or not kept:
        return names, columns
    return [name for name, _ in kept], [column for _, column in kept]


def _plain(column: Column) -> bool:
    """No default of any kind, no key: left out of an INSERT, it is NULL."""
    return column.default is None and column.server_default is None \
        and not column.primary_key and column.nullable is not False


def _processed(values: list, processor: Callable | None) -> list:
    """``[processor(value) for value in values]`` (None: the values as they are), once per
    distinct value when they are all hashable (a JSON column's documents are not: each goes
    through on its own)."""
    if processor is None:
        return values
    try:
        done = {value: processor(value) for value in set(values)}
    except TypeError:
        return [processor(value) for value in values]
    return [done[value] for value in values]
