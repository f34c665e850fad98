"""The API schema's refusals in Russian, for a person who fixes a spreadsheet cell by cell."""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from domain.plural import out_of

_FIXED = {
    "missing": "Обязательное поле не заполнено.",
    "int_parsing": "Нужно целое число.",
    "int_from_float": "Нужно целое число.",
    "float_parsing": "Нужно число.",
    "bool_parsing": "Нужно «да» или «нет».",
    "date_parsing": "Нужна дата в формате дд.мм.гггг.",
    "date_from_datetime_parsing": "Нужна дата в формате дд.мм.гггг.",
    "date_from_datetime_inexact": "Нужна дата без времени, дд.мм.гггг.",
    "string_type": "Нужен текст.",
    "list_type": "Нужен список через «;».",
}


def reason(error: ErrorDetails, allowed: dict[str, str] | None = None) -> str:
    """One error of a pydantic schema as a sentence; `allowed`: the labels of an enum's values."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in _FIXED:
        return _FIXED[kind]
    if kind == "string_too_short":
        return "Пустое значение."
    if kind == "string_too_long":
        return f"Не длиннее {out_of(int(ctx.get('max_length', 0)), 'символа', 'символов')}."
    if kind == "too_short":
        return "Нужно хотя бы одно значение."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Не меньше {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"Не больше {ctx.get('le', ctx.get('lt'))}."
    if kind in ("enum", "literal_error"):
        options = ", ".join(allowed.values()) if allowed else str(ctx.get("expected", ""))
        return f"Одно из: {options}."
    return "Неверное значение."
