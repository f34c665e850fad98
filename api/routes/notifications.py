"""My notifications: reminders and escalations written by the workflows, and where they are e-mailed."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlmodel import Session, col, func, select

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application.schemas import Page
from db.models import User
from db.notification_models import Notification, NotificationAddress
from db.session import as_utc, utcnow
from domain.actors import Actor
from domain.bounds import MAX_OFFSET
from domain.errors import Forbidden, NotFound

router = APIRouter(tags=["notifications"], responses=PROBLEM_RESPONSES)


class NotificationRead(BaseModel):
    id: int
    item_id: str
    level: str = Field(description="owner | curator | head | coordinator: ступень эскалации")
    organisation_id: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None
    delivered_at: datetime | None = Field(description="Когда письмо отправлено (или признано неотправимым)")


class EmailBody(BaseModel):
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", examples=["curator@school.ru"])


def _read(row: Notification) -> NotificationRead:
    assert row.id is not None
    return NotificationRead(
        id=row.id,
        item_id=row.item_id,
        level=row.level,
        organisation_id=row.organisation_id,
        subject=row.subject,
        body=row.body,
        link=row.link,
        created_at=as_utc(row.created_at) or row.created_at,
        read_at=as_utc(row.read_at),
        delivered_at=as_utc(row.delivered_at),
    )


@router.get("/notifications/mine", response_model=Page[NotificationRead])
def my_notifications(
    session: SessionDep,
    actor: CurrentActor,
    unread: bool = Query(default=False, description="Только непрочитанные"),
    limit: int = Query(default=50, ge=1, le=500),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> Page[NotificationRead]:
    """The current user's notifications, newest first."""
    query = select(Notification).where(Notification.user_id == actor.user_id)
    if unread:
        query = query.where(col(Notification.read_at).is_(None))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    newest_first = query.order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
    rows = session.exec(newest_first.limit(limit).offset(offset)).all()
    return Page(items=[_read(row) for row in rows], total=total, limit=limit, offset=offset)


@router.post("/notifications/{notification_id}/read", response_model=NotificationRead)
def mark_read(notification_id: int, session: SessionDep, actor: CurrentActor) -> NotificationRead:
    """Marks one's own notification read; reading it again keeps the first time. Another's is 'not found'."""
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != actor.user_id:
        raise NotFound("not_found", "Уведомление не найдено.")
    if row.read_at is None:
        row.read_at = utcnow()
        session.add(row)
        session.commit()
    return _read(row)


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
