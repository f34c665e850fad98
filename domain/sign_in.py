"""How signing in resists guessing: wrong passwords slow the answer down, then lock the account a while.

Pure rules over a count of consecutive wrong passwords; the web layer stores the count and sleeps.
"""

from __future__ import annotations

from datetime import datetime, timedelta

SLOW_AFTER = 3  # from the 3rd wrong password in a row each answer waits longer
SLOWDOWN_STEP_SECONDS = 0.5
SLOWDOWN_MAX_SECONDS = 3.0
LOCK_AFTER = 5  # the 5th wrong password in a row locks the account
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10

SIGN_IN_REFUSED = "Неверный логин или пароль."


def slowdown_seconds(failures: int) -> float:
    """How long the answer to a wrong password waits, after `failures` wrong ones in a row."""
    if failures < SLOW_AFTER:
        return 0.0
    return min(SLOWDOWN_STEP_SECONDS * (failures - SLOW_AFTER + 1), SLOWDOWN_MAX_SECONDS)


def lock_until(failures: int, now: datetime) -> datetime | None:
    """When an account locked by the latest wrong password opens again; None while not locked."""
    return now + LOCK_FOR if failures >= LOCK_AFTER else None


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def password_problem(password: str, repeated: str) -> str | None:
    """Why a new password is refused, in Russian; None when it is acceptable."""
    if password != repeated:
        return "Пароли не совпадают."
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Пароль должен быть не короче {MIN_PASSWORD_LENGTH} символов."
    if password.strip() != password or not password.strip():
        return "Пароль не должен начинаться или заканчиваться пробелом."
    return None
