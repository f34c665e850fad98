"""The cabinet's download links and the base import form over ASGI: what a curator clicks on the
programme, pair and participants pages gives the same files as the API, scoped the same way."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from documents.render import DOCX
from documents.sheets import XLSX
from tests.api.conftest import make_school
from tests.api.programme_flows import teacher_programme
from tests.api.test_bases_import_api import MENTEE_ROWS, _consented, _xlsx
from tests.documents.docx_text import table_rows
from tests.web.pages import CSRF, cabinet_of

HREF = re.compile(r'href="(/cabinet/[^"]+)"')


def _links(html: str, part: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in HREF.findall(html) if part in h]


async def test_the_curator_downloads_the_papers_from_the_pages_where_they_are_needed(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    fixed = await teacher_programme(pages_api, school)
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        programme_page = (await curator.get(f"/cabinet/programmes/{fixed.programme_id}")).text
        (order_link,) = _links(programme_page, "/documents/order")
        chooser = await curator.get(order_link)  # two orders fixed the programme's pairs: choose one
        assert (
            chooser.status_code == 200 and "Приказ № 77-о" in chooser.text and "Приказ № 80-о" in chooser.text
        )
        second = await curator.get(_links(chooser.text, "number=80")[0])
        assert second.headers["content-type"] == DOCX
        assert [r[2] for r in table_rows(second.content)[1:]] == ["Зайцева Ольга Игоревна"]
        for link in _links(programme_page, "/bases/") + _links(programme_page, "/exports/"):
            response = await curator.get(link)
            assert response.status_code == 200, link
            assert "filename*=UTF-8''" in response.headers["content-disposition"], link

        pair_id = fixed.orders["80-о"][0]
        pair_page = (await curator.get(f"/cabinet/pairs/{pair_id}")).text
        consents = _links(pair_page, "/documents/consent")
        assert len(consents) == 4  # two members, two consents each
        for link in [*consents, *_links(pair_page, "/documents/order")]:
            response = await curator.get(link)
            assert response.status_code == 200 and response.headers["content-type"] == DOCX, link
        plan = await curator.get(_links(pair_page, "/documents/plan")[0])
        assert plan.status_code == 409 and "нет индивидуального плана" in plan.text  # a page, not a file

        overdue = await curator.get("/cabinet/overdue")
        assert overdue.status_code == 200
        for link in _links(overdue.text, "/exports/overdue"):
            assert (await curator.get(link)).status_code == 200, link
        assert len(_links(overdue.text, "/exports/overdue")) == 2

        people = (await curator.get("/cabinet/participants")).text
        template = await curator.get(_links(people, "/bases/mentees/template")[0])
        assert template.headers["content-type"] == XLSX

    other = await make_school(pages_api)
    async with cabinet_of(pages_app, pages_api, other.curator) as stranger:
        assert (await stranger.get(order_link)).status_code == 404
        assert (await stranger.get(f"/cabinet/pairs/{pair_id}/documents/plan")).status_code == 404


async def test_the_import_form_names_the_bad_row_and_stores_nothing(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    fixed = await teacher_programme(pages_api, school)
    page = f"/cabinet/programmes/{fixed.programme_id}"
    await _consented(pages_api, school, MENTEE_ROWS[:4])  # row 6, Кузнецов, has no consent yet
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        shown = await curator.get(page)
        token = CSRF.search(shown.text)
        assert token and f"{page}/bases/mentees/import" in shown.text
        refused = await curator.post(
            f"{page}/bases/mentees/import",
            data={"csrf_token": token.group(1)},
            files={"file": ("база.xlsx", _xlsx(MENTEE_ROWS), XLSX)},
        )
        assert refused.status_code == 422
        assert re.search(r"<td[^>]*>4</td><td[^>]*>Класс</td><td[^>]*>Не больше 11\.</td>", refused.text)
        assert "Строка 6, Кузнецов Илья Петрович: сначала внесите согласие" in refused.text
        mentees = await pages_api.get(f"/programmes/{fixed.programme_id}/mentees", headers=school.curator)
        assert mentees.json() == []
        taken = await curator.post(
            f"{page}/bases/mentees/import",
            data={"csrf_token": token.group(1), "accept_valid_rows": "yes"},
            files={"file": ("база.xlsx", _xlsx(MENTEE_ROWS), XLSX)},
        )
        assert taken.status_code == 200 and "обновлено 3" in taken.text
        assert "Карточка сохранена, в базу наставляемых не включена." in taken.text
