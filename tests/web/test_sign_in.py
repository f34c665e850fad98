"""Signing in to the cabinet: invitations, sessions that end, CSRF, lockout (over ASGI, no browser)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from sqlmodel import Session, col, select
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from api.auth import hash_token, new_token
from config import settings
from db import web_accounts
from db.models import User
from db.notification_models import Notification, NotificationAddress
from db.session import engine, utcnow
from domain.sign_in import LOCK_AFTER
from tests.web.accounts import PASSWORD, person, school
from web.session import SESSION_COOKIE

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest_asyncio.fixture
async def web(env: WorkflowEnvironment, worker: Worker) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(env.client, worker.task_queue)
    transport = httpx.ASGITransport(app=app)
    # https: outside local mode the session cookie is Secure.
    async with httpx.AsyncClient(transport=transport, base_url="https://nastavnik.test") as client:
        yield client


async def sign_in(web: httpx.AsyncClient, login: str, password: str) -> httpx.Response:
    page = await web.get("/sign-in")
    token = CSRF.search(page.text)
    assert token, page.text
    return await web.post(
        "/sign-in", data={"login": login, "password": password, "csrf_token": token.group(1)}
    )


async def csrf_of(web: httpx.AsyncClient, path: str = "/password") -> str:
    page = await web.get(path)
    token = CSRF.search(page.text)
    assert token, page.text
    return token.group(1)


async def test_a_person_not_signed_in_is_led_to_the_sign_in_page(web: httpx.AsyncClient) -> None:
    assert (await web.get("/")).headers["location"] == "/sign-in"
    response = await web.get("/cabinet/today")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/cabinet/today"


async def test_the_curator_signs_in_to_today_with_an_httponly_samesite_secure_cookie(
    web: httpx.AsyncClient,
) -> None:
    curator = person("curator", school(), display_name="Анна Петровна Смирнова")
    response = await sign_in(web, curator.login.upper(), curator.password)
    assert response.status_code == 303
    assert response.headers["location"] == "/cabinet/today"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
    today = await web.get("/cabinet/today")
    assert today.status_code == 200
    assert "Анна Петровна Смирнова" in today.text and "Сегодня" in today.text


async def test_signing_out_ends_the_session_so_the_old_cookie_no_longer_works(
    web: httpx.AsyncClient,
) -> None:
    curator = person("curator", school())
    await sign_in(web, curator.login, curator.password)
    old_cookie = web.cookies[SESSION_COOKIE]
    response = await web.post("/sign-out", data={"csrf_token": await csrf_of(web)})
    assert response.headers["location"] == "/sign-in"
    web.cookies.set(SESSION_COOKIE, old_cookie, domain="nastavnik.test")
    assert (await web.get("/cabinet/today")).status_code == 303


async def test_a_form_without_the_sessions_csrf_token_is_refused_and_does_nothing(
    web: httpx.AsyncClient,
) -> None:
    curator = person("curator", school())
    await sign_in(web, curator.login, curator.password)
    forged = await web.post("/sign-out", data={})
    assert forged.status_code == 403
    assert "Форма отправлена не со страницы кабинета" in forged.text
    wrong = await web.post("/sign-out", data={"csrf_token": "x" * 43})
    assert wrong.status_code == 403
    assert (await web.get("/cabinet/today")).status_code == 200  # still signed in


async def test_the_sign_in_form_itself_needs_its_token(web: httpx.AsyncClient) -> None:
    curator = person("curator", school())
    response = await web.post("/sign-in", data={"login": curator.login, "password": curator.password})
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


async def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(
    web: httpx.AsyncClient,
) -> None:
    curator = person("curator", school())
    for _ in range(LOCK_AFTER - 1):
        refused = await sign_in(web, curator.login, "не тот пароль")
        assert refused.status_code == 401
        assert "Неверный логин или пароль." in refused.text
        assert curator.login in refused.text  # the typed login is kept
    locked = await sign_in(web, curator.login, "не тот пароль")
    assert "заблокирован" in locked.text
    still_locked = await sign_in(web, curator.login, curator.password)
    assert still_locked.status_code == 401
    assert "заблокирован" in still_locked.text


async def test_an_invitation_is_used_once_and_sets_the_password(web: httpx.AsyncClient) -> None:
    curator = person("curator", school())
    with Session(engine(), expire_on_commit=False) as session:
        user = session.get(User, curator.user_id)
        assert user is not None
        token = web_accounts.invite(session, user, "test", utcnow())
    page = await web.get(f"/invite/{token}")
    assert curator.display_name in page.text
    csrf = CSRF.search(page.text)
    assert csrf
    short = await web.post(
        f"/invite/{token}",
        data={"login": "new-login", "password": "short", "password_again": "short", "csrf_token": csrf[1]},
    )
    assert short.status_code == 422 and "не короче 10 символов" in short.text and "new-login" in short.text
    accepted = await web.post(
        f"/invite/{token}",
        data={
            "login": "new-login",
            "password": "новый-пароль-7",
            "password_again": "новый-пароль-7",
            "csrf_token": csrf[1],
        },
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == "/cabinet/today"
    assert "недействительна" in (await web.get(f"/invite/{token}")).text
    web.cookies.clear()
    assert (await sign_in(web, curator.login, PASSWORD)).status_code == 401  # the old password is gone
    assert (await sign_in(web, "new-login", "новый-пароль-7")).status_code == 303


async def test_changing_the_password_ends_the_other_sessions(web: httpx.AsyncClient) -> None:
    curator = person("curator", school())
    await sign_in(web, curator.login, curator.password)
    other_browser = web.cookies[SESSION_COOKIE]
    web.cookies.clear()
    await sign_in(web, curator.login, curator.password)
    changed = await web.post(
        "/password",
        data={
            "current_password": curator.password,
            "password": "ещё-один-пароль",
            "password_again": "ещё-один-пароль",
            "csrf_token": await csrf_of(web),
        },
    )
    assert changed.status_code == 303
    assert (await web.get("/password?changed=1")).status_code == 200  # this browser stays signed in
    web.cookies.clear()
    web.cookies.set(SESSION_COOKIE, other_browser, domain="nastavnik.test")
    assert (await web.get("/cabinet/today")).status_code == 303


async def test_pages_answer_as_pages_and_the_api_keeps_problem_json_and_bearer_tokens(
    web: httpx.AsyncClient,
) -> None:
    curator = person("curator", school())
    await sign_in(web, curator.login, curator.password)
    page = await web.get("/cabinet/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Страница не найдена" in page.text
    api = await web.get("/pairs/no-such-pair", headers={"Authorization": f"Bearer {settings.admin_token}"})
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"
    assert (await web.get("/me")).status_code == 401  # a cabinet cookie is no API token
    assert (await web.get("/static/htmx.min.js")).status_code == 200


async def test_erasure_on_request_closes_the_cabinet_account_and_ends_its_sessions(
    web: httpx.AsyncClient,
) -> None:
    organisation = school()
    curator = person("curator", organisation)
    curator_api = {"Authorization": f"Bearer {_token_of(curator.user_id)}"}
    made = await web.post(
        "/participants",
        headers=curator_api,
        json={"kind": "pupil", "full_name": "Соколов Петя", "birth_date": "2014-01-15", "grade": 6},
    )
    mentee = person("mentee", organisation, display_name="Соколов Петя", participant_id=made.json()["id"])
    await sign_in(web, mentee.login, mentee.password)
    assert (await web.get("/cabinet/notifications")).status_code == 200
    erased = await web.post(
        f"/participants/{made.json()['id']}/erasure",
        headers=curator_api,
        json={"basis": "Заявление законного представителя от 20.11.2026"},
    )
    assert erased.status_code == 200, erased.text
    assert (await web.get("/cabinet/notifications")).status_code == 303  # the session ended
    web.cookies.clear()
    assert (await sign_in(web, mentee.login, mentee.password)).status_code == 401


async def test_an_invitation_with_an_address_is_mailed_through_the_outbox(web: httpx.AsyncClient) -> None:
    organisation = school()
    curator = person("curator", organisation)
    curator_api = {"Authorization": f"Bearer {_token_of(curator.user_id)}"}
    made = await web.post(
        "/participants",
        headers=curator_api,
        json={"kind": "teacher", "full_name": "Новиков Артём", "years_of_experience": 12},
    )
    await sign_in(web, curator.login, curator.password)
    page = await web.post(
        "/cabinet/invitations",
        data={
            "participant_id": made.json()["id"],
            "role": "mentor",
            "email": "novikov@school.test",
            "csrf_token": await csrf_of(web, "/cabinet/invitations"),
        },
    )
    assert page.status_code == 200 and "Новиков Артём" in page.text
    link = re.search(r'id="invitation-link">([^<]+)<', page.text)
    assert link
    with Session(engine(), expire_on_commit=False) as session:
        [mailed] = session.exec(
            select(Notification).where(col(Notification.body).contains(link[1].strip()))
        ).all()
        address = session.get(NotificationAddress, mailed.user_id)
    assert mailed.subject == "Приглашение в кабинет «Наставник»"
    assert address is not None and address.email == "novikov@school.test"


def _token_of(user_id: str) -> str:
    """A fresh API token for the user (as the operator's POST /admin/users/{id}/token does)."""
    token = new_token()
    with Session(engine(), expire_on_commit=False) as session:
        user = session.get(User, user_id)
        assert user is not None
        user.token_hash = hash_token(token)
        session.add(user)
        session.commit()
    return token
