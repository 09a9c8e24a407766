"""the whole lifecycle and DBS Update Service status checks

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 17:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dbs_applied_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('surname', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column('date_of_birth_token', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=True))
        batch_op.add_column(sa.Column('update_service_consent', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('status_check_result', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True))
        batch_op.add_column(sa.Column('status_checked_at', models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('status_check_print_date', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('status_check_print_date')
        batch_op.drop_column('status_checked_at')
        batch_op.drop_column('status_check_result')
        batch_op.drop_column('update_service_consent')
        batch_op.drop_column('date_of_birth_token')
        batch_op.drop_column('surname')
        batch_op.drop_column('dbs_applied_on')
