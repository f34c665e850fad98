"""«Мои пары» over ASGI (no browser): a mentor logs a meeting from the page; a mentee sees what she owes,
answers the round's questionnaire (a refused answer keeps what was typed) and reads her answers back."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.items import OpenItems, open_items_with, round_items
from tests.api.conftest import make_school, user
from tests.api.flows import consent_all, pupil_pair
from tests.api.test_round_questionnaires_api import round_opening_today
from tests.web.pages import cabinet_of, post_form


async def test_a_mentor_logs_a_meeting_from_my_pairs(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pair, mentor, mentee = await pupil_pair(pages_api, school.curator)
    for person in (mentor, mentee):  # the trial meeting needs the written consents (000 §2.3–2.4)
        await consent_all(pages_api, school.curator, person, minor=True)
    headers = await user(pages_api, "mentor", organisation_id=school.organisation_id, participant_id=mentor)
    async with cabinet_of(pages_app, pages_api, headers) as mentor_page:
        my = await mentor_page.get("/cabinet/my")
        assert my.status_code == 200 and "Сидорова Аня" in my.text and f'id="meeting-{pair}"' in my.text
        logged = await post_form(
            mentor_page,
            "/cabinet/my",
            f"/cabinet/pairs/{pair}/meeting",
            {
                "back": "/cabinet/my?done=meeting",
                "kind": "trial",
                "held_on": "2026-11-20",
                "format": "online",
            },
        )
        assert logged.status_code == 303 and logged.headers["location"] == "/cabinet/my?done=meeting"
        after = await mentor_page.get(logged.headers["location"])
        assert "Встреча отмечена." in after.text and "1 встреча" in after.text


async def test_a_mentee_answers_the_rounds_questionnaire_and_reads_it_back(
    pages_app: FastAPI, pages_api: httpx.AsyncClient, env: WorkflowEnvironment, worker: Worker
) -> None:
    school = await make_school(pages_api)
    pair, _mentor, mentee = await pupil_pair(pages_api, school.curator)
    headers = await user(pages_api, "mentee", organisation_id=school.organisation_id, participant_id=mentee)
    opened = round_opening_today(school, worker)
    await open_items_with(env.client, OpenItems(items=round_items(opened), task_queue=worker.task_queue))
    questions = (
        await pages_api.get(
            "/monitoring/questionnaires/form",
            headers=headers,
            params={"round_id": opened.round_id, "pair_id": pair},
        )
    ).json()["version"]["questions"]
    answers: dict[str, str] = {}
    for q in questions:
        key = f"q_{q['id']}"
        answers[key] = (
            str(q["scale_max"])
            if q["kind"] == "scale"
            else q["options"][0]
            if q["kind"] == "closed"
            else "Мне нравится"
        )
    form_path = f"/cabinet/my/questionnaire?round_id={opened.round_id}&pair_id={pair}"
    async with cabinet_of(pages_app, pages_api, headers) as mentee_page:
        my = await mentee_page.get("/cabinet/my")
        assert "Анкета мониторинга" in my.text and "Заполнить анкету" in my.text
        required = (
            next(q for q in questions if q["required"] and q["kind"] == "open")
            if any(q["required"] and q["kind"] == "open" for q in questions)
            else next(q for q in questions if q["required"])
        )
        partial = {**answers, f"q_{required['id']}": ""}
        refused = await post_form(
            mentee_page,
            form_path,
            "/cabinet/my/questionnaire",
            {"round_id": opened.round_id, "pair_id": pair, **partial},
        )
        assert refused.status_code == 422 and "ответ обязателен" in refused.text
        kept = next(v for k, v in partial.items() if v and k != f"q_{required['id']}")
        assert kept in refused.text
        sent = await post_form(
            mentee_page,
            form_path,
            "/cabinet/my/questionnaire",
            {"round_id": opened.round_id, "pair_id": pair, **answers},
        )
        assert sent.status_code == 303
        assert "Анкета отправлена" in (await mentee_page.get("/cabinet/my?done=questionnaire")).text
        read_back = await mentee_page.get(form_path)
        assert "Ваши ответы" in read_back.text and questions[0]["text"] in read_back.text
