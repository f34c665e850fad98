"""Signing in and out, accepting an invitation, changing one's password."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from db.session import utcnow
from domain.errors import DomainError
from domain.sign_in import slowdown_seconds
from web import accounts
from web.nav import start_page
from web.render import render
from web.session import (
    AnonymousCsrfChecked,
    CsrfChecked,
    MaybeSignedIn,
    PageSignedIn,
    anonymous_csrf,
    clear_session_cookie,
    remember_anonymous_csrf,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)


def safe_next(next_path: str | None) -> str | None:
    """Only a path of this site (never another site's address) is followed after signing in."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//") and "\\" not in next_path:
        return next_path
    return None


@router.get("/")
def home(found: MaybeSignedIn) -> RedirectResponse:
    return RedirectResponse(start_page(found.actor) if found else "/sign-in", status_code=303)


def _anonymous_page(
    request: Request, template: str, context: dict[str, object], status_code: int = 200
) -> HTMLResponse:
    token = anonymous_csrf(request)
    response = render(request, template, context, status_code=status_code)
    remember_anonymous_csrf(response, token)
    return response


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, found: MaybeSignedIn, next: str | None = None) -> Response:
    if found is not None:
        return RedirectResponse(safe_next(next) or start_page(found.actor), status_code=303)
    return _anonymous_page(request, "account/sign_in.html", {"values": {"next": safe_next(next) or ""}})


@router.post("/sign-in", response_class=HTMLResponse, dependencies=[AnonymousCsrfChecked])
async def sign_in(
    request: Request,
    session: SessionDep,
    login: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=500)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    now = utcnow()
    try:
        user = await run_in_threadpool(accounts.authenticate, session, login, password, now)
    except accounts.SignInRefused as refused:
        await asyncio.sleep(slowdown_seconds(refused.failures))
        return _anonymous_page(
            request,
            "account/sign_in.html",
            {"values": {"login": login, "next": safe_next(next) or ""}, "refusal": refused},
            status_code=401,
        )
    token = await run_in_threadpool(accounts.start_session, session, user, now)
    actor = accounts.actor_for_user(session, user)
    response = RedirectResponse(safe_next(next) or start_page(actor), status_code=303)
    set_session_cookie(response, token)
    return response


@router.get("/sign-out", response_class=HTMLResponse)
def sign_out_page(request: Request, signed: PageSignedIn) -> HTMLResponse:
    return render(request, "account/sign_out.html")


@router.post("/sign-out", dependencies=[CsrfChecked])
def sign_out(signed: PageSignedIn, session: SessionDep) -> RedirectResponse:
    accounts.end_session(session, signed.web_session, utcnow())
    response = RedirectResponse("/sign-in", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/invite/{token}", response_class=HTMLResponse)
def invitation_page(request: Request, token: str, session: SessionDep) -> HTMLResponse:
    try:
        _invitation, user = accounts.open_invitation(session, token, utcnow())
    except DomainError as refused:
        return _anonymous_page(request, "account/invitation.html", {"refusal": refused, "dead": True}, 410)
    return _anonymous_page(request, "account/invitation.html", {"person": user, "values": {}})


@router.post("/invite/{token}", response_class=HTMLResponse, dependencies=[AnonymousCsrfChecked])
async def accept_invitation(
    request: Request,
    token: str,
    session: SessionDep,
    login: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=500)] = "",
    password_again: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    now = utcnow()
    try:
        user = await run_in_threadpool(
            accounts.accept_invitation, session, token, login, password, password_again, now
        )
    except DomainError as refused:
        dead = refused.rule == "invitation_invalid"
        person = None if dead else accounts.open_invitation(session, token, now)[1]
        context = {"refusal": refused, "dead": dead, "person": person, "values": {"login": login}}
        return _anonymous_page(request, "account/invitation.html", context, refused.status)
    session_token = await run_in_threadpool(accounts.start_session, session, user, now)
    response = RedirectResponse(start_page(accounts.actor_for_user(session, user)), status_code=303)
    set_session_cookie(response, session_token)
    return response


@router.get("/password", response_class=HTMLResponse)
def password_page(request: Request, signed: PageSignedIn, changed: bool = False) -> HTMLResponse:
    return render(request, "account/password.html", {"values": {}, "changed": changed})


@router.post("/password", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def change_password(
    request: Request,
    signed: PageSignedIn,
    session: SessionDep,
    current_password: Annotated[str, Form(max_length=500)] = "",
    password: Annotated[str, Form(max_length=500)] = "",
    password_again: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        token = await run_in_threadpool(
            accounts.change_password, session, signed, current_password, password, password_again, utcnow()
        )
    except DomainError as refused:
        return render(request, "account/password.html", {"refusal": refused, "values": {}}, refused.status)
    response = RedirectResponse("/password?changed=1", status_code=303)
    set_session_cookie(response, token)
    return response
