"""Each role's start page and who may open the district page (over ASGI; the browser tests drive the
curator's day)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from tests.web.accounts import person, school
from tests.web.seed import escalated
from tests.web.test_sign_in import sign_in


@pytest_asyncio.fixture
async def web(env: WorkflowEnvironment, worker: Worker) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(env.client, worker.task_queue))
    async with httpx.AsyncClient(transport=transport, base_url="https://nastavnik.test") as client:
        yield client


async def test_the_head_sees_pairs_by_stage_and_what_awaits_a_decision(web: httpx.AsyncClient) -> None:
    head = person("head", school(), display_name="Орлов Игорь Васильевич")
    assert (await sign_in(web, head.login, head.password)).headers["location"] == "/cabinet/today"
    page = await web.get("/cabinet/today")
    assert page.status_code == 200
    assert "Пары по этапам" in page.text and "Ждёт вашего решения" in page.text


async def test_the_coordinator_sees_the_districts_schools_and_a_curator_may_not(
    web: httpx.AsyncClient,
) -> None:
    ours = school("МБОУ «СОШ №1»", district="Северный")
    school("МБОУ «Гимназия №2»", district="Северный")
    school("МБОУ «Лицей №9»", district="Южный")
    coordinator = person("coordinator", None, district="Северный")
    await sign_in(web, coordinator.login, coordinator.password)
    page = await web.get("/cabinet/district")
    assert page.status_code == 200
    assert "МБОУ «СОШ №1»" in page.text and "МБОУ «Гимназия №2»" in page.text
    assert "Лицей №9" not in page.text  # another district's school
    assert "Школы района — 2 школы" in (await web.get("/cabinet/today")).text
    web.cookies.clear()
    curator = person("curator", ours)
    await sign_in(web, curator.login, curator.password)
    refused = await web.get("/cabinet/district")
    assert refused.status_code == 403 and "для координатора" in refused.text


async def test_a_notifications_item_link_leads_to_its_page_and_another_schools_item_is_not_found(
    web: httpx.AsyncClient,
) -> None:
    ours, theirs = school(), school()
    item = escalated(ours, "questionnaire", "curator", date(2026, 5, 20), round_id="2026-05")
    curator = person("curator", ours)
    await sign_in(web, curator.login, curator.password)
    opened = await web.get(f"/cabinet/overdue/{item}")
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/cabinet/rounds/2026-05?organisation_id={ours.id}"
    round_page = await web.get(opened.headers["location"])
    assert round_page.status_code == 200 and "Мониторинг мая 2026" in round_page.text
    web.cookies.clear()
    stranger = person("curator", theirs)
    await sign_in(web, stranger.login, stranger.password)
    hidden = await web.get(f"/cabinet/overdue/{item}")
    assert hidden.status_code == 404 and "Пункт мониторинга не найден." in hidden.text
