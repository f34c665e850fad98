"""Errors as application/problem+json (RFC 9457), naming the field and the rule; Russian for people."""

from __future__ import annotations

import asyncio
import logging
import re
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
from domain.plural import out_of

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)


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
        (400, "Тело запроса не разобрано"),
        (401, "Нет или неверный токен"),
        (403, "Роль не позволяет это действие"),
        (404, "Не найдено"),
        (409, "Правило отказало в переходе или команде"),
        (413, "Запрос слишком велик"),
        (422, "Неверные данные"),
        (500, "Внутренняя ошибка сервиса"),
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


# pydantic's own rules, as a curator reads them; our rules (domain/bounds.py) carry Russian messages already.
_RUSSIAN: dict[str, str] = {
    "missing": "обязательное поле",
    "greater_than_equal": "не меньше {ge}",
    "greater_than": "больше {gt}",
    "less_than_equal": "не больше {le}",
    "less_than": "меньше {lt}",
    "string_pattern_mismatch": "не в том формате",
    "enum": "одно из значений: {expected}",
    "literal_error": "одно из значений: {expected}",
    "int_parsing": "целое число",
    "int_type": "целое число",
    "int_from_float": "целое число",
    "float_parsing": "число",
    "float_type": "число",
    "finite_number": "конечное число",
    "bool_parsing": "да или нет (true/false)",
    "bool_type": "да или нет (true/false)",
    "string_type": "строка",
    "list_type": "список",
    "dict_type": "объект",
    "model_type": "объект",
    "model_attributes_type": "объект",
    "date_parsing": "дата ГГГГ-ММ-ДД",
    "date_from_datetime_parsing": "дата ГГГГ-ММ-ДД",
    "date_from_datetime_inexact": "дата без времени",
    "date_type": "дата ГГГГ-ММ-ДД",
    "datetime_parsing": "дата и время ISO 8601",
    "datetime_from_date_parsing": "дата и время ISO 8601",
    "datetime_type": "дата и время ISO 8601",
    "json_invalid": "неверный JSON",
    "extra_forbidden": "лишнее поле",
}


# Limits with a count: the noun agrees with the number («не короче 1 символа», «не короче 5 символов»).
_COUNTED: dict[str, tuple[str, str, str, str]] = {
    "string_too_short": ("не короче", "min_length", "символа", "символов"),
    "string_too_long": ("не длиннее", "max_length", "символа", "символов"),
    "too_short": ("не меньше", "min_length", "элемента", "элементов"),
    "too_long": ("не больше", "max_length", "элемента", "элементов"),
}


def russian(err: Any) -> str:
    """A Russian message for one pydantic error: ours as it is, pydantic's own from the table."""
    kind, context = str(err.get("type", "")), err.get("ctx") or {}
    if kind in _COUNTED:
        limit, key, one, many = _COUNTED[kind]
        return f"{limit} {out_of(int(context[key]), one, many)}" if key in context else limit
    if kind in _RUSSIAN:
        try:
            return _RUSSIAN[kind].format(**context)
        except (KeyError, IndexError):
            return _RUSSIAN[kind].split("{")[0].strip() or "неверное значение"
    if kind.startswith(("date_", "datetime_", "time_")):
        return "неверная дата"
    message = str(err.get("msg", "")).removeprefix("Value error, ")
    return message if re.search("[А-Яа-яЁё]", message) else "неверное значение"


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _validation_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldProblem(
            field=_field_name(tuple(err.get("loc", ()))),
            rule=str(err.get("type", "invalid")),
            message=f"Поле «{_field_name(tuple(err.get('loc', ())))}»: {russian(err)}",
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
    messages = {
        400: "Тело запроса не разобрано: ожидается JSON.",
        401: "Нужен токен доступа.",
        404: "Не найдено.",
        405: "Метод не поддерживается.",
    }
    default = HTTPStatus(exc.status_code).phrase
    if isinstance(exc.detail, str) and exc.detail != default and exc.status_code != 400:
        detail = exc.detail
    else:
        detail = messages.get(exc.status_code, "Ошибка запроса.")
    rule = "body_size" if exc.status_code == 413 else f"http_{exc.status_code}"
    return problem(exc.status_code, rule, detail, headers=getattr(exc, "headers", None))


async def _server_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    """Whatever escaped every rule is still a problem+json (the traceback goes to the log, not the client)."""
    log.error("unhandled error", exc_info=exc)
    return problem(500, "internal_error", "Внутренняя ошибка сервиса. Повторите запрос позже.")


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
    app.add_exception_handler(Exception, _server_error_handler)
