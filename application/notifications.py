"""My notifications, read and marked read: called by the JSON routes and the cabinet's page alike."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from pydantic import BaseModel, Field
from sqlmodel import Session, col, func, select

from activities.notifications import page_link_for, page_path_for
from application.schemas import Page, labelled
from db.models import User
from db.notification_models import Notification, NotificationAddress
from db.session import as_utc, utcnow
from domain import bounds
from domain.actors import Actor
from domain.errors import Forbidden, NotFound
from domain.escalation import LEVEL_LABELS


class NotificationRead(BaseModel):
    id: int
    item_id: str
    level: str = Field(description="owner | curator | head | coordinator: ступень эскалации")
    organisation_id: str
    subject: str
    body: str
    link: str = Field(description="Адрес предмета уведомления в API (JSON)")
    page_link: str = Field(description="Страница предмета уведомления в кабинете")
    created_at: datetime
    read_at: datetime | None
    delivered_at: datetime | None = Field(description="Когда письмо отправлено (или признано неотправимым)")
    level_label: str | None = labelled(LEVEL_LABELS, "level", "Ступень эскалации по-русски")

    @property
    def page_path(self) -> str:
        """The page's path within the cabinet (for links on its own pages)."""
        return urlsplit(self.page_link).path


class EmailBody(BaseModel):
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", examples=["curator@school.ru"])


def notification_read(row: Notification) -> NotificationRead:
    assert row.id is not None
    api_path = urlsplit(row.link).path
    return NotificationRead(
        id=row.id,
        item_id=row.item_id,
        level=row.level,
        organisation_id=row.organisation_id,
        subject=row.subject,
        body=row.body,
        link=row.link,
        page_link=page_link_for(api_path) if api_path else page_link_for(page_path_for("")),
        created_at=as_utc(row.created_at) or row.created_at,
        read_at=as_utc(row.read_at),
        delivered_at=as_utc(row.delivered_at),
    )


def my_notifications(
    *, session: Session, actor: Actor, unread: bool, limit: int, offset: int
) -> Page[NotificationRead]:
    """The actor's own notifications, newest first."""
    query = select(Notification).where(Notification.user_id == actor.user_id)
    if unread:
        query = query.where(col(Notification.read_at).is_(None))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    newest_first = query.order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
    rows = session.exec(newest_first.limit(limit).offset(offset)).all()
    return Page(items=[notification_read(row) for row in rows], total=total, limit=limit, offset=offset)


def unread_count(*, session: Session, actor: Actor) -> int:
    query = select(func.count()).where(
        Notification.user_id == actor.user_id, col(Notification.read_at).is_(None)
    )
    return int(session.exec(query).one())


def mark_read(*, session: Session, actor: Actor, notification_id: int) -> NotificationRead:
    """Marks one's own notification read; reading it again keeps the first time. Another's is 'not found'."""
    # A number the key column cannot hold names no notification (PostgreSQL would refuse the query).
    row = session.get(Notification, notification_id) if 1 <= notification_id <= bounds.MAX_ROW_ID else None
    if row is None or row.user_id != actor.user_id:
        raise NotFound("not_found", "Уведомление не найдено.")
    if row.read_at is None:
        row.read_at = utcnow()
        session.add(row)
        session.commit()
    return notification_read(row)


def _user_of(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id)
    if user is None:
        raise Forbidden("user_only", "Адрес для уведомлений задаёт пользователь; у оператора его нет.")
    return user


def my_email(*, session: Session, actor: Actor) -> EmailBody | None:
    """Where the current user's notifications are e-mailed; None when no address is set."""
    address = session.get(NotificationAddress, _user_of(session, actor).id)
    return EmailBody(email=address.email) if address is not None and address.email else None


def set_my_email(*, session: Session, actor: Actor, body: EmailBody) -> EmailBody:
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
