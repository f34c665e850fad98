"""«Сегодня»: what needs the curator, the head or the coordinator now (filled in web/today.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from web.render import render
from web.session import PageSignedIn

router = APIRouter(include_in_schema=False)


@router.get("/cabinet/today", response_class=HTMLResponse)
def today(request: Request, signed: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return render(request, "cabinet/today.html", {"title": "Сегодня"})
