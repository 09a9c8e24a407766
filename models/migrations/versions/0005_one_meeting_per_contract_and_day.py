"""one meeting per contract and day

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 17:40:00

Meetings recorded twice for the same contract and day (a form sent twice) are merged first:
the latest recorded stays.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM monitoring_meetings WHERE id NOT IN ("
        " SELECT max(id) FROM monitoring_meetings GROUP BY contract_id, held_on)")
    with op.batch_alter_table('monitoring_meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_meetings_contract_id_held_on')
        batch_op.create_index('ix_monitoring_meetings_contract_id_held_on',
                              ['contract_id', 'held_on'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('monitoring_meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_meetings_contract_id_held_on')
        batch_op.create_index('ix_monitoring_meetings_contract_id_held_on',
                              ['contract_id', 'held_on'], unique=False)
