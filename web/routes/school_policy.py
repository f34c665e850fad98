"""The school's calendar, deadlines and monitoring dates on a page: the same rule and write as
`PUT /organisations/{id}/policy` (application/school_policy.py)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from application import (
    school_policy,
)
from domain.actors import Actor
from domain.errors import DomainError, InvalidInput, NotFound
from domain.escalation import EscalationPolicy
from domain.monitoring import MonitoringSettings
from domain.school_calendar import SchoolCalendar
from web.forms import form_values, lines, parse, shown
from web.render import render
from web.routes.pairs import iso_day
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)


POLICY_LABELS = {
    "time_zone": "Часовой пояс",
    "working_weekdays": "Рабочих дней в неделе",
    "holidays": "Каникулы и перерывы школы",
    "recurring": "Ежегодные перерывы",
    "preparatory_days": "Подготовительный этап пары, дней",
    "meeting_grace_days": "Отсрочка встречи по плану, дней",
    "assessment_days": "Итоговая диагностика после рефлексии, дней",
    "deadlines": "Сроки мониторинга",
    "opens_days_before": "Анкеты открываются за, дней",
}
TIME_ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)
_SPAN = re.compile(r"^\s*(\S+)\s*[-–—]\s*(\S+)\s*$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})$")


def _spans(text: str, field: str, example: str) -> list[tuple[str, str]]:
    found = [_SPAN.match(line) for line in lines(text)]
    if not all(found):
        raise InvalidInput("span_format", f"«{POLICY_LABELS[field]}»: пишите «{example}» в строке.", field)
    return [(m[1], m[2]) for m in found if m]


def _month_day(text: str, field: str) -> str:
    found = _DAY_MONTH.match(text.strip())
    if not found:
        raise InvalidInput("day_format", f"«{POLICY_LABELS[field]}»: пишите день и месяц как «20.12».", field)
    return f"{int(found[2]):02d}-{int(found[1]):02d}"


def _day_month(mmdd: str) -> str:
    month, day = mmdd.split("-")
    return f"{day}.{month}"


def _policy_values(policy: school_policy.PolicyBody) -> dict[str, str]:
    escalation, calendar = policy.escalation, policy.escalation.calendar
    return {
        "time_zone": escalation.time_zone,
        "working_weekdays": str(calendar.working_weekdays),
        "official": "yes" if calendar.official else "",
        "holidays": "\n".join(
            f"{h.starts.strftime('%d.%m.%Y')} — {h.ends.strftime('%d.%m.%Y')}" for h in calendar.holidays
        ),
        "recurring": "\n".join(f"{_day_month(r.starts)} — {_day_month(r.ends)}" for r in calendar.recurring),
        "preparatory_days": str(escalation.preparatory_days),
        "meeting_grace_days": str(escalation.meeting_grace_days),
        "assessment_days": str(escalation.assessment_days),
        "deadlines": "\n".join(_day_month(d) for d in policy.monitoring.deadlines),
        "opens_days_before": str(policy.monitoring.opens_days_before),
    }


def _policy_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    organisation_id = actor.organisation_id or ""
    policy = school_policy.read_policy(session=session, actor=actor, organisation_id=organisation_id)
    return render(
        request,
        "cabinet/policy.html",
        {
            "title": "Календарь и сроки школы",
            "time_zones": [(z, z) for z in TIME_ZONES],
            "writes": school_policy.sets_policy(actor, organisation_id),
            "values": values if values is not None else _policy_values(policy),
            "refusal": refusal,
            "done": request.query_params.get("done"),
        },
        status_code=status_code,
    )


@router.get("/cabinet/policy", response_class=HTMLResponse)
def policy_view(request: Request, me: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return _policy_page(request, session, me.actor)


@router.post("/cabinet/policy", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def set_policy(request: Request, me: PageSignedIn, session: SessionDep) -> Response:
    values = await form_values(request)
    organisation_id = me.actor.organisation_id or ""
    try:
        stored = school_policy.read_policy(session=session, actor=me.actor, organisation_id=organisation_id)
        calendar = parse(
            SchoolCalendar,
            stored.escalation.calendar.model_dump(mode="json")
            | {
                "holidays": [
                    {"starts": iso_day(a), "ends": iso_day(b)}
                    for a, b in _spans(values.get("holidays", ""), "holidays", "дд.мм.гггг — дд.мм.гггг")
                ],
                "recurring": [
                    {"starts": _month_day(a, "recurring"), "ends": _month_day(b, "recurring")}
                    for a, b in _spans(values.get("recurring", ""), "recurring", "дд.мм — дд.мм")
                ],
                "working_weekdays": values.get("working_weekdays"),
                "official": values.get("official") == "yes",
            },
            POLICY_LABELS,
        )
        fields = ("time_zone", "preparatory_days", "meeting_grace_days", "assessment_days")
        escalation = parse(
            EscalationPolicy,
            stored.escalation.model_dump(mode="json")
            | {"calendar": calendar.model_dump(mode="json")}
            | {name: values.get(name, "").strip() for name in fields},
            POLICY_LABELS,
        )
        monitoring = parse(
            MonitoringSettings,
            {
                "deadlines": [_month_day(d, "deadlines") for d in lines(values.get("deadlines"))],
                "opens_days_before": values.get("opens_days_before", "").strip(),
            },
            POLICY_LABELS,
        )
        school_policy.put_policy(
            session=session,
            actor=me.actor,
            organisation_id=organisation_id,
            body=school_policy.PolicyBody(escalation=escalation, monitoring=monitoring),
        )
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _policy_page(
            request, session, me.actor, values=values, refusal=refused, status_code=refused.status
        )
    return RedirectResponse("/cabinet/policy?done=1", status_code=303)
