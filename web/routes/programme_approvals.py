"""The head's approvals of a programme in the cabinet: its curator, roadmap, mentor registry and selected
mentees, each by an order's number and date (000 §2.7; 001 §3.8) — the same commands as the API's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import (
    programmes,
    records,
)
from application.programme_schemas import (
    HeadApprovalBody,
    ProgrammeConfigure,
)
from application.temporal import TemporalLink
from domain.actors import Actor
from domain.errors import DomainError, InvalidInput, NotFound
from domain.programme import HeadAct, HeadApproval
from web.forms import form_values, parse, shown
from web.render import render
from web.routes.pairs import iso_day
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)


HEAD_ACTS = {
    "curator": "Куратор назначен.",
    "roadmap": "Утверждение дорожной карты внесено.",
    HeadAct.MENTOR_REGISTRY.value: "Реестр наставников утверждён.",
    HeadAct.MENTEES.value: "Отобранные наставляемые утверждены.",
}
APPROVAL_LABELS = {
    "curator_id": "Куратор",
    "roadmap": "Дорожная карта",
    "number": "Номер приказа",
    "signed_on": "Дата приказа",
    "act": "Что утверждается",
}
SHOWN_NAMES = 50  # names of a base listed for approval; the rest are counted, the base table pages them


def _approval_base(session: Session, approved: HeadApproval | None, everyone: list[str]) -> dict[str, Any]:
    """A base as the head approves it: who is in it now (names, the first few), and who came after the
    last approval (the base changed: it awaits the head again)."""
    added = [pid for pid in everyone if approved is None or pid not in approved.participant_ids]
    left = [pid for pid in approved.participant_ids if pid not in everyone] if approved else []
    names = records.participant_names(
        session, set(everyone[:SHOWN_NAMES]) | set(added[:SHOWN_NAMES]) | set(left[:SHOWN_NAMES])
    )
    return {
        "approval": approved,
        "total": len(everyone),
        "names": [names.get(pid, "—") for pid in everyone[:SHOWN_NAMES]],
        "added": [names.get(pid, "—") for pid in added[:SHOWN_NAMES]] if approved else [],
        "added_total": len(added) if approved else 0,
        "left": [names.get(pid, "—") for pid in left[:SHOWN_NAMES]],
        "waits": approved is None or bool(added) or bool(left),
    }


async def _approvals_page(
    request: Request,
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    programme_id: str,
    *,
    open_form: str | None = None,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    detail = await programmes.read_programme(
        session=session, actor=actor, temporal=temporal, programme_id=programme_id
    )
    programme = programmes.visible_programme(session, actor, programme_id)
    mentors = [
        m.participant_id
        for m in programmes.list_mentors(session=session, actor=actor, programme_id=programme_id)
    ]
    mentees = [
        m.participant_id
        for m in programmes.list_mentees(session=session, actor=actor, programme_id=programme_id)
    ]
    acts = programmes.acts_as_head(actor, programme)
    curators = (
        programmes.curators_of_school(session=session, actor=actor, programme_id=programme_id) if acts else []
    )
    approvals = detail.head_approvals
    return render(
        request,
        "cabinet/programme/approvals.html",
        {
            "title": f"Утверждения руководителя: {detail.title}",
            "programme": detail,
            "curator_name": records.user_names(
                session, {detail.curator_id} if detail.curator_id else set()
            ).get(detail.curator_id or "", ""),
            "curators": [(u.id, u.display_name) for u in curators],
            "acts_as_head": acts,
            "registry": _approval_base(session, approvals.get(HeadAct.MENTOR_REGISTRY), mentors),
            "selected": _approval_base(session, approvals.get(HeadAct.MENTEES), mentees),
            "approver_names": records.user_names(session, {a.by_user_id for a in approvals.values()}),
            "open_form": open_form,
            "values": values or {},
            "refusal": refusal,
            "done": HEAD_ACTS.get(request.query_params.get("done") or ""),
        },
        status_code=status_code,
    )


@router.get("/cabinet/programmes/{programme_id}/approvals", response_class=HTMLResponse)
async def approvals_view(
    request: Request, programme_id: str, me: PageSignedIn, session: SessionDep, temporal: TemporalDep
) -> HTMLResponse:
    return await _approvals_page(request, session, me.actor, temporal, programme_id)


@router.post(
    "/cabinet/programmes/{programme_id}/approvals/{act}",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def approve(
    request: Request,
    programme_id: str,
    act: str,
    me: PageSignedIn,
    session: SessionDep,
    temporal: TemporalDep,
) -> Response:
    if act not in HEAD_ACTS:
        raise NotFound("not_found", "Такой страницы нет или она вам недоступна.")
    values = await form_values(request)
    keys: dict[str, Any] = {"session": session, "actor": me.actor, "programme_id": programme_id}
    try:
        if act == "curator":
            if not values.get("curator_id"):
                raise InvalidInput("missing", "«Куратор»: выберите куратора.", "curator_id")
            body = parse(ProgrammeConfigure, {"curator_id": values["curator_id"]}, APPROVAL_LABELS)
            await programmes.configure_programme(**keys, temporal=temporal, body=body)
        elif act == "roadmap":
            roadmap = {
                "document_id": values.get("roadmap_document", "").strip(),
                "approved_on": iso_day(values.get("roadmap_approved_on", "")),
            }
            body = parse(
                ProgrammeConfigure, {"roadmap": {k: v for k, v in roadmap.items() if v}}, APPROVAL_LABELS
            )
            await programmes.configure_programme(**keys, temporal=temporal, body=body)
        else:
            approval = parse(
                HeadApprovalBody,
                {
                    "act": act,
                    "number": values.get("number", "").strip(),
                    "signed_on": iso_day(values.get("signed_on", "")),
                },
                APPROVAL_LABELS,
            )
            await programmes.approve_as_head(**keys, temporal=temporal, body=approval)
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return await _approvals_page(
            request,
            session,
            me.actor,
            temporal,
            programme_id,
            open_form=act,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(f"/cabinet/programmes/{programme_id}/approvals?done={act}", status_code=303)


# The school's numbers of pupils and teachers and its coverage targets for an academic year (004 §7).
