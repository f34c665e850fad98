"""Questionnaires as data (004 §8.1): a round is answered against the version it opened with, whatever the
district publishes later; answers are validated against that version; the curator reads the answers of
their own school only."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import httpx
from sqlmodel import select
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.items import OpenItems, OpenRound, open_items_with, round_items
from db.models import QuestionnaireAnswer
from db.questionnaire_store import pin_opening_round
from db.session import session_scope
from tests.api.conftest import School, make_school, user
from tests.api.flows import pupil_pair

MENTOR_ANSWERS: dict[str, Any] = {
    "satisfaction": 5,
    "regularity": 4,
    "engagement": 4,
    "curator_support": 3,
    "training_use": 5,
    "format": "очно",
    "continue": "да",
    "success": "Аня решила олимпиадную задачу сама",
}


async def open_round(env: WorkflowEnvironment, worker: Worker, school: School, round_id: str) -> None:
    """What the `open_round` activity does when the school's round opens: pin the versions, open items."""
    today = date.today()
    command = OpenRound(
        organisation_id=school.organisation_id,
        district=school.district,
        round_id=round_id,
        opens_on=today,
        due_on=today + timedelta(days=14),
        task_queue=worker.task_queue,
    )
    await asyncio.to_thread(pin_opening_round, school.organisation_id, school.district, round_id)
    await open_items_with(env.client, OpenItems(items=round_items(command), task_queue=worker.task_queue))


def replaced_mentor_questionnaire() -> dict[str, Any]:
    return {
        "title": "Анкета наставника (район)",
        "questions": [
            {"id": "mood", "text": "Как вам работается в паре?", "kind": "scale", "scale_max": 10},
            {"id": "notes", "text": "Замечания", "kind": "open", "required": False},
        ],
    }


async def test_a_round_is_answered_against_the_version_it_opened_with(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment, worker: Worker
) -> None:
    pair, mentor, _ = await pupil_pair(api, school.curator)
    mentor_token = await user(api, "mentor", participant_id=mentor, organisation_id=school.organisation_id)
    coordinator = await user(api, "coordinator", district=school.district)
    await open_round(env, worker, school, "2031-12")

    published = await api.post(
        "/questionnaires/mentor/versions", headers=coordinator, json=replaced_mentor_questionnaire()
    )
    assert published.status_code == 201, published.text
    assert published.json()["version"] == 2

    form = (
        await api.get(
            f"/monitoring/questionnaires/form?round_id=2031-12&pair_id={pair}", headers=mentor_token
        )
    ).json()
    assert (form["version"]["version"], form["version"]["district"]) == (1, None)
    assert [q["id"] for q in form["version"]["questions"]][:2] == ["satisfaction", "regularity"]

    refused = await api.post(
        "/monitoring/questionnaires",
        headers=mentor_token,
        json={"round_id": "2031-12", "pair_id": pair, "answers": {"mood": 7}},
    )
    assert refused.status_code == 422
    assert (refused.json()["rule"], refused.json()["field"]) == ("unknown_question", "answers.mood")

    body = {"round_id": "2031-12", "pair_id": pair, "answers": MENTOR_ANSWERS}
    accepted = await api.post("/monitoring/questionnaires", headers=mentor_token, json=body)
    assert accepted.status_code == 201, accepted.text
    with session_scope() as session:
        [stored] = session.exec(select(QuestionnaireAnswer).where(QuestionnaireAnswer.pair_id == pair)).all()
    assert stored.questionnaire_version_id == form["version"]["id"]
    assert stored.answers["satisfaction"] == 5

    # The next round opens after the district published: it uses the district's version 2.
    await open_round(env, worker, school, "2032-05")
    later = await api.get(
        f"/monitoring/questionnaires/form?round_id=2032-05&pair_id={pair}", headers=mentor_token
    )
    assert later.json()["version"]["version"] == 2
    assert [q["id"] for q in later.json()["version"]["questions"]] == ["mood", "notes"]


async def test_answers_outside_the_scale_or_the_options_or_missing_are_refused_naming_the_question(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment, worker: Worker
) -> None:
    pair, mentor, _ = await pupil_pair(api, school.curator)
    mentor_token = await user(api, "mentor", participant_id=mentor, organisation_id=school.organisation_id)
    await open_round(env, worker, school, "2031-12")
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"satisfaction": 6}, "scale_range", "answers.satisfaction"),
        ({"format": "по переписке"}, "closed_option", "answers.format"),
        ({"regularity": None}, "answer_required", "answers.regularity"),
    ]
    for change, rule, field in cases:
        answers = {k: v for k, v in (MENTOR_ANSWERS | change).items() if v is not None}
        response = await api.post(
            "/monitoring/questionnaires",
            headers=mentor_token,
            json={"round_id": "2031-12", "pair_id": pair, "answers": answers},
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert (response.json()["rule"], response.json()["field"]) == (rule, field)


async def test_the_same_answers_again_store_nothing_and_different_ones_are_refused(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment, worker: Worker
) -> None:
    pair, mentor, _ = await pupil_pair(api, school.curator)
    mentor_token = await user(api, "mentor", participant_id=mentor, organisation_id=school.organisation_id)
    await open_round(env, worker, school, "2031-12")
    body = {"round_id": "2031-12", "pair_id": pair, "answers": MENTOR_ANSWERS}
    for _ in range(2):
        assert (
            await api.post("/monitoring/questionnaires", headers=mentor_token, json=body)
        ).status_code == 201
    with session_scope() as session:
        assert (
            len(session.exec(select(QuestionnaireAnswer).where(QuestionnaireAnswer.pair_id == pair)).all())
            == 1
        )
    changed = body | {"answers": MENTOR_ANSWERS | {"satisfaction": 1}}
    response = await api.post("/monitoring/questionnaires", headers=mentor_token, json=changed)
    assert (response.status_code, response.json()["rule"]) == (409, "questionnaire_submitted")


async def test_a_pupil_mentee_gets_the_pupil_variant(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment, worker: Worker
) -> None:
    pair, _, mentee = await pupil_pair(api, school.curator)
    mentee_token = await user(api, "mentee", participant_id=mentee, organisation_id=school.organisation_id)
    await open_round(env, worker, school, "2031-12")
    form = await api.get(
        f"/monitoring/questionnaires/form?round_id=2031-12&pair_id={pair}", headers=mentee_token
    )
    assert form.json()["version"]["respondent"] == "mentee_pupil"
    assert form.json()["version"]["title"] == "Анкета наставляемого (обучающийся)"


async def test_the_curator_reads_the_answers_of_their_school_and_no_other(
    api: httpx.AsyncClient, school: School, env: WorkflowEnvironment, worker: Worker
) -> None:
    pair, mentor, _ = await pupil_pair(api, school.curator)
    mentor_token = await user(api, "mentor", participant_id=mentor, organisation_id=school.organisation_id)
    await open_round(env, worker, school, "2031-12")
    body = {"round_id": "2031-12", "pair_id": pair, "answers": MENTOR_ANSWERS}
    assert (await api.post("/monitoring/questionnaires", headers=mentor_token, json=body)).status_code == 201

    answers = (await api.get("/monitoring/rounds/2031-12/answers", headers=school.curator)).json()
    assert [(a["respondent_name"], a["role"], a["answers"]["success"]) for a in answers] == [
        ("Петров Илья", "наставник", "Аня решила олимпиадную задачу сама")
    ]
    other = await make_school(api, school.district)
    path = f"/monitoring/rounds/2031-12/answers?organisation_id={school.organisation_id}"
    assert (await api.get(path, headers=other.curator)).status_code == 404
    coordinator = await user(api, "coordinator", district=school.district)
    assert (await api.get(path, headers=coordinator)).status_code == 403


async def test_only_the_coordinator_publishes_and_the_same_content_twice_is_one_version(
    api: httpx.AsyncClient, school: School
) -> None:
    refused = await api.post(
        "/questionnaires/mentor/versions", headers=school.curator, json=replaced_mentor_questionnaire()
    )
    assert (refused.status_code, refused.json()["rule"]) == (403, "coordinator_only")
    coordinator = await user(api, "coordinator", district=school.district)
    first = await api.post(
        "/questionnaires/mentor/versions", headers=coordinator, json=replaced_mentor_questionnaire()
    )
    again = await api.post(
        "/questionnaires/mentor/versions", headers=coordinator, json=replaced_mentor_questionnaire()
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    in_force = (await api.get("/questionnaires", headers=school.curator)).json()
    assert {q["respondent"]: q["version"] for q in in_force} == {
        "mentor": 2,
        "mentee_pupil": 1,
        "mentee_teacher": 1,
        "curator": 1,
    }
