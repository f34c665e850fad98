"""Half-yearly monitoring follows the school's pairs, not only its programmes (000 §VII; 003 §2.4).

A school that forms pairs by hand, without a programme, still answers the December and May rounds: forming
a pair starts the school's monitoring for every school year the pair spans, once per school and year.
"""

from __future__ import annotations

import json
from datetime import date

import httpx
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from application import monitoring_rounds
from domain.calendar import add_months
from domain.monitoring import MonitoringRound, academic_year_of
from tests.api.conftest import School
from tests.api.flows import pupil_pair
from tests.api.helpers_matrix import teacher
from workflows.monitoring import MonitoringWorkflow, monitoring_workflow_id


async def monitoring_of(env: WorkflowEnvironment, school: School, year: str) -> list[MonitoringRound]:
    handle = env.client.get_workflow_handle(monitoring_workflow_id(school.organisation_id, year))
    assert (await handle.describe()).status is WorkflowExecutionStatus.RUNNING
    return await handle.query(MonitoringWorkflow.schedule)


async def test_a_pair_formed_without_a_programme_starts_the_school_monitoring(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment
) -> None:
    await pupil_pair(api, school.curator)
    year = academic_year_of(date.today())
    rounds = await monitoring_of(env, school, year)
    assert [r.due_on.month for r in rounds] == [12, 5]


async def test_a_second_pair_keeps_the_monitoring_already_running(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment
) -> None:
    await pupil_pair(api, school.curator)
    first = await env.client.get_workflow_handle(
        monitoring_workflow_id(school.organisation_id, academic_year_of(date.today()))
    ).describe()
    monitoring_rounds._seen.clear()  # as a second API process would: it asks Temporal and finds it running
    await pupil_pair(api, school.curator)
    again = await env.client.get_workflow_handle(first.id).describe()
    assert again.run_id == first.run_id


async def test_a_pair_running_into_the_next_school_year_starts_monitoring_for_both(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment
) -> None:
    today = date.today()
    end = add_months(today, 12)  # the longest term: always past the next 1 September
    mentor = await teacher(api, school.curator, 10, "Орлова Нина Павловна")
    mentee = await teacher(api, school.curator, 1, "Белов Олег Игоревич")
    response = await api.post(
        "/pairs",
        headers=school.curator,
        json={
            "form": "teacher_teacher",
            "role_model": "опытный педагог — молодой специалист",
            "mentor_ids": [mentor],
            "mentee_ids": [mentee],
            "planned_start": today.isoformat(),
            "planned_end": end.isoformat(),
        },
    )
    assert response.status_code == 201, response.text
    assert academic_year_of(today) != academic_year_of(end)
    for year in (academic_year_of(today), academic_year_of(end)):
        assert len(await monitoring_of(env, school, year)) == 2


async def test_a_school_sets_its_time_zone_and_an_unknown_one_is_refused_in_russian(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment
) -> None:
    path = f"/organisations/{school.organisation_id}/policy"
    refused = await api.put(path, headers=school.curator, json={"escalation": {"time_zone": "Новосибирск"}})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["field"] == "escalation.time_zone"
    assert "не название часового пояса" in problem["detail"]
    assert (await api.get(path, headers=school.curator)).json()["escalation"]["time_zone"] == "Europe/Moscow"

    kept = await api.put(path, headers=school.curator, json={"escalation": {"time_zone": "Asia/Novosibirsk"}})
    assert kept.status_code == 200, kept.text
    assert (await api.get(path, headers=school.curator)).json()["escalation"][
        "time_zone"
    ] == "Asia/Novosibirsk"

    await pupil_pair(api, school.curator)  # the school's monitoring opens its rounds on its own morning
    handle = env.client.get_workflow_handle(
        monitoring_workflow_id(school.organisation_id, academic_year_of(date.today()))
    )
    started = await handle.fetch_history()
    [first] = [e for e in started.events if e.HasField("workflow_execution_started_event_attributes")]
    given = json.loads(first.workflow_execution_started_event_attributes.input.payloads[0].data)
    assert given["time_zone"] == "Asia/Novosibirsk"
