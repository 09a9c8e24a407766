"""Reading a query's rows in parts as the database sends them (models.streaming), on the
test's database: SQLite by default, PostgreSQL with TEST_DATABASE_URL."""

from datetime import date

import pytest
from sqlalchemy import false, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import col

from models import Staff
from models.db import make_engine
from models.streaming import row_parts
from tests.factories import make_contract, make_provider, make_staff


@pytest.fixture
def five_staff(session):
    contract = make_contract(session, make_provider(session))
    for n in range(5):
        make_staff(session, contract, name=f"Person {n}", dbs_recheck_due=date(2027, 4, n + 1))
    session.commit()
    return select(col(Staff.id), col(Staff.name), col(Staff.dbs_recheck_due)).order_by(
        col(Staff.id))


def test_it_gives_every_row_in_parts_of_the_size_asked(session, five_staff):
    whole = [tuple(row) for row in session.connection().execute(five_staff)]
    parts = list(row_parts(session.connection(), five_staff, size=2))
    assert [len(part) for part in parts] == [2, 2, 1]
    assert [tuple(row) for part in parts for row in part] == whole
    assert [row[2] for row in whole] == [date(2027, 4, day) for day in range(1, 6)]  # dates


def test_it_gives_no_part_for_no_rows_and_the_connection_goes_on(session, five_staff):
    assert list(row_parts(session.connection(), five_staff.where(false()), size=2)) == []
    assert session.connection().execute(select(Staff.id)).all()


def test_parts_left_unread_free_the_connection_when_closed(session, five_staff):
    parts = row_parts(session.connection(), five_staff, size=2)
    assert len(next(parts)) == 2
    parts.close()  # the rest never read: the server is told to stop
    assert session.connection().execute(select(Staff.name)).scalars().all() == [
        f"Person {n}" for n in range(5)]


def test_on_postgresql_the_first_rows_arrive_while_the_server_is_still_working(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs in the process: there is no server to overlap")
    # rows of 10 kB (past the server's 8 kB send buffer, so each is sent when made), a
    # quarter of a second apart
    slow = text("SELECT g, repeat('x', 10000) || pg_sleep(0.25)::text "
                "FROM generate_series(1, 4) AS g")
    watcher = make_engine(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection, watcher.connect() as other:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        parts = row_parts(connection, slow, size=1)
        first = next(parts)
        state = other.execute(text("SELECT state FROM pg_stat_activity WHERE pid = :pid"),
                              {"pid": pid}).scalar_one()
        rest = [row for part in parts for row in part]
    watcher.dispose()
    assert state == "active"  # the statement was still running when the first row came
    assert [row[0] for row in [*first, *rest]] == [1, 2, 3, 4]


def test_on_postgresql_an_error_while_rows_arrive_is_sqlalchemys_and_the_session_goes_on(
        session):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite divides by zero into NULL")
    failing = text("SELECT g, repeat('x', 10000), 1 / (3 - g) FROM generate_series(1, 5) AS g")
    with pytest.raises(DBAPIError, match="division by zero"):
        for _part in row_parts(session.connection(), failing, size=1):
            pass
    session.rollback()
    assert session.connection().execute(text("SELECT 1")).scalar_one() == 1
