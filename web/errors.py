"""Errors on pages are pages: the same DomainError the API turns into problem+json becomes, on a cabinet
path, the Russian page with the same status (404 for another school's object, exactly where the API
answers 404). API paths keep their problem+json."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import problems
from application.naming import named_refusal
from db.session import session_scope
from domain.errors import DomainError
from web.render import render
from web.session import CsrfRefused, SignInRequired, sign_in_url

PAGE_PREFIXES = ("/cabinet", "/sign-in", "/sign-out", "/invite/", "/password")

TITLES = {
    403: "Нет доступа",
    404: "Страница не найдена",
    405: "Так нельзя",
    409: "Действие не выполнено",
    422: "Проверьте данные",
}


def is_page(request: Request) -> bool:
    path = request.url.path
    return path == "/" or path.startswith(PAGE_PREFIXES)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The page shown for an error: the status's title and the rule's Russian message."""
    title = TITLES.get(status, "Ошибка")
    return render(request, "errors/error.html", {"title": title, "message": message}, status_code=status)


NOT_FOUND = "Такой страницы нет или она вам недоступна."


def not_found_page(request: Request, message: str = NOT_FOUND) -> HTMLResponse:
    return error_page(request, 404, message)


async def _domain(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    if not is_page(request):
        return await problems.domain_problem_for(request, exc)
    return error_page(request, exc.status, await asyncio.to_thread(_named_message, request, exc))


def _named_message(request: Request, error: DomainError) -> str:
    """The refusal's text with people, pairs and programmes named, as the signed-in actor may see them."""
    signed = getattr(request.state, "signed_in", None)
    if signed is None:
        return error.message
    with session_scope() as session:
        return named_refusal(session, error, signed.actor)[0]


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if not is_page(request):
        return await problems.http_problem(request, exc)
    if exc.status_code == 404:
        return not_found_page(request)
    return error_page(request, exc.status_code, "Запрос не выполнен.")


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    target = sign_in_url(exc.next_path)
    if request.headers.get("HX-Request"):
        return Response(status_code=200, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def _csrf(request: Request, exc: Exception) -> Response:
    return error_page(
        request,
        403,
        "Форма отправлена не со страницы кабинета или устарела. Откройте страницу заново и повторите.",
    )


def install(app: FastAPI) -> None:
    """After `api.problems.install`: the same exceptions, answered as pages on the cabinet's paths."""
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(CsrfRefused, _csrf)
