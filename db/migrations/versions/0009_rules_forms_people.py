"""rules as schools live them: external mentors, per-mentor training, plan drafts, agreements, petitions

Revision ID: 0009_rules_forms_people
Revises: 0010_rules_calendar_plan
Create Date: 2026-11-30 23:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401


# revision identifiers, used by Alembic.
revision: str = '0009_rules_forms_people'
down_revision: Union[str, Sequence[str], None] = '0010_rules_calendar_plan'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('home_organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('partner_agreement', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('training_required', sa.Boolean(), nullable=True))
    with op.batch_alter_table('plan_documents', schema=None) as batch_op:
        batch_op.alter_column('cadence_days', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(
            sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='approved')
        )
        batch_op.add_column(sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    with op.batch_alter_table('plan_documents', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
    op.create_table('mentor_agreements',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('organisation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentor_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_agreements_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_agreements_participant_id'), ['participant_id'], unique=False)
    op.create_table('plan_proposals',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pair_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('proposed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['pair_id'], ['pairs.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_proposals_pair_id'), ['pair_id'], unique=False)
    op.create_table('petitions',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pair_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('organisation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('filed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('decision_comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['pair_id'], ['pairs.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitions_pair_id'), ['pair_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitions_pair_id'))
        batch_op.drop_index(batch_op.f('ix_petitions_organisation_id'))
    op.drop_table('petitions')
    with op.batch_alter_table('plan_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_proposals_pair_id'))
    op.drop_table('plan_proposals')
    with op.batch_alter_table('mentor_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_agreements_participant_id'))
        batch_op.drop_index(batch_op.f('ix_mentor_agreements_organisation_id'))
    op.drop_table('mentor_agreements')
    with op.batch_alter_table('plan_documents', schema=None) as batch_op:
        batch_op.drop_column('approved_by')
        batch_op.drop_column('status')
        batch_op.alter_column('cadence_days', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.drop_column('training_required')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('partner_agreement')
        batch_op.drop_column('home_organisation')
