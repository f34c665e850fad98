"""rules: a pupil's grade belongs to its school year; intermediate results of a pair's plan

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
    op.create_table(
        "intermediate_results",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pair_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("achieved_on", sa.Date(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pair_id"], ["pairs.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_intermediate_results_pair_id"), "intermediate_results", ["pair_id"], unique=False)
    # Grades kept so far have no year: read as they stand (domain/grades.py); a new grade records its year.
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("grade_year", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    op.drop_index(op.f("ix_intermediate_results_pair_id"), table_name="intermediate_results")
    op.drop_table("intermediate_results")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("grade_year")
