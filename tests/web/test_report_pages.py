"""The monitoring reports in the cabinet: the curator's page shows the same report as the download, inside
the layout, with its XLSX and PDF; another school's report is the not-found page (over ASGI, no browser)."""

from __future__ import annotations

from io import BytesIO
from uuid import uuid4

import httpx
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import Session

from bench.report_world import ROUNDS, seed_district
from db.models import Organisation
from db.session import engine, session_scope
from tests.web.accounts import person
from tests.web.test_sign_in import sign_in, web  # noqa: F401  (the ASGI client fixture)

MAY = ROUNDS[-1].round_id


async def test_the_curator_reads_the_school_report_in_the_cabinet_and_downloads_it(
    web: httpx.AsyncClient,  # noqa: F811
) -> None:
    with session_scope() as session:
        district = seed_district(session, f"district-{uuid4().hex[:6]}", 2, 6, late_every=1)
    mine, other = district.schools
    with Session(engine()) as session:
        organisation = session.get(Organisation, mine.organisation_id)
    assert organisation is not None
    curator = person("curator", organisation, display_name="Смирнова Анна Петровна")
    assert (await sign_in(web, curator.login, curator.password)).status_code == 303

    page = await web.get("/cabinet/reports/school", params={"round_id": MAY})
    assert page.status_code == 200, page.text
    assert "Отчёт о мониторинге реализации программ наставничества" in page.text
    assert mine.name in page.text and "Скачать PDF" in page.text
    assert not any(name in page.text for name in other.pupil_names)

    pdf = await web.get("/cabinet/reports/school", params={"round_id": MAY, "format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf"
    assert mine.name in PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    xlsx = await web.get("/cabinet/reports/school", params={"round_id": MAY, "format": "xlsx"})
    assert load_workbook(BytesIO(xlsx.content))["Сводка"]["A2"].value.startswith(mine.name)

    foreign = await web.get(
        "/cabinet/reports/school", params={"round_id": MAY, "organisation_id": other.organisation_id}
    )
    assert foreign.status_code == 404
