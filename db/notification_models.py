"""The notification outbox and the addresses it is delivered to.

A notification is written once per recipient by the `notify` activity and sent later by
`deliver_notifications`; it stays readable through the API whether or not it was ever e-mailed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

import db.models  # noqa: F401  (the `users` table these rows point to lives on the same metadata)


class Notification(SQLModel, table=True):
    """One message to one user about one overdue item at one escalation level.

    `dedup_key` ("{item_id}:{level}:{user_id}") is the idempotency key: a retried activity cannot write twice.
    `delivered_at` is set when delivery is settled: sent, or not sendable (then `delivery_error` says why).
    A row with `delivered_at` empty and `delivery_error` set failed and waits for a later try, unless its
    `attempts` reached the limit of the deliverer.
    """

    __tablename__ = "notifications"
    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(unique=True)
    user_id: str = Field(foreign_key="users.id", index=True)
    organisation_id: str = Field(index=True)
    item_id: str = Field(index=True)
    level: str
    subject: str
    body: str
    link: str
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    delivery_error: str | None = None
    attempts: int = 0
    read_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class NotificationAddress(SQLModel, table=True):
    """Where a user's notifications are e-mailed; set by the user (the API or «Уведомления»)."""

    __tablename__ = "notification_addresses"
    user_id: str = Field(foreign_key="users.id", primary_key=True)
    email: str
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
