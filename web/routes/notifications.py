"""«Уведомления»: my notifications, unread first to the eye, each one click from what it is about."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from application import notifications
from application.notifications import EmailBody
from domain.errors import DomainError, Forbidden
from web.forms import form_values, parse
from web.render import render
from web.session import CsrfChecked, PageSignedIn, SignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)
PAGE_SIZE = 20


def _address(session: Session, signed: SignedIn) -> str | None:
    """The person's address for e-mailed notifications ("" when none); None for the operator (no user)."""
    try:
        found = notifications.my_email(session=session, actor=signed.actor)
    except Forbidden:
        return None
    return found.email if found else ""


def _page(
    request: Request,
    signed: SignedIn,
    session: Session,
    *,
    unread: bool = False,
    page: int = 1,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    found = notifications.my_notifications(
        session=session, actor=signed.actor, unread=unread, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    pages = max(1, -(-found.total // PAGE_SIZE))
    suffix = "&unread=true" if unread else ""
    address = _address(session, signed)
    return render(
        request,
        "cabinet/notifications.html",
        {
            "title": "Уведомления",
            "items": found.items,
            "total": found.total,
            "unread": unread,
            "unread_total": notifications.unread_count(session=session, actor=signed.actor),
            "page": page,
            "pages": pages,
            "prev_url": f"/cabinet/notifications?page={page - 1}{suffix}" if page > 1 else None,
            "next_url": f"/cabinet/notifications?page={page + 1}{suffix}" if page < pages else None,
            "address": address,
            "values": values if values is not None else {"email": address or ""},
            "refusal": refusal,
            "saved": request.query_params.get("done") == "email",
        },
        status_code=status_code,
    )


@router.get("/cabinet/notifications", response_class=HTMLResponse)
def notifications_page(
    request: Request,
    signed: PageSignedIn,
    session: SessionDep,
    unread: bool = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    return _page(request, signed, session, unread=unread, page=page)


@router.post("/cabinet/notifications/email", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def set_email(request: Request, signed: PageSignedIn, session: SessionDep) -> Response:
    """Where my notifications are e-mailed (application.notifications.set_my_email, as PUT /me/email)."""
    values = await form_values(request)
    try:
        body = parse(
            EmailBody, {"email": values.get("email", "").strip()}, {"email": "Адрес электронной почты"}
        )
        notifications.set_my_email(session=session, actor=signed.actor, body=body)
    except DomainError as refused:
        return _page(request, signed, session, values=values, refusal=refused, status_code=refused.status)
    return RedirectResponse("/cabinet/notifications?done=email#email", status_code=303)


@router.post("/cabinet/notifications/{notification_id}/open", dependencies=[CsrfChecked])
def open_notification(notification_id: int, signed: PageSignedIn, session: SessionDep) -> RedirectResponse:
    """Marks it read and opens the page of what it is about."""
    read = notifications.mark_read(session=session, actor=signed.actor, notification_id=notification_id)
    return RedirectResponse(read.page_path, status_code=303)


@router.post("/cabinet/notifications/{notification_id}/read", dependencies=[CsrfChecked])
def mark_read(notification_id: int, signed: PageSignedIn, session: SessionDep) -> RedirectResponse:
    notifications.mark_read(session=session, actor=signed.actor, notification_id=notification_id)
    return RedirectResponse("/cabinet/notifications", status_code=303)
