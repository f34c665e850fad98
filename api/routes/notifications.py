"""My notifications: reminders and escalations written by the workflows, and where they are e-mailed."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlmodel import Session

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application import notifications
from application.notifications import NotificationRead
from application.schemas import Page
from db.models import User
from db.notification_models import NotificationAddress
from db.session import utcnow
from domain.actors import Actor
from domain.bounds import MAX_OFFSET
from domain.errors import Forbidden

router = APIRouter(tags=["notifications"], responses=PROBLEM_RESPONSES)


class EmailBody(BaseModel):
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", examples=["curator@school.ru"])


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


def _user_of(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id)
    if user is None:
        raise Forbidden("user_only", "Адрес для уведомлений задаёт пользователь; у оператора его нет.")
    return user


@router.put("/me/email", response_model=EmailBody, tags=["users"])
def set_my_email(body: EmailBody, session: SessionDep, actor: CurrentActor) -> EmailBody:
    """Where the current user's notifications are e-mailed (when the service sends e-mail at all)."""
    user = _user_of(session, actor)
    address = session.get(NotificationAddress, user.id)
    if address is None:
        address = NotificationAddress(user_id=user.id, email=body.email, updated_at=utcnow())
    else:
        address.email, address.updated_at = body.email, utcnow()
    session.add(address)
    session.commit()
    return EmailBody(email=address.email)
