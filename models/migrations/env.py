"""Alembic environment: the engine comes from ``config.attributes`` (see models.migrate)."""

from alembic import context
from sqlmodel import SQLModel

from models import import_tables

import_tables()  # every table on SQLModel.metadata
config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
