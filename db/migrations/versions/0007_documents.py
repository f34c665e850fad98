"""documents, import and export: the school's own key of a participant

Revision ID: 0007
Revises: 0006_web_accounts
Create Date: 2026-11-30 23:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006_web_accounts'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_unique_constraint(
            'uq_participants_organisation_id_external_id', ['organisation_id', 'external_id']
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participants_organisation_id_external_id', type_='unique')
        batch_op.drop_column('external_id')
