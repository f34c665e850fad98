"""the workflow that keeps an overdue item's ladder when it is not the item's own (a pair's)

Revision ID: 0013_ladders_held_by_pairs
Revises: 0012_plan_texts_agreements
Create Date: 2026-12-01 05:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401


# revision identifiers, used by Alembic.
revision: str = '0013_ladders_held_by_pairs'
down_revision: Union[str, Sequence[str], None] = '0012_plan_texts_agreements'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Items kept so far each have a workflow of their own (`item-<id>`): NULL says so.
    with op.batch_alter_table("overdue_items") as batch:
        batch.add_column(sa.Column("held_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("overdue_items") as batch:
        batch.drop_column("held_by")
