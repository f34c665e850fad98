"""The cabinet's request dependencies: who is signed in (from the session cookie) and the CSRF check.

    @router.get("/cabinet/x")
    def page(request: Request, me: PageSignedIn, session: SessionDep) -> HTMLResponse: ...

    @router.post("/cabinet/x", dependencies=[CsrfChecked])
    def act(request: Request, me: PageSignedIn, ...) -> Response: ...

Not signed in → 303 to /sign-in?next=<path>. A POST whose `csrf_token` (form field, or the
`X-CSRF-Token` header that htmx sends) is not the session's → the 403 page, nothing done.
"""

from __future__ import annotations

import hmac
from secrets import token_urlsafe
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Response

from activities.items import policy_of
from api.deps import SessionDep
from config import settings
from db.session import utcnow
from domain.actors import Actor
from domain.local_time import DEFAULT_TIME_ZONE
from web.accounts import SignedIn, signed_in

SESSION_COOKIE = "nastavnik_session"
ANONYMOUS_CSRF_COOKIE = "nastavnik_csrf"  # double-submit token of the forms shown before signing in
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class SignInRequired(Exception):
    """No live session: the page handler answers with the sign-in page (handled in web/errors.py)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRefused(Exception):
    """A form came without this session's CSRF token: the 403 page (web/errors.py)."""


def secure_cookies() -> bool:
    """Cookies are Secure everywhere but on the local embedded system (plain http://127.0.0.1)."""
    return settings.environment != "local"


def set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure_cookies(), path="/"
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookies())


def sign_in_url(next_path: str) -> str:
    return "/sign-in" if next_path in ("", "/") else f"/sign-in?next={quote(next_path, safe='/')}"


def current_signed_in(request: Request, session: SessionDep) -> SignedIn | None:
    """The signed-in person, or None; also remembers it on the request for `render`."""
    token = request.cookies.get(SESSION_COOKIE)
    found = signed_in(session, token, utcnow()) if token else None
    if found is not None:
        request.state.signed_in = found
        request.state.actor_role = found.actor.role.value  # for the request's log line
        organisation = found.actor.organisation_id
        request.state.time_zone = (
            policy_of(session, organisation).time_zone if organisation else DEFAULT_TIME_ZONE
        )
    return found


MaybeSignedIn = Annotated[SignedIn | None, Depends(current_signed_in)]


def require_signed_in(request: Request, found: MaybeSignedIn) -> SignedIn:
    if found is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(path if request.method == "GET" else request.url.path)
    return found


PageSignedIn = Annotated[SignedIn, Depends(require_signed_in)]


def page_actor(signed: PageSignedIn) -> Actor:
    return signed.actor


PageActor = Annotated[Actor, Depends(page_actor)]


async def _submitted_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    form = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else ""


async def check_csrf(request: Request, signed: PageSignedIn) -> None:
    """The synchronizer token: the form must carry the token of this very session."""
    if not hmac.compare_digest(await _submitted_token(request), signed.csrf_token):
        raise CsrfRefused()


CsrfChecked = Depends(check_csrf)


def anonymous_csrf(request: Request) -> str:
    """The token for a form shown before signing in (double submit: cookie and field must agree)."""
    token = request.cookies.get(ANONYMOUS_CSRF_COOKIE) or token_urlsafe(24)
    request.state.anonymous_csrf = token
    return token


def remember_anonymous_csrf(response: Response, token: str) -> None:
    response.set_cookie(
        ANONYMOUS_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies(), path="/"
    )


async def check_anonymous_csrf(request: Request) -> None:
    cookie = request.cookies.get(ANONYMOUS_CSRF_COOKIE, "")
    submitted = await _submitted_token(request)
    if not cookie or not hmac.compare_digest(submitted, cookie):
        raise CsrfRefused()


AnonymousCsrfChecked = Depends(check_anonymous_csrf)
