"""the individual plan's problem, content and planned results, a kind it changes to; the members' agreements

Revision ID: 0012_plan_texts_agreements
Revises: 0009_rules_forms_people
Create Date: 2026-12-01 02:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401


# revision identifiers, used by Alembic.
revision: str = '0012_plan_texts_agreements'
down_revision: Union[str, Sequence[str], None] = '0009_rules_forms_people'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Plans kept so far have these parts blank (the document showed lines to fill in by hand).
    with op.batch_alter_table("plan_documents") as batch:
        for column in ("problem", "content", "planned_results"):
            batch.add_column(
                sa.Column(column, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
            )
        batch.add_column(sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_table(
        "plan_agreements",
        sa.Column("plan_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan_documents.id"]),
        sa.PrimaryKeyConstraint("plan_id", "participant_id"),
    )


def downgrade() -> None:
    op.drop_table("plan_agreements")
    with op.batch_alter_table("plan_documents") as batch:
        for column in ("problem", "content", "planned_results", "kind"):
            batch.drop_column(column)
