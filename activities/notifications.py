"""Notifications: write them to the outbox exactly once, then deliver them by e-mail where SMTP is set up.

The escalation workflows call `notify` with a `NotificationRequest` that names the item and the level of
the ladder; the activity finds the people of that level and writes one outbox row for each. A separate
activity, `deliver_notifications`, sends what is not yet sent. The outbox is read through the API
("my notifications") whether or not anything was ever e-mailed.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

from pydantic import BaseModel, Field
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from temporalio import activity

from config import settings
from db.models import User
from db.notification_models import Notification, NotificationAddress
from db.session import session_scope, utcnow
from domain.escalation import ITEM_LABELS, LEVEL_LABELS, Level, OverdueItem

NO_ADDRESS = "нет адреса"
# A message the server refuses (a wrong address, a full mailbox) is tried this many times, then left.
MAX_ATTEMPTS = 5
SMTP_TIMEOUT_SECONDS = 30
_WRITE_TRIES = 3
# This very message cannot go (refused by the server, or not a valid message); any other SMTP or socket
# error is about the server, and the message waits for it.
MESSAGE_FAULTS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError, ValueError)

# The steps of the escalation ladder: whoever owes the item, then the curator, the head, the district.
NotificationLevel = Level


WHY_YOU: dict[NotificationLevel, str] = {
    NotificationLevel.OWNER: "Вы получили это уведомление, потому что это ожидается от вас.",
    NotificationLevel.CURATOR: "Вы получили это уведомление как куратор наставничества в организации.",
    NotificationLevel.HEAD: "Вы получили это уведомление как руководитель организации.",
    NotificationLevel.COORDINATOR: "Вы получили это уведомление как координатор наставничества в районе.",
}


class NotificationRequest(BaseModel):
    """What a workflow asks to be told, and to whom; it is kept in the workflow's history.

    Ids and texts about the item only, never a person's name: workflow histories must not hold personal
    data (children's least of all). `item_id` names one occurrence of an overdue item (e.g. a pair's
    missing December questionnaire), so the same item at the same level notifies each person once.
    `path` is the item's place in the API, e.g. "/pairs/pair-1"; the row's `link` is the public URL plus it
    (kept for API clients), and the message links to the cabinet's page of it (`page_link_for`).
    """

    item_id: str = Field(min_length=1, max_length=200)
    level: NotificationLevel
    organisation_id: str
    district: str
    owner_user_id: str | None = None
    owner_participant_id: str | None = None
    subject: str = Field(min_length=1, max_length=200, pattern=r"^[^\r\n]+$")
    body: str = Field(min_length=1, max_length=5000)
    path: str = Field(pattern=r"^/([^/]|$)", max_length=500)


def item_notice(
    item: OverdueItem, level: Level, headline: str, deadline: date, occurrence: str
) -> NotificationRequest:
    """An item's request or escalation notice, the same wherever its ladder is kept (an item's workflow or
    its pair's); `occurrence` keeps the request apart from the reminder, so each person is told once of
    each."""
    what = ITEM_LABELS[item.kind]
    return NotificationRequest(
        item_id=f"{item.item_id}:{occurrence}",
        level=level,
        organisation_id=item.organisation_id,
        district=item.district,
        owner_user_id=item.owner_user_id,
        owner_participant_id=item.owner_participant_id,
        subject=f"{headline}: {what}",
        body=f"{headline}: {what}, срок {deadline:%d.%m.%Y}.",
        path=item.path,
    )


def request_notice(item: OverdueItem, deadline: date) -> NotificationRequest:
    return item_notice(item, Level.OWNER, f"Прошу заполнить до {deadline:%d.%m.%Y}", deadline, "request")


def overdue_notice(item: OverdueItem, level: Level, deadline: date) -> NotificationRequest:
    return item_notice(item, level, f"Просрочено ({LEVEL_LABELS[level]})", deadline, "overdue")


def link_for(path: str) -> str:
    return settings.public_url.rstrip("/") + path


# The cabinet's page of each kind of object a notification is about (web/): one click to the thing itself.
_PAGE_PREFIXES = ("/pairs/", "/programmes/", "/overdue/")


def page_path_for(api_path: str) -> str:
    """The cabinet page for an item's API path: /pairs/p → /cabinet/pairs/p, /overdue/i → its page."""
    path = urlsplit(api_path).path
    if path.startswith(_PAGE_PREFIXES):
        return "/cabinet" + path
    return "/cabinet/notifications"


def page_link_for(api_path: str) -> str:
    """What a person opens from a notification (in the cabinet and in the e-mail)."""
    return link_for(page_path_for(api_path))


def dedup_key(request: NotificationRequest, user_id: str) -> str:
    return f"{request.item_id}:{request.level.value}:{user_id}"


def recipients(session: Session, request: NotificationRequest) -> list[User]:
    """The people of the request's level, in a stable order; none when nobody holds that role."""
    query = select(User)
    if request.level is NotificationLevel.OWNER:
        owners = []
        if request.owner_user_id is not None:
            owners.append(col(User.id) == request.owner_user_id)
        if request.owner_participant_id is not None:
            owners.append(col(User.participant_id) == request.owner_participant_id)
        if not owners:
            return []
        query = query.where(or_(*owners))
    elif request.level is NotificationLevel.COORDINATOR:
        query = query.where(User.role == "coordinator", User.district == request.district)
    else:
        query = query.where(User.role == request.level.value, User.organisation_id == request.organisation_id)
    return list(session.exec(query.order_by(col(User.id))).all())


def _body(request: NotificationRequest) -> str:
    return f"{request.body}\n\n{WHY_YOU[request.level]}\n\nОткрыть: {page_link_for(request.path)}\n"


def _write(session: Session, request: NotificationRequest) -> int:
    written = add_notice(session, request)
    session.commit()
    return written


def add_notice(session: Session, request: NotificationRequest) -> int:
    """Add the request's outbox rows not written yet to the session (the caller commits); how many."""
    by_key = {dedup_key(request, user.id): user for user in recipients(session, request)}
    if not by_key:
        return 0
    written = set(
        session.exec(select(Notification.dedup_key).where(col(Notification.dedup_key).in_(by_key))).all()
    )
    now = utcnow()
    new = [key for key in by_key if key not in written]
    for key in new:
        session.add(
            Notification(
                dedup_key=key,
                user_id=by_key[key].id,
                organisation_id=request.organisation_id,
                item_id=request.item_id,
                level=request.level.value,
                subject=request.subject,
                body=_body(request),
                link=link_for(request.path),
                created_at=now,
            )
        )
    session.flush()
    return len(new)


@activity.defn(name="notify")
def notify(request: NotificationRequest) -> int:
    """Writes one outbox row per recipient of the level; returns how many rows are new.

    Rows already written for the same item, level and person are left alone, so a retry writes nothing
    twice; all new rows of a call commit together. Should another run of the same request commit first,
    the unique `dedup_key` refuses this transaction and the next try sees that run's rows.
    """
    tries = 0
    while True:
        tries += 1
        with session_scope() as session:
            try:
                return _write(session, request)
            except IntegrityError:
                if tries == _WRITE_TRIES:
                    raise


def _message(row: Notification, email: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = email
    message["Subject"] = row.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(f"notification-{row.id}", domain=settings.smtp_from.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    footer = "\n—\nПисьмо отправлено автоматически системой «Наставник», отвечать на него не нужно.\n"
    message.set_content(row.body + footer, charset="utf-8", cte="quoted-printable")
    return message


@contextmanager
def _smtp() -> Iterator[smtplib.SMTP]:
    assert settings.smtp_host is not None
    connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if settings.smtp_starttls:
            connection.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            connection.login(settings.smtp_username, settings.smtp_password or "")
        yield connection
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _pending(session: Session, limit: int) -> Sequence[tuple[Notification, str | None]]:
    query = (
        select(Notification, NotificationAddress.email)
        .join(
            NotificationAddress, col(NotificationAddress.user_id) == col(Notification.user_id), isouter=True
        )
        .where(col(Notification.delivered_at).is_(None), col(Notification.attempts) < MAX_ATTEMPTS)
        .order_by(col(Notification.id))
        .limit(limit)
    )
    return session.exec(query).all()


@activity.defn(name="deliver_notifications")
def deliver_notifications(limit: int = 100) -> int:
    """Sends up to `limit` undelivered notifications by SMTP; returns how many were sent.

    Without `settings.smtp_host` it does nothing and returns 0: the rows stay in the outbox, readable
    through the API, and go out once SMTP is configured.

    What an operator finds afterwards in a row:
    - sent: `delivered_at` set, `delivery_error` empty;
    - no address (the user never set one): `delivered_at` set and `delivery_error` "нет адреса", once,
      and never tried again. The notification is still in the user's list in the API; setting an address
      later sends what comes next, not the backlog, because a weeks-old reminder arriving by mail would
      mislead more than it helps;
    - the server could not be reached, or the connection broke (a server outage): `delivered_at` empty,
      `delivery_error` says why, `attempts` unchanged; the next run tries again, however long the outage;
    - the server refused this message (a wrong address, a full mailbox), or it is no valid message:
      `attempts` counts up and
      `delivery_error` says why; after MAX_ATTEMPTS refusals the row is no longer tried, and stays with
      `delivered_at` empty, so an operator finds such rows by that and by `attempts`.

    Each row is committed as soon as it is sent, so a crash re-sends at most the message in flight
    (delivery is at least once). Run one deliverer at a time: two at once could both send the same row.
    """
    if not settings.smtp_host:
        return 0
    with session_scope() as session:
        pending = _pending(session, limit)
        to_send: list[tuple[Notification, str]] = []
        for row, email in pending:
            if email is None:
                row.delivered_at, row.delivery_error = utcnow(), NO_ADDRESS
            else:
                to_send.append((row, email))
        session.commit()
        if not to_send:
            return 0
        sent = 0
        waiting = list(to_send)
        try:
            with _smtp() as connection:
                while waiting:
                    row, email = waiting[0]
                    try:
                        connection.send_message(_message(row, email))
                    except MESSAGE_FAULTS as fault:
                        row.attempts += 1
                        row.delivery_error = _error_text(fault)
                    else:
                        row.delivered_at, row.delivery_error = utcnow(), None
                        sent += 1
                    session.commit()
                    waiting.pop(0)
        except (OSError, smtplib.SMTPException) as error:
            # The server, not a message: what is left of the batch waits for the next run.
            for row, _email in waiting:
                row.delivery_error = _error_text(error)
            session.commit()
        return sent
