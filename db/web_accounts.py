"""Invitations, ending sessions and closing cabinet accounts: plain writes that the web layer, the
application (inviting people) and erasure all need."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

from sqlalchemy import update
from sqlmodel import Session, col

from db.models import User
from db.tokens import hash_token, new_token
from db.web_models import Invitation, WebAccount, WebSession

INVITATION_VALID_FOR = timedelta(days=7)


def invite(session: Session, user: User, invited_by: str, now: datetime) -> str:
    """A one-time invitation for the user; earlier unused ones stop working. Returns the token, shown once."""
    session.execute(
        update(Invitation)
        .where(col(Invitation.user_id) == user.id, col(Invitation.used_at).is_(None))
        .values(used_at=now)
    )
    token = new_token()
    session.add(
        Invitation(
            id=f"invitation-{uuid4().hex[:12]}",
            token_hash=hash_token(token),
            user_id=user.id,
            created_by=invited_by,
            created_at=now,
            expires_at=now + INVITATION_VALID_FOR,
        )
    )
    session.commit()
    return token


def end_all_sessions(session: Session, user_ids: list[str], now: datetime, reason: str) -> None:
    """Every live session of these users ends at once (password change, account closed). Not committed."""
    if not user_ids:
        return
    session.execute(
        update(WebSession)
        .where(col(WebSession.user_id).in_(user_ids), col(WebSession.ended_at).is_(None))
        .values(ended_at=now, ended_reason=reason)
    )


def close_accounts(session: Session, user_ids: list[str], now: datetime) -> None:
    """The accounts can no longer sign in, their sessions end and open invitations die (e.g. erasure on
    request, 152-FZ: the login, which may be a name or an address, is replaced by the user's id).
    Not committed."""
    if not user_ids:
        return
    end_all_sessions(session, user_ids, now, "account_closed")
    session.execute(
        update(WebAccount)
        .where(col(WebAccount.user_id).in_(user_ids))
        .values(closed_at=now, login=WebAccount.user_id)
    )
    session.execute(
        update(Invitation)
        .where(col(Invitation.user_id).in_(user_ids), col(Invitation.used_at).is_(None))
        .values(used_at=now)
    )
