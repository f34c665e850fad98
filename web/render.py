"""Rendering pages: one Jinja2 environment, the base layout's context, Russian dates and plurals.

A page handler calls `render(request, "cabinet/x.html", {...})`; the signed-in person, the navigation, the
CSRF token and the school's time zone are added from the request (see web/session.py).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from db.session import as_utc
from domain.labels import ROLE_LABELS, stage_label
from domain.local_time import DEFAULT_TIME_ZONE, zone
from domain.plural import count_of, plural_form, years_of
from web.nav import navigation

WEB = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(WEB / "templates"))


def local_day(value: date | datetime | None, time_zone: str = DEFAULT_TIME_ZONE) -> date | None:
    """A moment's calendar day at the school; a date is already one."""
    if value is None or not isinstance(value, datetime):
        return value
    moment = as_utc(value)
    assert moment is not None
    return moment.astimezone(zone(time_zone)).date()


def ddmmyyyy(value: date | datetime | None, time_zone: str = DEFAULT_TIME_ZONE) -> str:
    """дд.мм.гггг, a moment taken as its day in the school's time zone; "—" for nothing."""
    day = local_day(value, time_zone)
    return day.strftime("%d.%m.%Y") if day else "—"


def ddmmyyyy_hhmm(value: datetime | None, time_zone: str = DEFAULT_TIME_ZONE) -> str:
    if value is None:
        return "—"
    moment = as_utc(value)
    assert moment is not None
    return moment.astimezone(zone(time_zone)).strftime("%d.%m.%Y %H:%M")


@pass_context
def _date_filter(context: Context, value: date | datetime | None) -> str:
    return ddmmyyyy(value, context.get("time_zone") or DEFAULT_TIME_ZONE)


@pass_context
def _datetime_filter(context: Context, value: datetime | None) -> str:
    return ddmmyyyy_hhmm(value, context.get("time_zone") or DEFAULT_TIME_ZONE)


def _count_filter(n: int, one: str, few: str, many: str) -> str:
    return count_of(n, one, few, many)


env = templates.env
env.filters["date"] = _date_filter
env.filters["datetime"] = _datetime_filter
env.filters["count"] = _count_filter
env.filters["plural"] = lambda n, one, few, many: plural_form(n, one, few, many)
env.filters["years"] = years_of  # «1 год», «1,5 года», «5 лет»
env.filters["stage"] = stage_label
env.filters["capfirst"] = lambda text: text[:1].upper() + text[1:] if text else text
env.globals["ROLE_LABELS"] = ROLE_LABELS


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The page with the base layout's context: `me` (SignedIn or None), `nav`, `csrf_token`, `time_zone`."""
    signed = getattr(request.state, "signed_in", None)
    page: dict[str, Any] = {
        "me": signed,
        "nav": navigation(signed.actor if signed else None, request.url.path),
        "csrf_token": signed.csrf_token if signed else getattr(request.state, "anonymous_csrf", ""),
        "time_zone": getattr(request.state, "time_zone", DEFAULT_TIME_ZONE),
        "values": {},  # what was typed, kept when a form is refused
        "refusal": None,  # the DomainError that refused the form, shown in place
    }
    page.update(context or {})
    return templates.TemplateResponse(request, template, page, status_code=status_code, headers=headers)
