"""the re-check date index carries the application date too

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:30:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_dbs_recheck_due_applied_on',
                              ['dbs_recheck_due', 'dbs_applied_on'], unique=False)
        batch_op.drop_index('ix_staff_dbs_recheck_due')


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_dbs_recheck_due', ['dbs_recheck_due'], unique=False)
        batch_op.drop_index('ix_staff_dbs_recheck_due_applied_on')
