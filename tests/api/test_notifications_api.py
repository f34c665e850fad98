"""My notifications through the API: newest first, unread, pages, marking read, and the delivery address."""

from __future__ import annotations

from uuid import uuid4

import httpx
import pytest

from activities.notifications import NotificationLevel, NotificationRequest, deliver_notifications, notify
from db.notification_models import NotificationAddress
from db.session import session_scope
from tests.api.conftest import ADMIN, School
from tests.test_notifications import settle_outbox, smtp_server


async def user_id(api: httpx.AsyncClient, headers: dict[str, str]) -> str:
    response = await api.get("/me", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["user_id"])


def tell(school: School, owner_user_id: str, subject: str) -> str:
    """What an escalation workflow does: the `notify` activity, here called directly."""
    item_id = f"item-{uuid4().hex[:8]}"
    written = notify(
        NotificationRequest(
            item_id=item_id,
            level=NotificationLevel.OWNER,
            organisation_id=school.organisation_id,
            district=school.district,
            owner_user_id=owner_user_id,
            subject=subject,
            body=f"{subject}: анкета по качеству процесса, срок 20.12.2026.",
            path=f"/items/{item_id}",
        )
    )
    assert written == 1
    return item_id


async def test_my_notifications_newest_first_by_page_and_unread(
    api: httpx.AsyncClient, school: School
) -> None:
    curator = await user_id(api, school.curator)
    items = [tell(school, curator, f"Напоминание {i}") for i in range(3)]
    tell(school, await user_id(api, school.head), "Руководителю")

    mine = await api.get("/notifications/mine", headers=school.curator)
    assert mine.status_code == 200, mine.text
    page = mine.json()
    assert page["total"] == 3
    assert [n["item_id"] for n in page["items"]] == items[::-1]
    newest = page["items"][0]
    assert newest["subject"] == "Напоминание 2"
    assert newest["link"].endswith(f"/items/{items[2]}")
    assert newest["page_link"] in newest["body"]  # the e-mail and the cabinet open a page
    assert newest["level"] == "owner" and newest["read_at"] is None and newest["delivered_at"] is None

    second = (await api.get("/notifications/mine?limit=2&offset=2", headers=school.curator)).json()
    assert (second["total"], second["limit"], second["offset"]) == (3, 2, 2)
    assert [n["item_id"] for n in second["items"]] == [items[0]]

    read = await api.post(f"/notifications/{newest['id']}/read", headers=school.curator)
    assert read.status_code == 200, read.text
    unread = (await api.get("/notifications/mine?unread=true", headers=school.curator)).json()
    assert unread["total"] == 2
    assert [n["item_id"] for n in unread["items"]] == [items[1], items[0]]

    head_sees = (await api.get("/notifications/mine", headers=school.head)).json()
    assert [n["subject"] for n in head_sees["items"]] == ["Руководителю"]
    assert (await api.get("/notifications/mine")).status_code == 401


@pytest.mark.parametrize("number", [0, 2**31, 2**63 - 1])
async def test_a_notification_number_no_row_can_have_is_not_found(
    api: httpx.AsyncClient, school: School, number: int
) -> None:
    """PostgreSQL's INTEGER key cannot hold it: the answer is 404, not a failed query (found by fuzzing)."""
    answer = await api.post(f"/notifications/{number}/read", headers=school.curator)
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/problem+json"


async def test_only_ones_own_notification_can_be_marked_read(api: httpx.AsyncClient, school: School) -> None:
    tell(school, await user_id(api, school.curator), "Пара не встречалась 45 дней")
    [notification] = (await api.get("/notifications/mine", headers=school.curator)).json()["items"]
    url = f"/notifications/{notification['id']}/read"

    by_head = await api.post(url, headers=school.head)
    assert by_head.status_code == 404, by_head.text
    assert by_head.headers["content-type"].startswith("application/problem+json")
    assert by_head.json()["rule"] == "not_found"
    assert (await api.post("/notifications/999999999/read", headers=school.curator)).status_code == 404

    first = await api.post(url, headers=school.curator)
    assert first.status_code == 200, first.text
    assert first.json()["read_at"] is not None
    again = await api.post(url, headers=school.curator)
    assert again.json()["read_at"] == first.json()["read_at"]  # the first reading is kept


async def test_my_email_is_where_notifications_are_sent(
    api: httpx.AsyncClient, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    curator = await user_id(api, school.curator)
    for email in ("old@school.test", "curator@school.test"):
        response = await api.put("/me/email", headers=school.curator, json={"email": email})
        assert response.status_code == 200, response.text
        assert response.json() == {"email": email}
    with session_scope() as session:
        stored = session.get(NotificationAddress, curator)
        assert stored is not None and stored.email == "curator@school.test"

    wrong = await api.put("/me/email", headers=school.curator, json={"email": "не адрес"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "email"
    operator = await api.put("/me/email", headers=ADMIN, json={"email": "admin@school.test"})
    assert operator.status_code == 403 and operator.json()["rule"] == "user_only"

    settle_outbox()
    with smtp_server(monkeypatch) as inbox:
        tell(school, curator, "Анкета не заполнена")
        assert deliver_notifications() == 1
    [message] = inbox.messages
    assert message["To"] == "curator@school.test"
    assert message["Subject"] == "Анкета не заполнена"
    [notification] = (await api.get("/notifications/mine", headers=school.curator)).json()["items"]
    assert notification["delivered_at"] is not None
    assert notification["page_link"] in message.get_content()
