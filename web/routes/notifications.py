"""«Уведомления»: my notifications, unread first to the eye, each one click from what it is about."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import SessionDep
from application import notifications
from web.render import render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20


@router.get("/cabinet/notifications", response_class=HTMLResponse)
def notifications_page(
    request: Request,
    signed: PageSignedIn,
    session: SessionDep,
    unread: bool = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    found = notifications.my_notifications(
        session=session, actor=signed.actor, unread=unread, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    pages = max(1, -(-found.total // PAGE_SIZE))
    suffix = "&unread=true" if unread else ""
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
        },
    )


@router.post("/cabinet/notifications/{notification_id}/open", dependencies=[CsrfChecked])
def open_notification(notification_id: int, signed: PageSignedIn, session: SessionDep) -> RedirectResponse:
    """Marks it read and opens the page of what it is about."""
    read = notifications.mark_read(session=session, actor=signed.actor, notification_id=notification_id)
    return RedirectResponse(read.page_path, status_code=303)


@router.post("/cabinet/notifications/{notification_id}/read", dependencies=[CsrfChecked])
def mark_read(notification_id: int, signed: PageSignedIn, session: SessionDep) -> RedirectResponse:
    notifications.mark_read(session=session, actor=signed.actor, notification_id=notification_id)
    return RedirectResponse("/cabinet/notifications", status_code=303)
