"""Helpers of the page tests over ASGI: the API seeds a school, the same people sign in to the cabinet."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import uuid4

import httpx
from fastapi import FastAPI
from sqlmodel import Session

from db import web_accounts
from db.models import User
from db.session import engine, utcnow
from tests.web.accounts import PASSWORD
from web import accounts

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@asynccontextmanager
async def cabinet_of(
    app: FastAPI, api: httpx.AsyncClient, headers: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client signed in as the API token's user (a password set through an invitation)."""
    user_id = (await api.get("/me", headers=headers)).json()["user_id"]
    login = f"user-{uuid4().hex[:8]}@school.test"
    with Session(engine(), expire_on_commit=False) as session:
        user = session.get(User, user_id)
        assert user is not None
        token = web_accounts.invite(session, user, "test", utcnow())
        accounts.accept_invitation(session, token, login, PASSWORD, PASSWORD, utcnow())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://nastavnik.test") as client:
        page = await client.get("/sign-in")
        found = CSRF.search(page.text)
        assert found, page.text
        signed = await client.post(
            "/sign-in", data={"login": login, "password": PASSWORD, "csrf_token": found.group(1)}
        )
        assert signed.status_code == 303, signed.text
        yield client


async def post_form(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, str]
) -> httpx.Response:
    """Submit a form of a page with the page's CSRF token, as the browser would."""
    shown = await client.get(page)
    found = CSRF.search(shown.text)
    assert found, shown.text
    return await client.post(action, data={**data, "csrf_token": found.group(1)})
