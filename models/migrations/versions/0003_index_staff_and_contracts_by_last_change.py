"""index staff and contracts by last change

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:21:25.119379
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index('ix_contracts_updated_at', ['updated_at'], unique=False)

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_updated_at', ['updated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_updated_at')

    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_contracts_updated_at')

