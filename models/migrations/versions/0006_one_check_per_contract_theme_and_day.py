"""one thematic check done per contract, theme and day

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 18:00:00

Checks recorded twice as done for the same contract, theme and day are merged first: the
latest recorded stays. Planned checks (no done_on) are not constrained.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM thematic_checks WHERE done_on IS NOT NULL AND id NOT IN ("
        " SELECT max(id) FROM thematic_checks WHERE done_on IS NOT NULL"
        " GROUP BY contract_id, theme, done_on)")
    with op.batch_alter_table('thematic_checks', schema=None) as batch_op:
        batch_op.create_index('ix_thematic_checks_contract_id_theme_done_on',
                              ['contract_id', 'theme', 'done_on'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('thematic_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_thematic_checks_contract_id_theme_done_on')
