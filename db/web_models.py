"""People signing in to the web cabinet: passwords, server-side sessions and one-time invitations.

A `User` (db.models) is who a person is to the system; these tables say how that person proves it in a
browser. The API's bearer tokens are untouched by them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

import db.models  # noqa: F401  (the `users` table these rows point to lives on the same metadata)


def _ts(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class WebAccount(SQLModel, table=True):
    """A user's login and password (argon2 hash), and the count of wrong passwords behind the lockout."""

    __tablename__ = "web_accounts"
    user_id: str = Field(foreign_key="users.id", primary_key=True)
    login: str = Field(unique=True)  # lower-cased; chosen by the person when accepting the invitation
    password_hash: str
    password_changed_at: datetime = _ts()
    failed_attempts: int = 0
    locked_until: datetime | None = _ts(nullable=True)
    closed_at: datetime | None = _ts(nullable=True)  # closed (e.g. erasure on request): no sign-in


class WebSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here.

    `csrf_token` is the synchronizer token every form of this session carries. A session ends (for good)
    on sign-out, a password change or the account's closing: `ended_at` is set and the cookie stops
    working at once.
    """

    __tablename__ = "web_sessions"
    id: str = Field(primary_key=True)  # sha256 of the cookie's token
    user_id: str = Field(foreign_key="users.id", index=True)
    csrf_token: str
    created_at: datetime = _ts()
    last_seen_at: datetime = _ts()
    expires_at: datetime = _ts()
    ended_at: datetime | None = _ts(nullable=True)
    ended_reason: str | None = None  # sign_out | password_changed | account_closed


class Invitation(SQLModel, table=True):
    """A one-time link to set one's password; shown once, valid until `expires_at`, used once."""

    __tablename__ = "invitations"
    id: str = Field(primary_key=True)
    token_hash: str = Field(unique=True)
    user_id: str = Field(foreign_key="users.id", index=True)
    created_by: str
    created_at: datetime = _ts()
    expires_at: datetime = _ts()
    used_at: datetime | None = _ts(nullable=True)
