"""Forms into the application's body models: what was typed stays, a bad value is refused in Russian.

    values = await form_values(request)
    body = parse(MeetingBody, {"kind": values.get("kind"), ...}, LABELS)   # InvalidInput naming the field

A `pydantic.ValidationError` is not a rule's refusal but the same kind of answer for a person: the field's
label and what is wrong with it, as `domain.errors.InvalidInput`, so the page shows it in place.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from application.naming import named_refusal
from domain.actors import Actor
from domain.errors import DomainError, InvalidInput

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "заполните поле",
    "string_too_short": "заполните поле",
    "too_short": "заполните поле",
    "string_too_long": "слишком длинный текст",
    "too_long": "слишком много значений",
    "date_from_datetime_parsing": "укажите дату",
    "date_parsing": "укажите дату",
    "date_type": "укажите дату",
    "datetime_parsing": "укажите дату и время",
    "datetime_from_date_parsing": "укажите дату и время",
    "int_parsing": "введите целое число",
    "int_type": "введите целое число",
    "float_parsing": "введите число",
    "bool_parsing": "выберите да или нет",
    "enum": "выберите значение из списка",
    "literal_error": "выберите значение из списка",
    "string_pattern_mismatch": "значение в неверном формате",
    "dict_type": "заполните поле",
}


def _own_message(message: str) -> str:
    """A rule's own Russian words (a domain validator's), or a general hint for an English one."""
    text = message.removeprefix("Value error, ")
    return text if re.search("[а-яё]", text, re.IGNORECASE) else "проверьте значение"


def refusal_from_validation(error: ValidationError, labels: dict[str, str] | None = None) -> InvalidInput:
    """The first problem of the form as a Russian refusal naming the field (its label when given)."""
    first = error.errors()[0]
    loc = [str(p) for p in first.get("loc", ())]
    field = loc[0] if loc else "body"
    kind = str(first.get("type", "invalid"))
    context = first.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        text = f"значение должно быть не меньше {context.get('ge', context.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        text = f"значение должно быть не больше {context.get('le', context.get('lt'))}"
    else:
        text = _MESSAGES.get(kind) or _own_message(str(first.get("msg", "")))
    if not loc:  # a rule of the whole form (a model's validator): its own words, no field to name
        return InvalidInput(kind, f"{text[:1].upper()}{text[1:].rstrip('.')}.", field)
    label = (labels or {}).get(field, field)
    return InvalidInput(kind, f"«{label}»: {text}.", field)


def parse(model: type[M], data: dict[str, Any], labels: dict[str, str] | None = None) -> M:
    """Empty strings are "not given" (the model's default applies); a bad value → InvalidInput."""
    given = {k: v for k, v in data.items() if v not in ("", None)}
    try:
        return model.model_validate(given)
    except ValidationError as error:
        raise refusal_from_validation(error, labels) from error


async def form_values(request: Request) -> dict[str, str]:
    """Every field as typed (a repeated field: its values joined by new lines), without the CSRF token."""
    form = await request.form()
    values: dict[str, str] = {}
    for key in form:
        if key == "csrf_token":
            continue
        values[key] = "\n".join(str(v) for v in form.getlist(key))
    return values


def lines(text: str | None) -> list[str]:
    """A textarea of one item a line (goals, requests, competences) → the non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def shown(session: Session, refusal: DomainError, actor: Actor) -> DomainError:
    """The refusal as a page shows it in place: its people, pairs and programmes named, as the API's
    problem+json names them (application.naming.named_refusal)."""
    message, details = named_refusal(session, refusal, actor)
    if message == refusal.message:
        return refusal
    renamed = type(refusal).__new__(type(refusal))
    DomainError.__init__(renamed, refusal.rule, message, refusal.field, details)
    return renamed
