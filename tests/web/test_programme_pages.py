"""The programme pages over ASGI (no browser): created and configured from the page, a mentor put into its
base through the form, matching run, the proposal with every pair's score and reasons and the unmatched
mentee's reason, accepted with an edit and the order; the programme then counts its pairs."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi import FastAPI

from tests.api.conftest import make_school
from tests.api.flows import consent_all
from tests.api.flows import person as new_person
from tests.web.pages import cabinet_of, post_form


async def person(api: httpx.AsyncClient, curator: dict[str, str], **fields: Any) -> str:
    """A person whose consents are kept: the bases and the order come after them (004 roadmap 5–6)."""
    someone = await new_person(api, curator, **fields)
    await consent_all(api, curator, someone, minor=False)
    return someone


async def test_the_curator_runs_matching_and_accepts_the_proposal_from_the_pages(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    curator_api = school.curator
    async with cabinet_of(pages_app, pages_api, curator_api) as curator:
        refused = await post_form(
            curator,
            "/cabinet/programmes",
            "/cabinet/programmes",
            {"title": "Молодые педагоги", "academic_year": "2026-27", "forms": "teacher_teacher"},
        )
        assert (
            refused.status_code == 422
            and "«Учебный год»" in refused.text
            and 'value="Молодые педагоги"' in refused.text
        )
        created = await post_form(
            curator,
            "/cabinet/programmes",
            "/cabinet/programmes",
            {
                "title": "Молодые педагоги 2026/27",
                "academic_year": "2026/27",
                "forms": "teacher_teacher",
                "training_required": "yes",
            },
        )
        assert created.status_code == 303, created.text
        page_path = created.headers["location"].split("?")[0]
        pid = page_path.rsplit("/", 1)[1]
        page = await curator.get(page_path)
        assert "Молодые педагоги 2026/27" in page.text and "Следующий шаг:" in page.text
        assert "Не назначен куратор программы." in page.text  # what blocks the next stage

        configured = await post_form(
            curator,
            page_path,
            f"{page_path}/configure",
            {"forms": "teacher_teacher", "training_required": "yes"},
        )
        assert configured.status_code == 303
        # 001 §3.8: the roadmap is the head's act, recorded as the head's.
        me = (await pages_api.get("/me", headers=curator_api)).json()["user_id"]
        roadmap = {"roadmap": {"document_id": "ДК-7", "approved_on": "2026-09-01"}, "curator_id": me}
        by_head = await pages_api.post(f"/programmes/{pid}/configure", headers=school.head, json=roadmap)
        assert by_head.status_code == 200, by_head.text
        assert "№ ДК-7, утверждена руководителем 01.09.2026" in (await curator.get(page_path)).text

        people: dict[str, str] = {}
        for name, competences in {"math": "математика", "class": "классное руководство"}.items():
            people[name] = await person(
                pages_api, curator_api, kind="teacher", full_name=f"Наставник {name}", years_of_experience=12
            )
            added = await post_form(
                curator,
                page_path,
                f"{page_path}/mentor",
                {
                    "participant_id": people[name],
                    "competences": competences,
                    "capacity": "2",
                    "questionnaire_on": "10.09.2026",
                    "interview_on": "12.09.2026",
                    "trained_on": "30.09.2026",
                },
            )
            assert added.status_code == 303, added.text
        for name, wanted in {"anna": "математика", "boris": "классное руководство"}.items():
            people[name] = await person(
                pages_api,
                curator_api,
                kind="teacher",
                full_name=f"Молодой педагог {name}",
                years_of_experience=1,
            )
            added = await post_form(
                curator,
                page_path,
                f"{page_path}/mentee",
                {"participant_id": people[name], "requests": wanted},
            )
            assert added.status_code == 303, added.text
        people["veteran"] = await person(
            pages_api, curator_api, kind="teacher", full_name="Опытный педагог", years_of_experience=25
        )
        await post_form(
            curator,
            page_path,
            f"{page_path}/mentee",
            {"participant_id": people["veteran"], "requests": "математика"},
        )
        page = await curator.get(page_path)
        assert (
            "Наставник math" in page.text
            and "Отобрано 2, обучено 2." in page.text
            and "С запросами: 3." in page.text
        )

        run = await post_form(curator, page_path, f"{page_path}/matching", {})
        assert run.status_code == 303
        proposal_path = run.headers["location"]
        proposal = await curator.get(proposal_path)
        assert "2 пары" in proposal.text and "Без пары: 1" in proposal.text
        api_proposal = (
            await pages_api.get(
                f"/programmes/{pid}/proposals/{proposal_path.rsplit('/', 1)[1]}", headers=curator_api
            )
        ).json()
        for pair in api_proposal["pairs"]:
            assert pair["mentor_name"] in proposal.text and all(r in proposal.text for r in pair["reasons"])
        assert api_proposal["unmatched"][0]["reason"] in proposal.text

        no_order = await post_form(
            curator,
            proposal_path,
            f"{proposal_path}/accept",
            {
                "exclude": f"{people['boris']}|{people['class']}",
                "order_number": "",
                "order_signed_on": "2026-10-05",
                "planned_start": "2026-10-10",
                "planned_end": "2027-05-20",
            },
        )
        assert no_order.status_code == 422 and "«Приказ»" in no_order.text
        assert re.search(
            r'value="' + re.escape(f"{people['boris']}|{people['class']}") + r'" checked', no_order.text
        )
        accepted = await post_form(
            curator,
            proposal_path,
            f"{proposal_path}/accept",
            {
                "exclude": f"{people['boris']}|{people['class']}",
                "order_number": "90-о",
                "order_signed_on": "2026-10-05",
                "planned_start": "2026-10-10",
                "planned_end": "2027-05-20",
            },
        )
        assert accepted.status_code == 303, accepted.text
        page = await curator.get(accepted.headers["location"])
        assert "Пары закреплены приказом" in page.text and "1 пара" in page.text

        bad = await post_form(
            curator,
            page_path,
            f"{page_path}/feedback",
            {"participant_id": people["anna"], "answers": "польза"},
        )
        assert bad.status_code == 422 and "«Ответы»" in bad.text and ">польза</textarea>" in bad.text
        feedback = await post_form(
            curator,
            page_path,
            f"{page_path}/feedback",
            {"participant_id": people["anna"], "answers": "Польза: большая"},
        )
        assert feedback.status_code == 303
        page = await curator.get(page_path)
        assert (
            "Обратная связь участников: 1" in page.text
            and "Молодой педагог anna" in page.text
            and "Польза — большая" in page.text
        )
