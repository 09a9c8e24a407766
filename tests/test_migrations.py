"""The migrations build the whole schema, agree with the models, and are idempotent."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel
from typer.testing import CliRunner

from models.db import make_engine
from models.migrate import current_revision, head_revision, upgrade
from models.readiness import HEAD_REVISION
from safecomm.cli import app


def test_it_finds_nothing_to_autogenerate_after_upgrading(empty_database_url):
    engine = make_engine(empty_database_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_it_builds_every_table_and_the_indexes_that_run_at_scale(empty_database_url):
    engine = make_engine(empty_database_url)
    upgrade(engine)
    inspector = inspect(engine)
    assert set(SQLModel.metadata.tables) <= set(inspector.get_table_names())
    index_columns = {(table, tuple(ix["column_names"]))
                     for table in ("staff", "monitoring_meetings", "contracts")
                     for ix in inspector.get_indexes(table)}
    assert ("staff", ("dbs_recheck_due", "dbs_applied_on")) in index_columns
    assert ("staff", ("contract_id", "dbs_recheck_due")) in index_columns
    assert ("monitoring_meetings", ("contract_id", "held_on")) in index_columns
    assert ("contracts", ("provider_id",)) in index_columns
    assert ("contracts", ("contract_manager",)) in index_columns
    ledger_keys = [tuple(unique["column_names"])
                   for unique in inspector.get_unique_constraints("notifications")]
    assert ("kind", "subject", "threshold", "recipient") in ledger_keys
    engine.dispose()


def test_it_upgrades_idempotently(empty_database_url):
    engine = make_engine(empty_database_url)
    assert upgrade(engine) == (None, head_revision(engine))
    assert upgrade(engine) == (head_revision(engine), head_revision(engine))
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_it_knows_the_newest_migration_without_asking_alembic():
    engine = make_engine("sqlite://")
    assert HEAD_REVISION == head_revision(engine)
    engine.dispose()


def test_it_runs_db_upgrade_from_the_command_line_twice(empty_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    runner = CliRunner()
    first = runner.invoke(app, ["db", "upgrade"])
    second = runner.invoke(app, ["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "upgraded from empty to revision" in first.output
    assert second.exit_code == 0 and "database is up to date" in second.output
