"""«Журнал»: the operator or a head checks that a school's audit chain is intact (issue 13 §5) — the same
check as `GET /audit/verify` (application/audit_check.py), with the first broken row named."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from application.audit_check import verifiable_organisations, verify_organisation
from web.render import render
from web.session import PageSignedIn

router = APIRouter(include_in_schema=False)


@router.get("/cabinet/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, signed: PageSignedIn, session: SessionDep, organisation_id: str | None = None
) -> HTMLResponse:
    actor = signed.actor
    schools = verifiable_organisations(session, actor)
    chosen = organisation_id or (schools[0].id if len(schools) == 1 else None)
    verdict = verify_organisation(session, actor, chosen) if chosen else None
    names = {s.id: s.name for s in schools}
    return render(
        request,
        "cabinet/audit.html",
        {
            "title": "Журнал изменений",
            "schools": schools,
            "chosen": chosen,
            "school_name": names.get(chosen or "", ""),
            "verdict": verdict,
        },
    )
