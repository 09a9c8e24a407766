"""the compliance store

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:29:44.646039
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_entries_entity_entity_id', ['entity', 'entity_id'], unique=False)

    op.create_table('briefings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('published_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('published_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefings'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('threshold', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('kind', 'subject', 'threshold', 'recipient', name=op.f('uq_notifications_kind_subject_threshold_recipient'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_status', ['status'], unique=False)

    op.create_table('providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('risk', sa.String(length=10), nullable=False),
    sa.Column('safeguarding_lead', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('slack_channel', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('self_assessment_every_months', sa.Integer(), nullable=True),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_providers')),
    sa.UniqueConstraint('name', name=op.f('uq_providers_name'))
    )
    op.create_table('briefing_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('briefing_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('message_ts', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('delivered_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('acknowledged_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['briefing_id'], ['briefings.id'], name=op.f('fk_briefing_deliveries_briefing_id_briefings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_briefing_deliveries_provider_id_providers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefing_deliveries')),
    sa.UniqueConstraint('briefing_id', 'provider_id', name=op.f('uq_briefing_deliveries_briefing_id_provider_id'))
    )
    with op.batch_alter_table('briefing_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_briefing_deliveries_provider_id', ['provider_id'], unique=False)

    op.create_table('contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('service', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('contract_manager', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('slack_channel', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('monitoring_every_months', sa.Integer(), nullable=False),
    sa.Column('clause_elements', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('safeguarding_metrics', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_contracts_provider_id_providers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts')),
    sa.UniqueConstraint('reference', name=op.f('uq_contracts_reference'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index('ix_contracts_contract_manager', ['contract_manager'], unique=False)
        batch_op.create_index('ix_contracts_provider_id', ['provider_id'], unique=False)

    op.create_table('self_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('statement_received_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_self_assessments_provider_id_providers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessments'))
    )
    with op.batch_alter_table('self_assessments', schema=None) as batch_op:
        batch_op.create_index('ix_self_assessments_provider_id_completed_on', ['provider_id', 'completed_on'], unique=False)

    op.create_table('training_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('course', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('attended_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.Integer(), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_training_attendance_provider_id_providers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendance')),
    sa.UniqueConstraint('provider_id', 'course', 'attended_on', name=op.f('uq_training_attendance_provider_id_course_attended_on'))
    )
    op.create_table('user_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('role', sa.String(length=15), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_user_roles_provider_id_providers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_roles')),
    sa.UniqueConstraint('slack_user_id', 'role', 'provider_id', name=op.f('uq_user_roles_slack_user_id_role_provider_id'))
    )
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_roles_slack_user_id'), ['slack_user_id'], unique=False)

    op.create_table('monitoring_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('safeguarding_discussed', sa.Boolean(), nullable=False),
    sa.Column('metrics', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('next_meeting_on', sa.Date(), nullable=True),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_monitoring_meetings_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_meetings'))
    )
    with op.batch_alter_table('monitoring_meetings', schema=None) as batch_op:
        batch_op.create_index('ix_monitoring_meetings_contract_id_held_on', ['contract_id', 'held_on'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('staff_ref', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('contact_level', sa.String(length=12), nullable=False),
    sa.Column('dbs_level', sa.String(length=20), nullable=True),
    sa.Column('dbs_certificate_token', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=True),
    sa.Column('dbs_certificate_last4', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
    sa.Column('dbs_issue_date', sa.Date(), nullable=True),
    sa.Column('dbs_recheck_due', sa.Date(), nullable=True),
    sa.Column('update_service', sa.Boolean(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_staff_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('contract_id', 'staff_ref', name=op.f('uq_staff_contract_id_staff_ref'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index('ix_staff_contract_id_dbs_recheck_due', ['contract_id', 'dbs_recheck_due'], unique=False)
        batch_op.create_index('ix_staff_dbs_recheck_due', ['dbs_recheck_due'], unique=False)

    op.create_table('thematic_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=5), nullable=True),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_thematic_checks_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thematic_checks'))
    )
    with op.batch_alter_table('thematic_checks', schema=None) as batch_op:
        batch_op.create_index('ix_thematic_checks_contract_id_done_on', ['contract_id', 'done_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('thematic_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_thematic_checks_contract_id_done_on')

    op.drop_table('thematic_checks')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_dbs_recheck_due')
        batch_op.drop_index('ix_staff_contract_id_dbs_recheck_due')

    op.drop_table('staff')
    with op.batch_alter_table('monitoring_meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_meetings_contract_id_held_on')

    op.drop_table('monitoring_meetings')
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_roles_slack_user_id'))

    op.drop_table('user_roles')
    op.drop_table('training_attendance')
    with op.batch_alter_table('self_assessments', schema=None) as batch_op:
        batch_op.drop_index('ix_self_assessments_provider_id_completed_on')

    op.drop_table('self_assessments')
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_contracts_provider_id')
        batch_op.drop_index('ix_contracts_contract_manager')

    op.drop_table('contracts')
    with op.batch_alter_table('briefing_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_briefing_deliveries_provider_id')

    op.drop_table('briefing_deliveries')
    op.drop_table('providers')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_status')

    op.drop_table('notifications')
    op.drop_table('briefings')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_entity_entity_id')
        batch_op.drop_index('ix_audit_entries_at')

    op.drop_table('audit_entries')
