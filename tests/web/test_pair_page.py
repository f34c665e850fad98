"""The pair page over ASGI (no browser): members by name, the ribbon, the next step in words, only the
commands this stage and person allow, a refusal shown in place with what was typed, another school's pair
the same 404 as the API's."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from tests.api.conftest import make_school, user
from tests.api.flows import consent_all, pupil_pair
from tests.web.pages import cabinet_of, post_form


async def test_a_refused_transition_shows_the_rules_russian_text_in_place_and_keeps_the_form(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pair, mentor, mentee = await pupil_pair(pages_api, school.curator)
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        page = await curator.get(f"/cabinet/pairs/{pair}")
        assert page.status_code == 200
        html = page.text
        assert (
            "Петров Илья" in html and "Сидорова Аня" in html and pair not in html.split("/cabinet/pairs/")[0]
        )
        assert 'aria-current="step"' in html and "подготовительный" in html
        assert "Следующий шаг:" in html and "согласи" in html  # the consents that block it, in words
        assert 'id="order"' in html and 'id="transition"' in html and 'id="reflection"' not in html
        ids = re.findall(r' id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "every label names one field"

        refused = await post_form(
            curator,
            f"/cabinet/pairs/{pair}",
            f"/cabinet/pairs/{pair}/transition",
            {"to_stage": "design", "comment": "Пробуем без согласий"},
        )
        assert refused.status_code == 409
        assert 'role="alert"' in refused.text and "Не выполнено." in refused.text
        detail = (await pages_api.get(f"/pairs/{pair}", headers=school.curator)).json()
        assert detail["next_step"]["blocked_by"]["message"] in refused.text  # the rule's own text
        assert '<details class="command" id="transition" open>' in refused.text
        assert "Пробуем без согласий</textarea>" in refused.text

        bad_date = await post_form(
            curator,
            f"/cabinet/pairs/{pair}",
            f"/cabinet/pairs/{pair}/order",
            {"number": "45-о", "signed_on": ""},
        )
        assert bad_date.status_code == 422 and "«Дата приказа»: заполните поле." in bad_date.text
        assert 'value="45-о"' in bad_date.text

        for person in (mentor, mentee):  # 000 §2.7: the order fixes pairs whose members consented
            await consent_all(pages_api, school.curator, person, minor=True)
        done = await post_form(
            curator,
            f"/cabinet/pairs/{pair}",
            f"/cabinet/pairs/{pair}/order",
            {"number": "45-о", "signed_on": "02.10.2026"},
        )
        assert done.status_code == 303
        after = await curator.get(done.headers["location"])
        assert "Приказ внесён." in after.text and "Приказ № 45-о от 02.10.2026" in after.text


async def test_another_schools_pair_is_the_same_not_found_as_the_api(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school, other = await make_school(pages_api), await make_school(pages_api)
    pair, _mentor, _mentee = await pupil_pair(pages_api, school.curator)
    assert (await pages_api.get(f"/pairs/{pair}", headers=other.curator)).status_code == 404
    async with cabinet_of(pages_app, pages_api, other.curator) as stranger:
        page = await stranger.get(f"/cabinet/pairs/{pair}")
        assert page.status_code == 404 and "Пара не найдена." in page.text and "Петров" not in page.text
        forged = await post_form(
            stranger, "/cabinet/pairs", f"/cabinet/pairs/{pair}/transition", {"to_stage": "design"}
        )
        assert forged.status_code == 404


async def test_a_mentor_is_offered_only_the_mentors_forms(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pair, mentor, _mentee = await pupil_pair(pages_api, school.curator)
    headers = await user(pages_api, "mentor", organisation_id=school.organisation_id, participant_id=mentor)
    async with cabinet_of(pages_app, pages_api, headers) as page_client:
        html = (await page_client.get(f"/cabinet/pairs/{pair}")).text
        for offered in ('id="meeting"', 'id="assessment"', 'id="fit"'):
            assert offered in html
        for curators_only in ('id="transition"', 'id="order"', 'id="termination"', 'id="plan"'):
            assert curators_only not in html
        # the trial meeting belongs to the preparatory stage; a regular one is not offered yet
        assert 'value="trial"' in html and 'value="regular"' not in html
