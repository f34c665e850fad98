"""Helpers of the access-matrix, problem and command tests: one API per module, stands at a given stage."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import httpx
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.api.conftest import School, user
from tests.api.flows import PLAN, consent_all, person
from worker import build_worker

Headers = dict[str, str]
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
START, END = "2026-10-01", "2027-05-20"
# The stages a stand can be brought to; "ready" is preparatory with every consent and the order in place.
STAND_STAGES = ("preparatory", "ready", "design", "implementation", "reflective", "result")


@asynccontextmanager
async def serving_api(
    env: WorkflowEnvironment, executor: ThreadPoolExecutor
) -> AsyncIterator[httpx.AsyncClient]:
    """The API in-process over a real worker on a fresh task queue, shared by the tests of one module."""
    worker = build_worker(env.client, task_queue=f"tq-{uuid4()}", executor=executor)
    async with worker:
        app = create_app(env.client, worker.task_queue)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://nastavnik.test") as client:
            yield client


def days_ago(days: int) -> str:
    """A meeting date that has certainly begun everywhere in Russia."""
    return (date.today() - timedelta(days=days)).isoformat()


async def user_id(api: httpx.AsyncClient, headers: Headers) -> str:
    response = await api.get("/me", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["user_id"])


async def ok(api: httpx.AsyncClient, headers: Headers, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST a command that must be accepted; returns the body."""
    response = await api.post(path, headers=headers, json=body)
    assert response.status_code in (200, 201), (path, response.status_code, response.text)
    result: dict[str, Any] = response.json()
    return result


async def detail(api: httpx.AsyncClient, headers: Headers, pair_id: str) -> dict[str, Any]:
    response = await api.get(f"/pairs/{pair_id}", headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def assert_problem(
    response: httpx.Response, status: int, rule: str | None = None, field: str | None = None
) -> dict[str, Any]:
    """An RFC 9457 body naming the rule (and the field), with a Russian detail a curator can read."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "rule", "field"} <= body.keys()
    assert CYRILLIC.search(body["detail"]), body["detail"]
    if rule is not None:
        assert body["rule"] == rule, body
    if field is not None:
        assert body["field"] == field, body
    return body


async def teacher(api: httpx.AsyncClient, curator: Headers, years: float, name: str = "Учитель") -> str:
    return await person(api, curator, kind="teacher", full_name=name, years_of_experience=years)


@dataclass
class Stand:
    """A pair or group of one school with the user accounts of its mentor and first mentee."""

    school: School
    pair_id: str
    mentor_id: str
    mentee_ids: list[str]
    mentor: Headers
    mentee: Headers

    @property
    def curator(self) -> Headers:
        return self.school.curator

    @property
    def mentee_id(self) -> str:
        return self.mentee_ids[0]


async def teacher_stand(
    api: httpx.AsyncClient,
    school: School,
    mentee_years: tuple[float, ...] = (1,),
    programme_id: str | None = None,
) -> Stand:
    """A teacher–teacher pair (one mentee) or group (several): a mentor with 10 years of experience and
    young specialists of 0–3 years."""
    mentor_id = await teacher(api, school.curator, 10, "Соколова Елена Викторовна")
    mentee_ids = [
        await teacher(api, school.curator, years, f"Молодой специалист {n}")
        for n, years in enumerate(mentee_years, 1)
    ]
    if programme_id is not None:  # 004 §6.1 stages 3–4: a programme's mentor is selected and trained
        for someone in [mentor_id, *mentee_ids]:
            await consent_all(api, school.curator, someone, minor=False)
        selected = {
            "questionnaire_on": "2026-09-10",
            "interview_on": "2026-09-12",
            "trained_on": "2026-09-20",
        }
        base = await api.put(
            f"/programmes/{programme_id}/mentors/{mentor_id}", headers=school.curator, json=selected
        )
        assert base.status_code == 200, base.text
    body: dict[str, Any] = {
        "form": "teacher_teacher",
        "kind": "group" if len(mentee_ids) > 1 else "traditional",
        "role_model": "опытный педагог — молодой специалист",
        "mentor_ids": [mentor_id],
        "mentee_ids": mentee_ids,
        "planned_start": START,
        "planned_end": END,
        "programme_id": programme_id,
    }
    created = await ok(api, school.curator, "/pairs", body)
    org = school.organisation_id
    return Stand(
        school=school,
        pair_id=str(created["id"]),
        mentor_id=mentor_id,
        mentee_ids=mentee_ids,
        mentor=await user(api, "mentor", organisation_id=org, participant_id=mentor_id),
        mentee=await user(api, "mentee", organisation_id=org, participant_id=mentee_ids[0]),
    )


async def bring_to(api: httpx.AsyncClient, stand: Stand, stage: str) -> Stand:
    """Take a stand from preparatory to `stage` the way a curator does, each step accepted."""
    assert stage in STAND_STAGES, stage
    steps = STAND_STAGES.index(stage)
    curator, pair = stand.curator, f"/pairs/{stand.pair_id}"
    if steps >= 1:
        for participant in [stand.mentor_id, *stand.mentee_ids]:
            await consent_all(api, curator, participant, minor=False)
        await ok(api, curator, f"{pair}/order", {"number": "17-о", "signed_on": "2026-09-28"})
    if steps >= 2:
        await ok(api, curator, f"{pair}/transitions", {"to_stage": "design"})
    if steps >= 3:
        await ok(api, curator, f"{pair}/plan", PLAN)
        await ok(api, curator, f"{pair}/transitions", {"to_stage": "implementation"})
    if steps >= 4:
        final = {"kind": "final", "held_on": days_ago(2), "format": "in_person"}
        await ok(api, curator, f"{pair}/meetings", final)
        await ok(api, curator, f"{pair}/transitions", {"to_stage": "reflective"})
    if steps >= 5:
        for kind in ("mentor_report", "mentee_reflection"):
            await ok(api, curator, f"{pair}/reflections", {"kind": kind, "text": "Итоги записаны."})
        await ok(api, curator, f"{pair}/transitions", {"to_stage": "result"})
    return stand


async def stand_at(
    api: httpx.AsyncClient, school: School, stage: str, mentee_years: tuple[float, ...] = (1,)
) -> Stand:
    return await bring_to(api, await teacher_stand(api, school, mentee_years), stage)
