"""What the curator adds to the programme's final report (001 §4.15): awards, best practices and
conclusions, versioned — the page of `PUT /programmes/{id}/final-report/notes`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from application import (
    programme_report,
    programmes,
    records,
)
from domain.actors import Actor
from domain.errors import DomainError, NotFound
from web.forms import form_values, lines, parse, shown
from web.render import render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)


AWARD_ROWS_ADDED = 2  # empty award rows the form offers
NOTES_LABELS = {
    "base_version": "Версия",
    "awards": "Награды",
    "best_practices": "Лучшие практики",
    "conclusions": "Выводы",
}
AWARD_TITLES = ("Наставник года", "Лучшая пара")


def _notes_values(notes: programme_report.ReportNotesRead | None) -> dict[str, str]:
    if notes is None:
        return {}
    values = {"best_practices": "\n".join(notes.best_practices), "conclusions": notes.conclusions}
    for i, award in enumerate(notes.awards):
        values |= {
            f"awards.{i}.title": award.title,
            f"awards.{i}.participant_id": award.participant_id or "",
            f"awards.{i}.whom": award.whom or "",
        }
    return values


def _notes_page(
    request: Request,
    session: Session,
    actor: Actor,
    programme_id: str,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    programme = programmes.visible_programme(session, actor, programme_id)
    notes = programme_report.read_notes(session=session, actor=actor, programme_id=programme_id)
    in_bases = {
        m.participant_id
        for m in programmes.list_mentors(session=session, actor=actor, programme_id=programme_id)
    }
    in_bases |= {
        m.participant_id
        for m in programmes.list_mentees(session=session, actor=actor, programme_id=programme_id)
    }
    shown_values = values if values is not None else _notes_values(notes)
    rows = 1 + max([int(k.split(".")[1]) for k in shown_values if k.startswith("awards.")] or [-1])
    names = records.participant_names(session, in_bases)
    return render(
        request,
        "cabinet/programme/notes.html",
        {
            "title": f"Итоговый отчёт: {programme.title}",
            "programme": programme,
            "notes": notes,
            "people": sorted(names.items(), key=lambda item: item[1]),
            "names": names,
            "award_titles": AWARD_TITLES,
            "award_rows": range(rows + AWARD_ROWS_ADDED),
            "writes": programme_report.writes_notes(actor, programme),
            "base_version": notes.version if notes else "",
            "values": shown_values,
            "refusal": refusal,
            "done": "Итоговый отчёт дополнен." if request.query_params.get("done") else None,
        },
        status_code=status_code,
    )


@router.get("/cabinet/programmes/{programme_id}/final-report/notes", response_class=HTMLResponse)
def notes_view(request: Request, programme_id: str, me: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return _notes_page(request, session, me.actor, programme_id)


def _awards(values: dict[str, str]) -> list[dict[str, str]]:
    """The award rows as typed; a row with nothing in it is not an award."""
    rows = sorted({int(k.split(".")[1]) for k in values if k.startswith("awards.") and k.count(".") == 2})
    awards = []
    for i in rows:
        row = {f: values.get(f"awards.{i}.{f}", "").strip() for f in ("title", "participant_id", "whom")}
        if any(row.values()):
            awards.append({k: v for k, v in row.items() if v})
    return awards


@router.post(
    "/cabinet/programmes/{programme_id}/final-report/notes",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def write_notes(request: Request, programme_id: str, me: PageSignedIn, session: SessionDep) -> Response:
    values = await form_values(request)
    try:
        body = parse(
            programme_report.ReportNotesBody,
            {
                "base_version": values.get("base_version", ""),
                "awards": _awards(values),
                "best_practices": lines(values.get("best_practices")),
                "conclusions": values.get("conclusions", "").strip(),
            },
            NOTES_LABELS,
        )
        programme_report.save_notes(session=session, actor=me.actor, programme_id=programme_id, body=body)
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _notes_page(
            request,
            session,
            me.actor,
            programme_id,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(f"/cabinet/programmes/{programme_id}/final-report/notes?done=1", status_code=303)


# The yearly list of teachers who need a mentor (000 §6.5.3.1): the curator marks it refreshed.
