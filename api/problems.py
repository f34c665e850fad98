"""Errors as application/problem+json (RFC 9457), naming the field and the rule; Russian for people."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from application.naming import named_refusal
from db.session import session_scope
from domain.actors import Actor
from domain.errors import DomainError

PROBLEM_JSON = "application/problem+json"


class FieldProblem(BaseModel):
    field: str
    rule: str
    message: str
    row: int | None = None  # an imported file's row, as the spreadsheet numbers it
    column: str | None = None  # and its column, as headed in the file


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    rule: str
    field: str | None = None
    errors: list[FieldProblem] = []
    details: dict[str, Any] = {}


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": text}
    for status, text in (
        (401, "Нет или неверный токен"),
        (403, "Роль не позволяет это действие"),
        (404, "Не найдено"),
        (409, "Правило отказало в переходе или команде"),
        (422, "Неверные данные"),
        (503, "Temporal недоступен"),
    )
}


def problem(
    status: int,
    rule: str,
    detail: str,
    field: str | None = None,
    errors: list[FieldProblem] | None = None,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=f"urn:nastavnik:problem:{rule}",
        title=rule,
        status=status,
        detail=detail,
        rule=rule,
        field=field,
        errors=errors or [],
        details=details or {},
    )
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def domain_problem(error: DomainError, actor: Actor | None = None) -> JSONResponse:
    """An error that lists several problems (an import's rows) carries them as `errors`."""
    errors = [FieldProblem.model_validate(p, from_attributes=True) for p in getattr(error, "problems", [])]
    # The refusal as a curator reads it: people, pairs and programmes by name (application/naming.py).
    # Only for a signed-in actor, and only the names of the actor's own schools.
    detail, details = error.message, error.details
    if actor is not None:
        with session_scope() as session:
            detail, details = named_refusal(session, error, actor)
    return problem(error.status, error.rule, detail, error.field, errors=errors, details=details)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _validation_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldProblem(
            field=_field_name(tuple(err.get("loc", ()))),
            rule=str(err.get("type", "invalid")),
            message=f"Поле «{_field_name(tuple(err.get('loc', ())))}»: {err.get('msg', 'неверное значение')}",
        )
        for err in exc.errors()
    ]
    first = errors[0] if errors else FieldProblem(field="body", rule="invalid", message="Неверные данные")
    return problem(422, first.rule, first.message, first.field, errors=errors)


async def domain_problem_for(request: Request, error: DomainError) -> JSONResponse:
    """The refusal for the request's signed-in actor, named as that actor may see it."""
    return await asyncio.to_thread(domain_problem, error, getattr(request.state, "actor", None))


async def _domain_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return await domain_problem_for(request, exc)


async def http_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    messages = {401: "Нужен токен доступа.", 404: "Не найдено.", 405: "Метод не поддерживается."}
    default = HTTPStatus(exc.status_code).phrase
    if isinstance(exc.detail, str) and exc.detail != default:
        detail = exc.detail
    else:
        detail = messages.get(exc.status_code, "Ошибка запроса.")
    return problem(exc.status_code, f"http_{exc.status_code}", detail, headers=getattr(exc, "headers", None))


def _problem_json_openapi(app: FastAPI) -> None:
    """FastAPI files the Problem model under application/json; errors are served as problem+json."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for response in operation.get("responses", {}).values():
                        content = response.get("content", {})
                        if PROBLEM_JSON in content and "application/json" in content:
                            content[PROBLEM_JSON] = content.pop("application/json")
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    _problem_json_openapi(app)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(DomainError, _domain_handler)
    app.add_exception_handler(StarletteHTTPException, http_problem)
