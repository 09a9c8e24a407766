"""slack identities and status snapshots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:35:50.784536
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('slack_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('resolved_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_identities')),
    sa.UniqueConstraint('email', name=op.f('uq_slack_identities_email'))
    )
    op.create_table('status_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('standard', sa.Integer(), nullable=False),
    sa.Column('rag', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_status_snapshots_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_snapshots')),
    sa.UniqueConstraint('taken_on', 'contract_id', 'standard', name=op.f('uq_status_snapshots_taken_on_contract_id_standard'))
    )


def downgrade() -> None:
    op.drop_table('status_snapshots')
    op.drop_table('slack_identities')
