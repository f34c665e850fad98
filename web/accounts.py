"""Accounts of people who sign in: passwords, sessions, accepting invitations, lockout (no FastAPI in
here). An invitation is made by `db.web_accounts.invite` (the application invites people too).

Tokens (session cookies, invitation links) are random; only their SHA-256 is stored, as for API tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from secrets import token_urlsafe

from pwdlib import PasswordHash
from sqlmodel import Session, select

from api.auth import actor_for_user
from db.models import User
from db.session import as_utc
from db.tokens import hash_token
from db.web_accounts import end_all_sessions
from db.web_models import Invitation, WebAccount, WebSession
from domain.actors import Actor
from domain.errors import GuardRefused, InvalidInput
from domain.sign_in import SIGN_IN_REFUSED, is_locked, lock_until, password_problem

SESSION_LIFETIME = timedelta(days=7)
SESSION_IDLE = timedelta(hours=12)

_hasher = PasswordHash.recommended()  # argon2id with the library's current parameters


@dataclass(frozen=True)
class SignedIn:
    """Who is behind a request from the cabinet, and the session that proves it."""

    actor: Actor
    user: User
    web_session: WebSession

    @property
    def csrf_token(self) -> str:
        return self.web_session.csrf_token


class SignInRefused(GuardRefused):
    """Wrong login or password, or a locked or closed account; `failures` counts the wrong ones in a row."""

    def __init__(self, message: str = SIGN_IN_REFUSED, failures: int = 0) -> None:
        super().__init__("sign_in_refused", message, "password")
        self.failures = failures


def normalise_login(login: str) -> str:
    return login.strip().lower()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_new_password(password: str, repeated: str) -> None:
    problem = password_problem(password, repeated)
    if problem is not None:
        raise InvalidInput("password_rules", problem, "password")


def account_of(session: Session, user_id: str) -> WebAccount | None:
    return session.get(WebAccount, user_id)


def authenticate(session: Session, login: str, password: str, now: datetime) -> User:
    """The user behind a login and password; SignInRefused (committing the failure count) otherwise."""
    account = session.exec(select(WebAccount).where(WebAccount.login == normalise_login(login))).first()
    if account is None:
        _hasher.hash(password)  # about as slow as a real check: the answer does not tell logins apart
        raise SignInRefused()
    if account.closed_at is not None:
        raise SignInRefused()
    locked = as_utc(account.locked_until)
    if is_locked(locked, now):
        assert locked is not None
        raise SignInRefused(
            "Слишком много неверных паролей: вход временно заблокирован. Попробуйте через "
            f"{max(1, int((locked - now).total_seconds() // 60) + 1)} мин.",
            failures=account.failed_attempts,
        )
    valid, new_hash = _hasher.verify_and_update(password, account.password_hash)
    if not valid:
        if locked is not None:  # a lock that ran out starts the count again
            account.failed_attempts, account.locked_until = 0, None
        account.failed_attempts += 1
        account.locked_until = lock_until(account.failed_attempts, now)
        session.add(account)
        session.commit()
        if account.locked_until is not None:
            raise SignInRefused(
                "Слишком много неверных паролей: вход заблокирован на 15 минут.",
                failures=account.failed_attempts,
            )
        raise SignInRefused(failures=account.failed_attempts)
    account.failed_attempts, account.locked_until = 0, None
    if new_hash is not None:
        account.password_hash = new_hash
    session.add(account)
    session.commit()
    user = session.get(User, account.user_id)
    assert user is not None
    return user


def start_session(session: Session, user: User, now: datetime) -> str:
    """A new session for the user; returns the cookie's token (stored only as its hash)."""
    token = token_urlsafe(32)
    session.add(
        WebSession(
            id=hash_token(token),
            user_id=user.id,
            csrf_token=token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.commit()
    return token


def signed_in(session: Session, token: str, now: datetime) -> SignedIn | None:
    """The live session a cookie's token names: not ended, not expired, not idle too long."""
    row = session.get(WebSession, hash_token(token))
    if row is None or row.ended_at is not None:
        return None
    expires, seen = as_utc(row.expires_at), as_utc(row.last_seen_at)
    assert expires is not None and seen is not None
    if now >= expires or now - seen >= SESSION_IDLE:
        return None
    user = session.get(User, row.user_id)
    account = account_of(session, row.user_id)
    if user is None or account is None or account.closed_at is not None:
        return None
    if now - seen > timedelta(minutes=5):  # not a write on every request
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return SignedIn(actor=actor_for_user(session, user), user=user, web_session=row)


def end_session(session: Session, web_session: WebSession, now: datetime, reason: str = "sign_out") -> None:
    web_session.ended_at, web_session.ended_reason = now, reason
    session.add(web_session)
    session.commit()


def change_password(
    session: Session, signed: SignedIn, current: str, password: str, repeated: str, now: datetime
) -> str:
    """Checks the current password, sets the new one, ends every session of the user and starts a new
    one for this browser; returns its cookie token."""
    account = account_of(session, signed.user.id)
    if account is None or not _hasher.verify(current, account.password_hash):
        raise GuardRefused("current_password", "Текущий пароль указан неверно.", "current_password")
    check_new_password(password, repeated)
    account.password_hash, account.password_changed_at = hash_password(password), now
    session.add(account)
    end_all_sessions(session, [signed.user.id], now, "password_changed")
    session.commit()
    return start_session(session, signed.user, now)


def open_invitation(session: Session, token: str, now: datetime) -> tuple[Invitation, User]:
    """The invitation a link names, while it is unused and valid; GuardRefused otherwise."""
    row = session.exec(select(Invitation).where(Invitation.token_hash == hash_token(token))).first()
    expires = as_utc(row.expires_at) if row else None
    if row is None or row.used_at is not None or expires is None or now >= expires:
        raise GuardRefused(
            "invitation_invalid",
            "Ссылка-приглашение недействительна: она уже использована или устарела. "
            "Попросите новую у того, кто вас пригласил.",
        )
    user = session.get(User, row.user_id)
    assert user is not None
    return row, user


def accept_invitation(
    session: Session, token: str, login: str, password: str, repeated: str, now: datetime
) -> User:
    """Sets the login and password from a one-time invitation and uses it up; every old session ends."""
    invitation, user = open_invitation(session, token, now)
    login = normalise_login(login)
    if not 3 <= len(login) <= 100 or any(ch.isspace() for ch in login):
        raise InvalidInput("login_rules", "Логин — от 3 до 100 символов без пробелов.", "login")
    check_new_password(password, repeated)
    taken = session.exec(select(WebAccount).where(WebAccount.login == login)).first()
    if taken is not None and taken.user_id != user.id:
        raise GuardRefused("login_taken", "Этот логин уже занят, выберите другой.", "login")
    account = account_of(session, user.id) or WebAccount(
        user_id=user.id, login=login, password_hash="", password_changed_at=now
    )
    account.login, account.password_hash, account.password_changed_at = login, hash_password(password), now
    account.failed_attempts, account.locked_until, account.closed_at = 0, None, None
    session.add(account)
    invitation.used_at = now
    session.add(invitation)
    end_all_sessions(session, [user.id], now, "password_changed")
    session.commit()
    return user
