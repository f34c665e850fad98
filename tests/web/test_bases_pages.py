"""The bases and forming a pair over ASGI (no browser): a person added, found, corrected (audited) and
given consents; a minor's consent without the guardian refused in place; a pair formed from the base."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from tests.api.conftest import make_school
from tests.web.pages import cabinet_of, post_form

TEXT = "Согласие на участие в программе наставничества и на обработку персональных данных."


async def test_the_curator_keeps_the_base_and_forms_a_pair_from_it(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        people = "/cabinet/participants"
        added = await post_form(
            curator,
            people,
            people,
            {"kind": "pupil", "full_name": "Сидорва Аня", "birth_date": "2014-05-02", "grade": "6"},
        )
        assert added.status_code == 303
        card_path = added.headers["location"].split("?")[0]
        mentee = card_path.rsplit("/", 1)[1]
        await post_form(
            curator,
            people,
            people,
            {"kind": "pupil", "full_name": "Петров Илья", "birth_date": "2010-03-01", "grade": "10"},
        )

        refused = await post_form(curator, people, people, {"kind": "pupil", "full_name": "", "grade": "14"})
        assert (
            refused.status_code == 422
            and "«ФИО»: заполните поле." in refused.text
            and 'value="14"' in refused.text
        )

        found = await curator.get(people, params={"name": "сидор"})
        assert "Сидорва Аня" in found.text and "Петров" not in found.text and "1 человек" in found.text

        fixed = await post_form(
            curator,
            card_path,
            f"{card_path}/correct",
            {"kind": "pupil", "full_name": "Сидорова Аня", "birth_date": "2014-05-02", "grade": "6"},
        )
        assert fixed.status_code == 303
        card = await curator.get(card_path)
        assert "<h1>Сидорова Аня</h1>" in card.text
        audit = (await pages_api.get("/audit", headers=school.curator, params={"subject_id": mentee})).json()
        assert [(e["action"], e["details"]) for e in audit["items"]] == [
            ("participant_created", {"kind": "pupil"}),
            ("corrected", {"fields": ["full_name"]}),  # the fields, never their values
        ]

        no_guardian = await post_form(
            curator,
            card_path,
            f"{card_path}/consent",
            {"kind": "participation", "given_by": "self", "signed_at": "15.09.2026", "text_accepted": TEXT},
        )
        assert no_guardian.status_code in (409, 422) and 'role="alert"' in no_guardian.text
        assert (
            '<details class="command" id="consent" open>' in no_guardian.text
            and 'value="2026-09-15"' not in no_guardian.text
        )
        given = await post_form(
            curator,
            card_path,
            f"{card_path}/consent",
            {
                "kind": "participation",
                "given_by": "guardian",
                "guardian_name": "Сидорова Мария",
                "signed_at": "2026-09-15",
                "text_accepted": TEXT,
            },
        )
        assert given.status_code == 303
        card = await curator.get(card_path)
        assert "законный представитель: Сидорова Мария" in card.text and "15.09.2026" in card.text

        pairs_page = await curator.get("/cabinet/pairs")
        mentor = re.search(r'<option value="([^"]+)">Петров Илья', pairs_page.text)
        assert mentor
        formed = await post_form(
            curator,
            "/cabinet/pairs",
            "/cabinet/pairs",
            {
                "form": "student_student",
                "kind": "traditional",
                "mentor_ids": mentor.group(1),
                "mentee_ids": mentee,
                "planned_start": "2026-10-01",
                "planned_end": "2027-05-20",
            },
        )
        assert formed.status_code == 303, formed.text
        page = await curator.get(formed.headers["location"])
        assert "Пара сформирована" in page.text and "Петров Илья → Сидорова Аня" in page.text
        card = await curator.get(card_path)  # the person's card lists her pairs
        assert re.search(r"Петров Илья</a>\s*— наставляемый", card.text)
        listed = await pages_api.get("/pairs", headers=school.curator, params={"participant_id": mentee})
        assert listed.json()["total"] == 1
