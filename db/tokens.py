"""Random tokens (API bearer tokens, session cookies, invitation links) and how they are stored: only
their SHA-256, never the token itself. Plain functions that the API, the application and the cabinet
all need, so no layer borrows them from another."""

from __future__ import annotations

import hashlib
import secrets


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)
