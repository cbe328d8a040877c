"""publishing: subscriptions, outbox events, delivery attempts, worker lock

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 04:37:03.292872
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('subscriptions',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=True),
    sa.Column('profile', sa.JSON(), nullable=True),
    sa.Column('webhook_url', sa.String(length=2000), nullable=True),
    sa.Column('webhook_secret', sa.String(length=80), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('digest', sa.String(length=10), nullable=False),
    sa.Column('email_token', sa.String(length=64), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_digest_period', sa.String(length=10), nullable=True),
    sa.Column('digest_lease_owner', sa.String(length=64), nullable=True),
    sa.Column('digest_lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("digest IN ('daily', 'weekly')", name=op.f('ck_subscriptions_known_digest')),
    sa.CheckConstraint('(webhook_url IS NULL) <> (email IS NULL)', name=op.f('ck_subscriptions_webhook_or_email')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_subscriptions')),
    sa.UniqueConstraint('public_id', name=op.f('uq_subscriptions_public_id'))
    )
    op.create_table('worker_locks',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_locks'))
    )
    op.create_table('delivery_attempts',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('subscription_pk', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['subscription_pk'], ['subscriptions.pk'], name=op.f('fk_delivery_attempts_subscription_pk_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_delivery_attempts'))
    )
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_attempts_subscription_pk'), ['subscription_pk'], unique=False)

    op.create_table('outbox_events',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=40), nullable=False),
    sa.Column('subscription_pk', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('stream_slug', sa.String(length=160), nullable=True),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('instant', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_owner', sa.String(length=64), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'delivered', 'failed')", name=op.f('ck_outbox_events_known_state')),
    sa.ForeignKeyConstraint(['subscription_pk'], ['subscriptions.pk'], name=op.f('fk_outbox_events_subscription_pk_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_outbox_events')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_events_message_id')),
    sa.UniqueConstraint('subscription_pk', 'dedupe_key', name=op.f('uq_outbox_events_subscription_pk_dedupe_key'))
    )
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_events_due', ['state', 'instant', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_events_subscription_pk'), ['subscription_pk'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_events_subscription_pk'))
        batch_op.drop_index('ix_outbox_events_due')

    op.drop_table('outbox_events')
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_attempts_subscription_pk'))

    op.drop_table('delivery_attempts')
    op.drop_table('worker_locks')
    op.drop_table('subscriptions')
