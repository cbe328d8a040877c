"""write API: API keys, change log, idempotency records, versions and soft delete

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-25 04:32:21.305103
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_keys',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('admin', 'funder', 'commissioner')", name=op.f('ck_api_keys_known_role')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash')),
    sa.UniqueConstraint('name', name=op.f('uq_api_keys_name'))
    )
    op.create_table('changes',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('resource', sa.String(length=20), nullable=False),
    sa.Column('resource_id', sa.String(length=200), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('txid', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("action IN ('create', 'update', 'delete', 'restore')", name=op.f('ck_changes_known_action')),
    sa.CheckConstraint("resource IN ('funder', 'stream', 'award')", name=op.f('ck_changes_known_resource')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_changes'))
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changes_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_changes_resource_id'), ['resource_id'], unique=False)
        batch_op.create_index('ix_changes_resource_pk', ['resource', 'pk'], unique=False)
        batch_op.create_index('ix_changes_txid_pk', ['txid', 'pk'], unique=False)

    op.create_table('api_key_boroughs',
    sa.Column('key_pk', sa.Integer(), nullable=False),
    sa.Column('gss_code', sa.String(length=9), nullable=False),
    sa.ForeignKeyConstraint(['gss_code'], ['boroughs.gss_code'], name=op.f('fk_api_key_boroughs_gss_code_boroughs')),
    sa.ForeignKeyConstraint(['key_pk'], ['api_keys.pk'], name=op.f('fk_api_key_boroughs_key_pk_api_keys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key_pk', 'gss_code', name=op.f('pk_api_key_boroughs'))
    )
    op.create_table('api_key_funders',
    sa.Column('key_pk', sa.Integer(), nullable=False),
    sa.Column('funder_pk', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['funder_pk'], ['funders.pk'], name=op.f('fk_api_key_funders_funder_pk_funders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['key_pk'], ['api_keys.pk'], name=op.f('fk_api_key_funders_key_pk_api_keys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key_pk', 'funder_pk', name=op.f('pk_api_key_funders'))
    )
    op.create_table('idempotency_records',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('api_key_pk', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response_body', sa.Text(), nullable=False),
    sa.Column('location', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['api_key_pk'], ['api_keys.pk'], name=op.f('fk_idempotency_records_api_key_pk_api_keys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_idempotency_records')),
    sa.UniqueConstraint('api_key_pk', 'key', name=op.f('uq_idempotency_records_api_key_pk_key'))
    )
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_records_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.create_index(batch_op.f('ix_awards_deleted_at'), ['deleted_at'], unique=False)

    with op.batch_alter_table('funders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))

    with op.batch_alter_table('funding_streams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.create_index(batch_op.f('ix_funding_streams_deleted_at'), ['deleted_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('funding_streams', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_streams_deleted_at'))
        batch_op.drop_column('version')
        batch_op.drop_column('deleted_at')

    with op.batch_alter_table('funders', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_awards_deleted_at'))
        batch_op.drop_column('version')
        batch_op.drop_column('deleted_at')

    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_records_created_at'))

    op.drop_table('idempotency_records')
    op.drop_table('api_key_funders')
    op.drop_table('api_key_boroughs')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index('ix_changes_txid_pk')
        batch_op.drop_index('ix_changes_resource_pk')
        batch_op.drop_index(batch_op.f('ix_changes_resource_id'))
        batch_op.drop_index(batch_op.f('ix_changes_at'))

    op.drop_table('changes')
    op.drop_table('api_keys')
