"""audit chain: event keys, texts out of the audit rows, per-organisation hash chain, append-only on PG

Revision ID: 0011_audit_chain
Revises: 0007
Create Date: 2026-11-30 23:10:00

"""
import secrets
from typing import Sequence, Union
from uuid import uuid4

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401

from db.audit_hash import GENESIS, row_hash, text_digest


# revision identifiers, used by Alembic.
revision: str = '0011_audit_chain'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# SQLite names no unique constraint it was given unnamed; batch mode finds them by this convention.
UNNAMED = {"uq": "uq_%(table_name)s_%(column_0_name)s"}

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
"""


def _drop_workflow_seq_unique(table: str) -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(f'{table}_workflow_id_seq_key', table, type_='unique')
        return
    with op.batch_alter_table(table, naming_convention=UNNAMED, recreate='always') as batch_op:
        batch_op.drop_constraint(f'uq_{table}_workflow_id', type_='unique')


def _chain_existing_rows() -> None:
    """Rows of earlier releases: their free-text reasons become texts, then each organisation's rows
    are chained in the order they were written."""
    bind = op.get_bind()
    audit, texts, heads = (
        sa.table(name, *(sa.column(c) for c in cols))
        for name, cols in (
            ('audit_events', ('id', 'event_key', 'workflow_id', 'seq', 'subject_type', 'subject_id',
                              'organisation_id', 'action', 'actor_id', 'actor_role', 'at', 'from_stage',
                              'to_stage', 'reason', 'reason_text_id', 'reason_digest', 'details',
                              'chain_seq', 'prev_hash', 'row_hash')),
            ('audit_texts', ('id', 'organisation_id', 'author_id', 'body', 'salt', 'digest', 'created_at')),
            ('audit_chain_heads', ('organisation_id', 'chain_seq', 'head_hash')),
        )
    )
    rows = [dict(r._mapping) for r in bind.execute(sa.select(audit).order_by(audit.c.id))]
    chains: dict[str, tuple[int, str]] = {}
    for row in rows:
        row['event_key'] = f"{row['workflow_id']}#{row['seq']}"
        if row['reason']:
            salt, text_id = secrets.token_hex(16), f'text-{uuid4().hex}'
            bind.execute(sa.insert(texts).values(
                id=text_id, organisation_id=row['organisation_id'], author_id=row['actor_id'],
                body=row['reason'], salt=salt, digest=text_digest(salt, row['reason']), created_at=row['at'],
            ))
            row['reason_text_id'], row['reason_digest'] = text_id, text_digest(salt, row['reason'])
        row['reason'] = ''
        seq, head = chains.get(row['organisation_id'], (0, GENESIS))
        row['chain_seq'], row['prev_hash'] = seq + 1, head
        row['row_hash'] = row_hash(row)
        chains[row['organisation_id']] = (seq + 1, row['row_hash'])
        bind.execute(sa.update(audit).where(audit.c.id == row['id']).values(
            {k: row[k] for k in ('event_key', 'reason', 'reason_text_id', 'reason_digest', 'chain_seq',
                                 'prev_hash', 'row_hash')}
        ))
    for organisation_id, (seq, head) in chains.items():
        bind.execute(sa.insert(heads).values(organisation_id=organisation_id, chain_seq=seq, head_hash=head))


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('audit_texts',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('organisation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('salt', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_texts_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_texts_organisation_id'), ['organisation_id'], unique=False)
    op.create_table('audit_chain_heads',
    sa.Column('organisation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('chain_seq', sa.Integer(), nullable=False),
    sa.Column('head_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('organisation_id')
    )
    _drop_workflow_seq_unique('meetings')
    _drop_workflow_seq_unique('audit_events')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('reason_text_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('reason_digest', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('chain_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    _chain_existing_rows()
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_event_key'), ['event_key'], unique=True)
        batch_op.create_unique_constraint(
            'uq_audit_events_organisation_id_chain_seq', ['organisation_id', 'chain_seq']
        )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(APPEND_ONLY)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER audit_events_no_truncate ON audit_events')
        op.execute('DROP TRIGGER audit_events_append_only ON audit_events')
        op.execute('DROP FUNCTION audit_events_append_only()')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint('uq_audit_events_organisation_id_chain_seq', type_='unique')
        batch_op.drop_index(batch_op.f('ix_audit_events_event_key'))
        for column in ('row_hash', 'prev_hash', 'chain_seq', 'reason_digest', 'reason_text_id', 'event_key'):
            batch_op.drop_column(column)
        batch_op.create_unique_constraint('uq_audit_events_workflow_id', ['workflow_id', 'seq'])
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_meetings_workflow_id', ['workflow_id', 'seq'])
    op.drop_table('audit_chain_heads')
    with op.batch_alter_table('audit_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_texts_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_audit_texts_author_id'))
    op.drop_table('audit_texts')
