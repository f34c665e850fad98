"""rules: a pupil's grade belongs to the school year it was entered for

Revision ID: 0010_rules_calendar_plan
Revises: 0011_audit_chain
Create Date: 2026-12-01 00:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401


# revision identifiers, used by Alembic.
revision: str = '0010_rules_calendar_plan'
down_revision: Union[str, Sequence[str], None] = '0011_audit_chain'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Grades kept so far have no year: read as they stand (domain/grades.py); a new grade records its year.
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("grade_year", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("grade_year")
