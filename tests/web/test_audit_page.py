"""«Журнал»: a head checks that the school's audit chain is intact from the cabinet, as the operator does
with `GET /audit/verify` (issue 13 §5) — one check (application/audit_check.py) for both; an edited row is
named with its reason in Russian; a curator may not check, and another school is not found."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlmodel import col, select

from db.models import AuditEvent
from db.session import session_scope
from tests.api.conftest import make_school
from tests.api.flows import pupil_pair
from tests.audit.test_audit_chain import tamper
from tests.web.pages import cabinet_of


def a_row_of(organisation_id: str) -> int:
    with session_scope() as session:
        query = select(AuditEvent.id).where(AuditEvent.organisation_id == organisation_id)
        return session.exec(query.order_by(col(AuditEvent.chain_seq))).first() or 0


async def test_the_head_sees_the_schools_audit_intact_and_the_first_edited_row_named(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    await pupil_pair(pages_api, school.curator)  # the pair's creation and consents are audited
    async with cabinet_of(pages_app, pages_api, school.head) as head:
        intact = await head.get("/cabinet/audit")
        assert intact.status_code == 200 and "Журнал цел." in intact.text

        tamper(
            "UPDATE audit_events SET actor_id = 'someone-else' WHERE id = :id",
            id=a_row_of(school.organisation_id),
        )
        broken = await head.get("/cabinet/audit")
        assert "Журнал нарушен." in broken.text and "содержание записи изменено" in broken.text
    api_view = await pages_api.get(
        "/audit/verify", params={"organisation_id": school.organisation_id}, headers=school.head
    )
    assert api_view.json()["intact"] is False and api_view.json()["problem"] == "content_changed"


async def test_only_the_operator_and_a_head_check_the_audit_and_never_another_schools(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school, other = await make_school(pages_api), await make_school(pages_api)
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        refused = await curator.get("/cabinet/audit")
        assert refused.status_code == 403 and "оператор или руководитель" in refused.text
    async with cabinet_of(pages_app, pages_api, school.head) as head:
        elsewhere = await head.get("/cabinet/audit", params={"organisation_id": other.organisation_id})
        assert elsewhere.status_code == 404
