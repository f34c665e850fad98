"""My notifications: reminders and escalations written by the workflows, and where they are e-mailed."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application import notifications
from application.notifications import EmailBody, NotificationRead
from application.schemas import Page
from domain.bounds import MAX_OFFSET

router = APIRouter(tags=["notifications"], responses=PROBLEM_RESPONSES)


@router.get("/notifications/mine", response_model=Page[NotificationRead])
def my_notifications(
    session: SessionDep,
    actor: CurrentActor,
    unread: bool = Query(default=False, description="Только непрочитанные"),
    limit: int = Query(default=50, ge=1, le=500),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[NotificationRead]:
    """The current user's notifications, newest first."""
    return notifications.my_notifications(
        session=session, actor=actor, unread=unread, limit=limit, offset=offset
    )


@router.post("/notifications/{notification_id}/read", response_model=NotificationRead)
def mark_read(notification_id: int, session: SessionDep, actor: CurrentActor) -> NotificationRead:
    """Marks one's own notification read; reading it again keeps the first time. Another's is 'not found'."""
    return notifications.mark_read(session=session, actor=actor, notification_id=notification_id)


@router.get("/me/email", response_model=EmailBody | None, tags=["users"])
def my_email(session: SessionDep, actor: CurrentActor) -> EmailBody | None:
    """Where the current user's notifications are e-mailed; null when no address is set."""
    return notifications.my_email(session=session, actor=actor)


@router.put("/me/email", response_model=EmailBody, tags=["users"])
def set_my_email(body: EmailBody, session: SessionDep, actor: CurrentActor) -> EmailBody:
    """Where the current user's notifications are e-mailed (when the service sends e-mail at all)."""
    return notifications.set_my_email(session=session, actor=actor, body=body)
