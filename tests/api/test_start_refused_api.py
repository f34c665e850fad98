"""A workflow Temporal refuses to start leaves nothing behind (issue 13 §1): the API answers 503 with the
rule `temporal_unavailable`, and no pair or programme row is left to answer every later command with 404.
The refusal is a real one: a time-skipping server on which the workflows' search attributes were never
registered refuses every start that sets them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest_asyncio
from sqlmodel import select
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from db.models import Pair, PairMember, Programme
from db.session import session_scope
from tests.api.conftest import School, make_school
from tests.api.helpers_matrix import END, START, assert_problem, serving_api, teacher
from tests.conftest import binary


@pytest_asyncio.fixture(scope="module")
async def refusing_env() -> AsyncIterator[WorkflowEnvironment]:
    environment = await WorkflowEnvironment.start_time_skipping(
        data_converter=pydantic_data_converter, test_server_existing_path=binary("temporal-test-server")
    )
    yield environment
    await environment.shutdown()


@pytest_asyncio.fixture(scope="module")
async def api(
    refusing_env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> AsyncIterator[httpx.AsyncClient]:
    async with serving_api(refusing_env, activity_executor) as client:
        yield client


def rows_of(organisation_id: str) -> tuple[list[Pair], list[PairMember], list[Programme]]:
    with session_scope() as session:
        pairs = list(session.exec(select(Pair).where(Pair.organisation_id == organisation_id)))
        members = [
            member
            for pair in pairs
            for member in session.exec(select(PairMember).where(PairMember.pair_id == pair.id))
        ]
        programmes = list(session.exec(select(Programme).where(Programme.organisation_id == organisation_id)))
        return pairs, members, programmes


async def test_a_pair_whose_workflow_temporal_refuses_leaves_no_row(api: httpx.AsyncClient) -> None:
    school: School = await make_school(api)
    mentor, mentee = await teacher(api, school.curator, 10), await teacher(api, school.curator, 1)
    body = {
        "form": "teacher_teacher",
        "mentor_ids": [mentor],
        "mentee_ids": [mentee],
        "planned_start": START,
        "planned_end": END,
    }
    response = await api.post("/pairs", headers=school.curator, json=body)
    assert_problem(response, 503, "temporal_unavailable")
    assert rows_of(school.organisation_id) == ([], [], [])
    assert (await api.get("/pairs", headers=school.curator)).json()["total"] == 0


async def test_a_programme_whose_workflow_temporal_refuses_leaves_no_row(api: httpx.AsyncClient) -> None:
    school: School = await make_school(api)
    body = {"title": "Программа наставничества", "academic_year": "2026/27"}
    response = await api.post("/programmes", headers=school.curator, json=body)
    assert_problem(response, 503, "temporal_unavailable")
    assert rows_of(school.organisation_id) == ([], [], [])
