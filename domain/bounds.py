"""Bounds of every setting, date and number the system accepts (issue 13, point 2).

One rule each, used twice: at the API's edge (pydantic validators, through `rule()`) and inside the
workflows (the guards call the same functions), so a value the API lets through cannot make a workflow fail
its task, burn a worker's CPU or start dozens of workflows. Each check raises `OutOfBounds` naming the
field and the rule, with a Russian message; README's bounds table lists them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from domain.calendar import add_months
from domain.errors import InvalidInput
from domain.plural import count_of

T = TypeVar("T")

# Dates: the service's era, and a pair's dates near today (a pair lasts at most a year, 001 §1.3).
FIRST_YEAR, LAST_YEAR = 2000, 2099
EARLIEST, LATEST = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
PAIR_MONTHS_BACK = 24  # a pair entered late, or its records, may start up to two years ago
PAIR_MONTHS_AHEAD = 36  # … and nothing of it lies more than three years ahead
# Settings of an organisation (domain/escalation.py, domain/monitoring.py, domain/school_calendar.py).
MAX_PREPARATORY_DAYS = 365
MAX_GRACE_DAYS = 92  # a school term
MAX_ASSESSMENT_DAYS = 92
MAX_LADDER_DAYS = 92  # the coordinator is told within a term of the due date at the latest
MIN_WORKING_DAYS_A_YEAR = 100  # a calendar whose breaks leave fewer is a typing error, not a school
MAX_HOLIDAYS = 100
MAX_DEADLINES = 12
# Sizes of what is stored and passed on.
MAX_BODY_BYTES = 1_000_000  # a request body; a plan or a 500-pair order fits with room to spare
MAX_LIST_ITEMS = 200  # goals, schedule dates, competences, requests, ranked ids …
MAX_ITEM_CHARS = 1000  # one goal, one request, one competence
MAX_PLAN_TEXT_CHARS = 5000  # a part of the individual plan: its problem, content, planned results
MAX_ANSWERS_BYTES = 64_000  # a questionnaire's answers as JSON
MAX_JSON_DEPTH = 5
MAX_OFFSET = 1_000_000  # paging: far beyond any school's rows, far below a 64-bit integer
MAX_ROW_ID = 2**31 - 1  # a numbered row's key (PostgreSQL's INTEGER): a larger number names no row
MAX_SCORE = 1_000.0  # an assessment's parameter (points, percent, grade)


class OutOfBounds(InvalidInput):
    """A value outside the domain's bounds (HTTP 422 at the edge; a refused command in a workflow)."""


def rule(check: Callable[[T], None]) -> Callable[[T], T]:
    """A pydantic AfterValidator from a check: the error carries the rule as its type, the message as is."""

    def validate(value: T) -> T:
        try:
            check(value)
        except OutOfBounds as error:
            raise PydanticCustomError(error.rule, error.message) from None
        return value

    return validate


def in_era(day: date, field: str = "date") -> None:
    if not EARLIEST <= day <= LATEST:
        raise OutOfBounds(
            "date_in_era",
            f"Дата {day:%d.%m.%Y} вне допустимого диапазона {EARLIEST:%d.%m.%Y}–{LATEST:%d.%m.%Y}.",
            field,
        )


def era_date(day: date) -> None:
    in_era(day)


EraDate = Annotated[date, AfterValidator(rule(era_date))]


def birth_date(day: date) -> None:
    if not date(1900, 1, 1) <= day <= LATEST:
        raise OutOfBounds("birth_date_range", "Дата рождения — не раньше 01.01.1900.", "birth_date")


def era_instant(moment: datetime) -> None:
    in_era(moment.date(), "at")


EraInstant = Annotated[datetime, AfterValidator(rule(era_instant))]
Text = Annotated[str, Field(max_length=MAX_ITEM_CHARS)]
PlanText = Annotated[str, Field(max_length=MAX_PLAN_TEXT_CHARS)]


def near_today(day: date, today: date, field: str) -> None:
    """A pair's dates (start, end, a new end, a plan's term) lie within a few years of today."""
    earliest, latest = add_months(today, -PAIR_MONTHS_BACK), add_months(today, PAIR_MONTHS_AHEAD)
    if not earliest <= day <= latest:
        raise OutOfBounds(
            "date_near_today",
            f"Дата {day:%d.%m.%Y} слишком далека от сегодняшней: допустимо "
            f"с {earliest:%d.%m.%Y} по {latest:%d.%m.%Y}.",
            field,
        )


def academic_year(value: str) -> None:
    """'2026/27': a year of the era and the next one, written as the schools write it."""
    parts = value.split("/")
    if len(parts) != 2 or not (parts[0].isdigit() and parts[1].isdigit()) or len(parts[0]) != 4:
        raise OutOfBounds("academic_year_format", "Учебный год пишется как 2026/27.", "academic_year")
    first = int(parts[0])
    if not FIRST_YEAR <= first < LAST_YEAR:
        raise OutOfBounds(
            "academic_year_range",
            f"Учебный год — с {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} "
            f"по {LAST_YEAR - 1}/{LAST_YEAR % 100:02d}.",
            "academic_year",
        )
    if len(parts[1]) != 2 or int(parts[1]) != (first + 1) % 100:
        raise OutOfBounds(
            "academic_year_consecutive",
            f"Учебный год — два года подряд: {first}/{(first + 1) % 100:02d}.",
            "academic_year",
        )


def days_between(value: int, lowest: int, highest: int, field: str) -> None:
    if not lowest <= value <= highest:
        raise OutOfBounds("days_in_range", f"Число дней — от {lowest} до {highest}.", field)


def working_days_left(working_days: int, field: str = "calendar") -> None:
    if working_days < MIN_WORKING_DAYS_A_YEAR:
        raise OutOfBounds(
            "calendar_leaves_working_days",
            f"Каникулы и праздники оставляют "
            f"{count_of(working_days, 'рабочий день', 'рабочих дня', 'рабочих дней')} в году, "
            f"а нужно не меньше {MIN_WORKING_DAYS_A_YEAR}.",
            field,
        )


def finite(value: float, field: str = "value") -> None:
    if not math.isfinite(value) or abs(value) > MAX_SCORE:
        raise OutOfBounds("number_in_range", f"Число — конечное, от −{MAX_SCORE:g} до {MAX_SCORE:g}.", field)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def small_json(value: Any, field: str = "answers") -> None:
    """Free-form answers: at most MAX_JSON_DEPTH levels and MAX_ANSWERS_BYTES as JSON, numbers finite."""
    if _depth(value) > MAX_JSON_DEPTH:
        raise OutOfBounds("json_depth", f"Вложенность ответов — не больше {MAX_JSON_DEPTH} уровней.", field)
    try:
        size = len(json.dumps(value, ensure_ascii=False, allow_nan=False).encode())
    except ValueError:
        raise OutOfBounds("number_in_range", "Числа в ответах должны быть конечными.", field) from None
    if size > MAX_ANSWERS_BYTES:
        raise OutOfBounds("json_size", f"Ответы занимают больше {MAX_ANSWERS_BYTES // 1000} КБ.", field)


def term_end_after_override(starts_on: date, ends_on: date, field: str) -> None:
    """Even an overridden term (001 §4.13, with the curator's reason) ends within three years."""
    if ends_on > starts_on + timedelta(days=3 * 366):
        raise OutOfBounds("term_override_range", "Даже с обоснованием срок — не больше трёх лет.", field)
