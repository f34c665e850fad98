"""Input can never poison a workflow (issue 13, point 2): the values that once broke workflows for good are
refused at the API's edge with a Russian problem naming the field and the rule, and a workflow that meets
one anyway (a command sent past the API) refuses that command without failing a workflow task."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import httpx
import pytest
import pytest_asyncio
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from domain import pair_events as ev
from domain.actors import Actor, Role
from domain.pair import TermChangeRequest
from tests.api.conftest import School, make_school
from tests.api.helpers_matrix import assert_problem, serving_api, stand_at, teacher
from workflows.errors import from_application_error
from workflows.pair import PairWorkflow


@pytest_asyncio.fixture(scope="module")
async def api(
    env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> AsyncIterator[httpx.AsyncClient]:
    async with serving_api(env, activity_executor) as client:
        yield client


@pytest_asyncio.fixture(scope="module")
async def school(api: httpx.AsyncClient) -> School:
    return await make_school(api)


POLICIES: list[tuple[dict[str, Any], str, str]] = [
    ({"escalation": {"preparatory_days": 999_999_999}}, "escalation.preparatory_days", "less_than_equal"),
    ({"escalation": {"meeting_grace_days": 999_999_999}}, "escalation.meeting_grace_days", "less_than_equal"),
    ({"escalation": {"ladder": {"coordinator": 10_000}}}, "escalation.ladder.coordinator", "less_than_equal"),
    (
        {"escalation": {"calendar": {"recurring": [{"starts": "01-01", "ends": "12-31"}]}}},
        "escalation.calendar",
        "calendar_leaves_working_days",
    ),
    (
        {"escalation": {"calendar": {"recurring": [{"starts": "02-30", "ends": "03-01"}]}}},
        "escalation.calendar.recurring.0.starts",
        "month_day_exists",
    ),
    (
        {"escalation": {"calendar": {"holidays": [{"starts": "9999-01-01", "ends": "9999-01-02"}]}}},
        "escalation.calendar.holidays.0.starts",
        "date_in_era",
    ),
]


@pytest.mark.parametrize(("body", "field", "rule"), POLICIES, ids=[rule for _, _, rule in POLICIES])
async def test_a_policy_out_of_bounds_is_refused_and_pairs_still_start(
    api: httpx.AsyncClient, school: School, body: dict[str, Any], field: str, rule: str
) -> None:
    path = f"/organisations/{school.organisation_id}/policy"
    refused = assert_problem(await api.put(path, headers=school.curator, json=body), 422, rule, field)
    assert "Поле" in refused["detail"]
    # Nothing of it was stored: the next pair starts, and its workflow runs its first task.
    stand = await stand_at(api, school, "preparatory")
    assert (await api.get(f"/pairs/{stand.pair_id}", headers=school.curator)).status_code == 200


ACADEMIC_YEARS = [
    ("0000/00", "academic_year_range"),
    ("9999/00", "academic_year_range"),
    ("2026/28", "academic_year_consecutive"),
    ("2026-27", "academic_year_format"),
]


@pytest.mark.parametrize(("year", "rule"), ACADEMIC_YEARS, ids=[y for y, _ in ACADEMIC_YEARS])
async def test_an_academic_year_out_of_bounds_is_refused(
    api: httpx.AsyncClient, school: School, year: str, rule: str
) -> None:
    response = await api.post(
        "/programmes", headers=school.curator, json={"title": "Программа", "academic_year": year}
    )
    assert_problem(response, 422, rule, "academic_year")


async def test_a_pair_planned_decades_ahead_is_refused_before_anything_starts(
    api: httpx.AsyncClient, school: School
) -> None:
    """One pair planned in 2080 once started 54 monitoring workflows."""
    mentor, mentee = await teacher(api, school.curator, 10), await teacher(api, school.curator, 1)
    pairs_before = (await api.get("/pairs", headers=school.curator)).json()["total"]
    body = {
        "form": "teacher_teacher",
        "mentor_ids": [mentor],
        "mentee_ids": [mentee],
        "planned_start": "2080-01-10",
        "planned_end": "2080-09-10",
    }
    assert_problem(await api.post("/pairs", headers=school.curator, json=body), 422, "date_near_today")
    body |= {"planned_start": "9999-01-10", "planned_end": "9999-12-31"}
    assert_problem(await api.post("/pairs", headers=school.curator, json=body), 422, "date_in_era")
    assert (await api.get("/pairs", headers=school.curator)).json()["total"] == pairs_before


async def test_a_term_change_to_year_9999_is_refused_at_once(api: httpx.AsyncClient, school: School) -> None:
    stand = await stand_at(api, school, "design")
    body = {"new_end": "9999-12-31", "mentor_agrees": True, "mentee_agrees": True, "override_reason": "так"}
    response = await api.post(f"/pairs/{stand.pair_id}/extension", headers=school.curator, json=body)
    assert_problem(response, 422, "date_in_era", "new_end")
    body["new_end"] = "2035-06-30"  # in the era, but an overridden term still ends within three years
    response = await api.post(f"/pairs/{stand.pair_id}/extension", headers=school.curator, json=body)
    assert_problem(response, 422, "term_override_range", "new_end")


async def test_a_workflow_refuses_an_impossible_command_sent_past_the_api(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment
) -> None:
    """The workflow's own guard and its rehearsal refuse the Update; no workflow task fails."""
    stand = await stand_at(api, school, "design")
    workflow_id = (await api.get(f"/pairs/{stand.pair_id}", headers=school.curator)).json()["workflow_id"]
    handle = env.client.get_workflow_handle(workflow_id)
    curator = Actor(user_id="curator-of-the-test", role=Role.CURATOR, organisation_id=school.organisation_id)
    for new_end in (date(9999, 12, 31), date(2090, 1, 1)):
        command = ev.ChangeTerm(
            actor=curator,
            request=TermChangeRequest(
                new_end=new_end, mentor_agrees=True, mentee_agrees=True, override_reason="обоснование"
            ),
        )
        with pytest.raises(WorkflowUpdateFailedError) as refused:
            await handle.execute_update(PairWorkflow.change_term, command)
        assert isinstance(refused.value.cause, ApplicationError)
        domain_error = from_application_error(refused.value.cause)
        assert domain_error is not None and domain_error.rule == "term_override_range"
    failed = [
        event
        async for event in handle.fetch_history_events()
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED
    ]
    assert failed == []
    assert (await api.get(f"/pairs/{stand.pair_id}", headers=school.curator)).json()["stage"] == "design"
