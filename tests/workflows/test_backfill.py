"""A school starts mid-year and types in what already happened (issue 12 point 20), on the time-skipping
server: October's and November's meetings recorded on 30 November, every 14 days, tell nobody that the
pair lapsed (`no_meeting_counts_from_implementation`); an item opened after its steps' dates starts at the
level its due date implies and sends no burst of past notices (`late_item_starts_at_its_level`); and what a
person is told is due is the day the ladder counts from (`deadline_on_a_working_day`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest_asyncio
from sqlmodel import col, select
from temporalio.testing import WorkflowEnvironment

from activities.items import OpenItems, open_items_with
from api.app import create_app
from db.models import AuditEvent, Escalation, OverdueItemRow
from db.notification_models import Notification
from db.session import session_scope
from domain.escalation import ItemKind, OverdueItem
from tests.api.conftest import ADMIN, user
from tests.api.flows import consent_all, person
from tests.conftest import start_time_skipping_server
from tests.waiting import eventually
from worker import build_worker


@pytest_asyncio.fixture
async def backfill_env() -> AsyncIterator[WorkflowEnvironment]:
    """A server of its own per test: each moves the clock, and a stopped worker's timers left on a shared
    server would hold its clock back."""
    environment = await start_time_skipping_server()
    yield environment
    await environment.shutdown()


async def until(env: WorkflowEnvironment, moment: datetime) -> None:
    now = await env.get_current_time()
    if moment - now > timedelta(minutes=1):
        await env.sleep(moment - now)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def notices(organisation_id: str) -> list[tuple[str, str, str]]:
    """(level, item, body) of every notification written for the school."""
    with session_scope() as session:
        rows = session.exec(select(Notification).where(Notification.organisation_id == organisation_id)).all()
        return [(n.level, n.item_id, n.body) for n in rows]


async def school_with_people(api: httpx.AsyncClient) -> tuple[str, str, dict[str, str]]:
    school, district = f"school-{uuid4().hex[:8]}", f"district-{uuid4().hex[:6]}"
    created = await api.post(
        "/admin/organisations", headers=ADMIN, json={"id": school, "name": "Лицей №2", "district": district}
    )
    assert created.status_code == 201, created.text
    curator = await user(api, "curator", organisation_id=school)
    await user(api, "head", organisation_id=school)
    await user(api, "coordinator", district=district)
    return school, district, curator


async def test_back_filled_meetings_tell_nobody_the_pair_lapsed(
    backfill_env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> None:
    env, task_queue = backfill_env, f"backfill-{uuid4()}"
    app = create_app(env.client, task_queue)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://backfill.test") as api,
        build_worker(env.client, task_queue, activity_executor),
    ):
        await until(env, at("2027-11-29"))
        school, _district, curator = await school_with_people(api)
        mentor = await person(api, curator, kind="teacher", full_name="Орлова Анна", years_of_experience=20)
        mentee = await person(api, curator, kind="teacher", full_name="Зайцев Олег", years_of_experience=1)
        for who in (mentor, mentee):
            await consent_all(api, curator, who, minor=False)
        pair = await api.post(
            "/pairs",
            headers=curator,
            json={
                "form": "teacher_teacher",
                "mentor_ids": [mentor],
                "mentee_ids": [mentee],
                "planned_start": "2027-10-01",
                "planned_end": "2028-05-19",
            },
        )
        assert pair.status_code == 201, pair.text
        pair_id = pair.json()["id"]

        async def ok(response: Any) -> None:
            response = await response
            assert response.status_code in (200, 201), response.text

        await ok(
            api.post(
                f"/pairs/{pair_id}/order", headers=curator, json={"number": "7-о", "signed_on": "2027-09-30"}
            )
        )
        await ok(api.post(f"/pairs/{pair_id}/transitions", headers=curator, json={"to_stage": "design"}))
        plan = {
            "goals": ["Освоить классное руководство"],
            "schedule": ["2027-10-04"],
            "cadence_days": 14,
            "format": "in_person",
            "starts_on": "2027-10-01",
            "ends_on": "2028-05-19",
        }
        await ok(api.post(f"/pairs/{pair_id}/plan", headers=curator, json=plan))
        await ok(
            api.post(f"/pairs/{pair_id}/transitions", headers=curator, json={"to_stage": "implementation"})
        )
        await until(env, at("2027-11-30"))
        # Typed in on one day: the meetings held since October, every 14 days.
        for held_on in ("2027-10-04", "2027-10-18", "2027-11-01", "2027-11-15", "2027-11-29"):
            body = {"kind": "regular", "held_on": held_on, "format": "in_person"}
            await ok(api.post(f"/pairs/{pair_id}/meetings", headers=curator, json=body))
        await until(env, at("2027-12-10"))
        told = notices(school)
    overdue = [(level, item) for level, item, _ in told if "no_meeting" in item]
    assert overdue == [], overdue
    assert [level for level, _, _ in told if level in ("head", "coordinator")] == []


async def test_an_item_opened_late_starts_at_its_level_without_past_notices(
    backfill_env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> None:
    env, task_queue = backfill_env, f"late-{uuid4()}"
    app = create_app(env.client, task_queue)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://late.test") as api,
        build_worker(env.client, task_queue, activity_executor),
    ):
        school, district, _curator = await school_with_people(api)
        today = (await env.get_current_time()).date()
        # Due 9 days ago on a working day: the owner's, the curator's and the head's steps have passed.
        due = today - timedelta(days=9)
        while due.weekday() >= 5:
            due -= timedelta(days=1)
        item = OverdueItem(
            item_id=f"stage_deadline-late-{uuid4().hex[:8]}",
            kind=ItemKind.STAGE_DEADLINE,
            organisation_id=school,
            district=district,
            due_on=due,
        )
        await open_items_with(env.client, OpenItems(items=[item], task_queue=task_queue))

        def row() -> OverdueItemRow | None:
            with session_scope() as session:
                return session.get(OverdueItemRow, item.item_id)

        async def level() -> str | None:
            found = row()
            return found.level if found else None

        reached = await eventually(level, lambda lv: lv is not None)
        assert reached in ("curator", "head")
        assert notices(school) == []  # no burst: nobody was told of steps whose dates had passed
        with session_scope() as session:
            audit = session.exec(select(AuditEvent).where(AuditEvent.subject_id == item.item_id)).all()
            fired = session.exec(select(Escalation).where(col(Escalation.item_id) == item.item_id)).all()
        assert [(a.action, a.reason) for a in audit] == [(f"escalated_{reached}", "opened_late")]
        assert fired == []
        # The coordinator's step is still ahead: it fires on its day, and is told.
        await until(env, datetime.combine(due + timedelta(days=21), datetime.min.time(), tzinfo=UTC))

        async def levels_told() -> list[str]:
            return [lv for lv, _, _ in notices(school)]

        assert await eventually(levels_told, lambda told: "coordinator" in told) == ["coordinator"]


async def test_deadline_on_a_working_day_the_notice_names_the_day_the_ladder_counts_from(
    backfill_env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> None:
    """An assessment due on 31 December 2027, a day of the new-year break, is said to be due on
    10.01.2028 — the day its ladder starts — never «31.12.2027»."""
    env, task_queue = backfill_env, f"shown-{uuid4()}"
    app = create_app(env.client, task_queue)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shown.test") as api,
        build_worker(env.client, task_queue, activity_executor),
    ):
        await until(env, at("2027-12-20"))
        school, district, _curator = await school_with_people(api)
        item = OverdueItem(
            item_id=f"entry_assessment-shown-{uuid4().hex[:8]}",
            kind=ItemKind.ENTRY_ASSESSMENT,
            organisation_id=school,
            district=district,
            opens_on=date(2027, 12, 20),
            due_on=date(2027, 12, 31),
        )
        await open_items_with(env.client, OpenItems(items=[item], task_queue=task_queue))
        await until(env, at("2028-01-12"))

        async def bodies() -> list[str]:
            return [body for _, _, body in notices(school)]

        told = await eventually(bodies, lambda found: any("куратору" in b for b in found))
    assert all("срок 10.01.2028" in b for b in told), told
    with session_scope() as session:
        fired = session.exec(select(Escalation).where(col(Escalation.item_id) == item.item_id)).all()
    assert min(e.at.date() for e in fired) == date(2028, 1, 10)
