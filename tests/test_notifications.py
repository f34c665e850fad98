"""Notifications: who gets one at each level, written once however often the activity runs, and e-mailed
through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from uuid import uuid4

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import update
from sqlmodel import col, select
from temporalio.testing import ActivityEnvironment

from activities.notifications import (
    MAX_ATTEMPTS,
    NO_ADDRESS,
    NotificationLevel,
    NotificationRequest,
    deliver_notifications,
    notify,
    recipients,
)
from config import settings
from db.models import Organisation, Participant, User
from db.notification_models import Notification, NotificationAddress
from db.session import session_scope, utcnow

SUBJECT = "Пара не встречалась 45 дней"
BODY = "В паре «Учитель–учитель» последняя встреча была 45 дней назад при периодичности 14 дней."


# --- people, written straight into the database --------------------------------------------------


def organisation(district: str | None = None) -> Organisation:
    school = Organisation(
        id=f"school-{uuid4().hex[:8]}", name="МБОУ СОШ №1", district=district or f"d-{uuid4().hex[:6]}"
    )
    with session_scope() as session:
        session.add(school)
        session.commit()
    return school


def person(role: str, school: Organisation | None = None, **fields: Any) -> User:
    where: dict[str, Any] = {"organisation_id": school.id, "district": school.district} if school else {}
    someone = User(
        id=f"user-{uuid4().hex[:12]}",
        token_hash=uuid4().hex,
        role=role,
        display_name=role,
        **(where | fields),
    )
    with session_scope() as session:
        session.add(someone)
        session.commit()
    return someone


def participant(school: Organisation) -> Participant:
    member = Participant(
        id=f"participant-{uuid4().hex[:8]}",
        organisation_id=school.id,
        kind="teacher",
        full_name="Молодой педагог",
        created_at=utcnow(),
    )
    with session_scope() as session:
        session.add(member)
        session.commit()
    return member


def address(user: User, email: str) -> None:
    with session_scope() as session:
        session.add(NotificationAddress(user_id=user.id, email=email, updated_at=utcnow()))
        session.commit()


def request(school: Organisation, level: NotificationLevel, **fields: Any) -> NotificationRequest:
    values: dict[str, Any] = {
        "item_id": f"pair-{uuid4().hex[:8]}:cadence:2026-12-01",
        "level": level,
        "organisation_id": school.id,
        "district": school.district,
        "subject": SUBJECT,
        "body": BODY,
        "path": "/pairs/pair-1",
    }
    return NotificationRequest(**(values | fields))


def rows(item_id: str) -> list[Notification]:
    with session_scope() as session:
        query = select(Notification).where(Notification.item_id == item_id).order_by(col(Notification.id))
        return list(session.exec(query).all())


def ids(users: list[User]) -> set[str]:
    return {u.id for u in users}


def run(activity_fn: Any, *args: Any) -> Any:
    """Runs an activity as the worker would, inside an activity context."""
    return ActivityEnvironment().run(activity_fn, *args)


# --- a real SMTP server on loopback ---------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps what it receives and refuses the addresses it is told to."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(list(envelope.rcpt_tos))
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """Starts aiosmtpd on a free loopback port and points the settings at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
    monkeypatch.setattr(settings, "smtp_port", port)
    monkeypatch.setattr(settings, "smtp_from", "nastavnik@school.test")
    monkeypatch.setattr(settings, "smtp_starttls", False)
    monkeypatch.setattr(settings, "smtp_username", None)
    try:
        yield inbox
    finally:
        controller.stop()


def settle_outbox() -> None:
    """The database is shared by the whole suite: settle what other tests left pending, so a delivery
    test sends only its own rows."""
    with session_scope() as session:
        session.execute(
            update(Notification)
            .where(col(Notification.delivered_at).is_(None))
            .values(delivered_at=utcnow(), delivery_error="settled by the test")
        )
        session.commit()


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    settle_outbox()
    with smtp_server(monkeypatch) as running:
        yield running


# --- who is told ----------------------------------------------------------------------------------


def test_each_level_reaches_its_people_only() -> None:
    school = organisation()
    neighbour = organisation(district=school.district)  # the same district, another school
    elsewhere = organisation()
    mentee = participant(school)
    mentee_user = person("mentee", school, participant_id=mentee.id)
    curators = [person("curator", school), person("curator", school)]
    head = person("head", school)
    person("curator", neighbour)
    person("head", neighbour)
    coordinator = person("coordinator", district=school.district)
    person("coordinator", district=elsewhere.district)

    with session_scope() as session:

        def who(level: NotificationLevel, **fields: Any) -> set[str]:
            return ids(recipients(session, request(school, level, **fields)))

        owner = NotificationLevel.OWNER
        assert who(owner, owner_participant_id=mentee.id) == {mentee_user.id}
        assert who(owner, owner_user_id=head.id) == {head.id}
        assert who(owner, owner_user_id=head.id, owner_participant_id=mentee.id) == {head.id, mentee_user.id}
        assert who(owner) == set()
        assert who(NotificationLevel.CURATOR) == ids(curators)
        assert who(NotificationLevel.HEAD) == {head.id}
        assert who(NotificationLevel.COORDINATOR) == {coordinator.id}


def test_notify_writes_once_per_person_however_often_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "public_url", "https://nastavnik.example.ru/")
    school = organisation()
    first = [person("curator", school), person("curator", school)]
    asked = request(school, NotificationLevel.CURATOR)

    assert run(notify, asked) == 2
    assert run(notify, asked) == 0  # a retry after a crash, or the workflow replaying its step
    written = rows(asked.item_id)
    assert {row.user_id for row in written} == ids(first)
    assert {row.dedup_key for row in written} == {f"{asked.item_id}:curator:{u.id}" for u in first}
    for row in written:
        assert row.link == "https://nastavnik.example.ru/pairs/pair-1"
        assert row.subject == SUBJECT
        assert BODY in row.body
        assert "Открыть: https://nastavnik.example.ru/cabinet/pairs/pair-1" in row.body  # a page, not JSON
        assert "как куратор" in row.body
        assert row.organisation_id == school.id and row.level == "curator"
        assert row.delivered_at is None and row.read_at is None

    newcomer = person("curator", school)
    assert run(notify, asked) == 1  # only the curator who was not told yet
    assert {row.user_id for row in rows(asked.item_id)} == ids([*first, newcomer])

    head = person("head", school)
    escalated = asked.model_copy(update={"level": NotificationLevel.HEAD})
    assert run(notify, escalated) == 1  # the same item one step up the ladder is a new notification
    assert [row.user_id for row in rows(asked.item_id) if row.level == "head"] == [head.id]


def test_nobody_at_the_level_writes_nothing() -> None:
    school = organisation()
    asked = request(school, NotificationLevel.HEAD)
    assert run(notify, asked) == 0
    assert rows(asked.item_id) == []


def test_a_request_links_into_the_service_and_has_a_one_line_subject() -> None:
    school = organisation()
    for path in ("https://evil.example/x", "//evil.example/x", "pairs/1"):
        with pytest.raises(ValueError):
            request(school, NotificationLevel.CURATOR, path=path)
    with pytest.raises(ValueError):
        request(school, NotificationLevel.CURATOR, subject="Тема\nBcc: someone@example.org")


# --- delivery -------------------------------------------------------------------------------------


def test_without_smtp_host_nothing_is_sent_and_rows_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "smtp_host", None)
    school = organisation()
    curator = person("curator", school)
    address(curator, "curator@school.test")
    asked = request(school, NotificationLevel.CURATOR)
    run(notify, asked)

    assert run(deliver_notifications) == 0
    [row] = rows(asked.item_id)
    assert row.delivered_at is None and row.delivery_error is None


def test_delivered_by_smtp_with_russian_subject_and_the_link(inbox: Inbox) -> None:
    school = organisation()
    curator = person("curator", school)
    address(curator, "curator@school.test")
    silent = person("curator", school)  # never set an address
    asked = request(school, NotificationLevel.CURATOR)
    run(notify, asked)

    assert run(deliver_notifications) == 1

    [message] = inbox.messages
    assert inbox.envelopes == [["curator@school.test"]]
    assert message["To"] == "curator@school.test"
    assert message["From"] == "nastavnik@school.test"
    assert message["Subject"] == SUBJECT
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_charset() == "utf-8"
    text = message.get_content()
    assert BODY in text
    assert f"{settings.public_url}/cabinet/pairs/pair-1" in text  # the page, not the JSON API

    by_user = {row.user_id: row for row in rows(asked.item_id)}
    sent, unsent = by_user[curator.id], by_user[silent.id]
    assert sent.delivered_at is not None and sent.delivery_error is None
    assert unsent.delivered_at is not None and unsent.delivery_error == NO_ADDRESS

    assert run(deliver_notifications) == 0  # nothing is sent twice, the address-less row is not retried
    assert len(inbox.messages) == 1
    assert {row.user_id: row.delivered_at for row in rows(asked.item_id)} == {
        curator.id: sent.delivered_at,
        silent.id: unsent.delivered_at,
    }


def test_limit_bounds_one_run(inbox: Inbox) -> None:
    school = organisation()
    for i in range(3):
        address(person("curator", school), f"curator{i}@school.test")
    run(notify, request(school, NotificationLevel.CURATOR))

    assert run(deliver_notifications, 2) == 2
    assert run(deliver_notifications, 2) == 1
    assert sorted(e[0] for e in inbox.envelopes) == [f"curator{i}@school.test" for i in range(3)]


def test_unreachable_server_leaves_rows_for_a_later_try(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = organisation()
    curator = person("curator", school)
    address(curator, "curator@school.test")
    asked = request(school, NotificationLevel.CURATOR)
    run(notify, asked)
    working_port = settings.smtp_port
    monkeypatch.setattr(settings, "smtp_port", free_port())  # nothing listens there

    assert run(deliver_notifications) == 0
    [row] = rows(asked.item_id)
    assert row.delivered_at is None
    assert row.delivery_error is not None and "ConnectionRefused" in row.delivery_error
    assert row.attempts == 0  # an outage is the server's fault, not the message's: it does not count

    monkeypatch.setattr(settings, "smtp_port", working_port)
    assert run(deliver_notifications) == 1
    [row] = rows(asked.item_id)
    assert row.delivered_at is not None and row.delivery_error is None
    assert [m["To"] for m in inbox.messages] == ["curator@school.test"]


def test_a_refused_address_is_tried_a_few_times_and_does_not_hold_up_others(inbox: Inbox) -> None:
    school = organisation()
    wrong, right = person("curator", school), person("curator", school)
    address(wrong, "gone@school.test")
    address(right, "curator@school.test")
    inbox.refuse.add("gone@school.test")
    asked = request(school, NotificationLevel.CURATOR)
    run(notify, asked)

    assert run(deliver_notifications) == 1
    for _ in range(MAX_ATTEMPTS + 2):
        run(deliver_notifications)

    refused = next(row for row in rows(asked.item_id) if row.user_id == wrong.id)
    assert refused.delivered_at is None
    assert refused.attempts == MAX_ATTEMPTS
    assert refused.delivery_error is not None and "550" in refused.delivery_error
    assert [m["To"] for m in inbox.messages] == ["curator@school.test"]
