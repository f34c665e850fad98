"""The plan page over ASGI (no browser): a form refused by a rule is shown open with the rule's Russian text
and what was typed; a person offered no form cannot forge it; another school's pair is the API's 404 and a
coordinator reads no plan texts."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from tests.api.conftest import make_school, user
from tests.api.flows import PLAN, pupil_pair
from tests.web.pages import cabinet_of, post_form


async def test_a_forged_approval_or_result_is_refused_with_the_rules_words(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pair, mentor, _mentee = await pupil_pair(pages_api, school.curator)
    mentor_headers = await user(
        pages_api, "mentor", organisation_id=school.organisation_id, participant_id=mentor
    )
    drafted = await pages_api.post(f"/pairs/{pair}/plan", headers=mentor_headers, json=PLAN)
    assert drafted.status_code == 200, drafted.text
    [draft] = (await pages_api.get(f"/pairs/{pair}/plan/drafts", headers=school.curator)).json()
    path = f"/cabinet/pairs/{pair}/plan"
    async with cabinet_of(pages_app, pages_api, mentor_headers) as mentor_page:
        html = (await mentor_page.get(path)).text
        assert "Утвердить план</button>" not in html and 'id="draft"' in html
        ids = re.findall(r' id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "every label names one field"
        forged = await post_form(mentor_page, path, f"{path}/approval/{draft['id']}", {})
        assert forged.status_code == 403
        assert 'role="alert"' in forged.text and "Индивидуальный план утверждает куратор." in forged.text

        # A forged intermediate result before implementation (its form is not offered yet): the refusal
        # is shown on top of the page, in the rule's words.
        refused = await post_form(
            mentor_page, path, f"{path}/result", {"achieved_on": "01.11.2026", "text": "Первая «4»"}
        )
        assert refused.status_code in (403, 409), refused.text
        assert "Не выполнено." in refused.text and "реализационном этапе" in refused.text


async def test_a_draft_form_refused_keeps_every_part_typed(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pair, _mentor, _mentee = await pupil_pair(pages_api, school.curator)
    path = f"/cabinet/pairs/{pair}/plan"
    typed = {
        "problem": "Проблема с дробями",
        "goals": "Дроби",
        "content": "Задачи после уроков",
        "planned_results": "Контрольная на «4»",
        "schedule": "05.11.2026",
        "cadence_days": "14",
        "format": "mixed",
        "kind": "traditional",
        "starts_on": "01.10.2026",
        "ends_on": "",
    }
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        refused = await post_form(curator, path, f"{path}/draft", typed)
        assert refused.status_code == 422 and "«Окончание»: заполните поле." in refused.text
        assert '<details class="command" id="draft" open>' in refused.text
        for text in ("Проблема с дробями", "Задачи после уроков", "Контрольная на «4»"):
            assert f"{text}</textarea>" in refused.text.replace("&#34;", '"')
        done = await post_form(curator, path, f"{path}/draft", typed | {"ends_on": "20.05.2027"})
        assert done.status_code == 303
        page = (await curator.get(done.headers["location"])).text
        assert "Индивидуальный план утверждён." in page and "Проблема с дробями" in page


async def test_another_schools_plan_is_not_found_and_a_coordinator_reads_no_plan(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school, other = await make_school(pages_api), await make_school(pages_api)
    pair, _mentor, _mentee = await pupil_pair(pages_api, school.curator)
    async with cabinet_of(pages_app, pages_api, other.curator) as stranger:
        page = await stranger.get(f"/cabinet/pairs/{pair}/plan")
        assert page.status_code == 404 and "Петров" not in page.text
    coordinator = await user(pages_api, "coordinator", district=school.district)
    async with cabinet_of(pages_app, pages_api, coordinator) as reader:
        page = await reader.get(f"/cabinet/pairs/{pair}/plan")
        assert page.status_code == 403 and "куратор" in page.text
