"""Bearer tokens: each maps to a user with a role; the operator's admin token comes from settings."""

from __future__ import annotations

import hmac

from sqlmodel import Session, select

from config import settings
from db.models import Organisation, User
from db.tokens import hash_token, new_token
from domain.actors import Actor, Role

__all__ = ["MAX_TOKEN_LENGTH", "actor_for_token", "actor_for_user", "hash_token", "new_token"]


MAX_TOKEN_LENGTH = 200  # new_token() gives 43 characters


def actor_for_token(session: Session, token: str) -> Actor | None:
    """None for an unknown token, including any that no token could be (too long, not ASCII)."""
    if len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    if hmac.compare_digest(token.encode(), settings.admin_token.encode()):
        return Actor(user_id="admin", role=Role.ADMIN)
    user = session.exec(select(User).where(User.token_hash == hash_token(token))).first()
    if user is None:
        return None
    return actor_for_user(session, user)


def actor_for_user(session: Session, user: User) -> Actor:
    """The Actor a user acts as, whether they came with a bearer token or a cabinet session."""
    district = user.district
    if district is None and user.organisation_id is not None:
        organisation = session.get(Organisation, user.organisation_id)
        district = organisation.district if organisation else None
    return Actor(
        user_id=user.id,
        role=Role(user.role),
        organisation_id=user.organisation_id,
        district=district,
        participant_id=user.participant_id,
    )
