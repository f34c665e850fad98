"""Monitoring reports (004 §7–§8; 001 §4.15), downloaded over the API and opened again with their own
libraries (openpyxl, pypdf): the figures are the data's, coverage is judged right at the target's
boundary, a school's report never names another school's pupils, and another school's report is 404."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO
from uuid import uuid4

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import col, select

from bench.report_world import ROUNDS, YEAR, DistrictSeed, seed_district
from db.models import AuditEvent, Participant, PlanDocument, QuestionnaireAnswer
from db.session import session_scope
from tests.api.conftest import make_school, user

MAY = ROUNDS[-1].round_id
DECEMBER = ROUNDS[0].round_id


def world(schools: int = 2, pairs: int = 12, late_every: int = 1) -> DistrictSeed:
    with session_scope() as session:
        return seed_district(session, f"Район {uuid4().hex[:6]}", schools, pairs, late_every=late_every)


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages))


def cells(content: bytes) -> list[object]:
    workbook = load_workbook(BytesIO(content))
    return [cell for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for cell in row]


async def download(
    api: httpx.AsyncClient, path: str, headers: dict[str, str], **params: str
) -> httpx.Response:
    response = await api.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response


async def test_a_school_report_names_its_own_pupils_and_never_another_schools(api: httpx.AsyncClient) -> None:
    district = world()
    mine, other = district.schools
    path = f"/reports/schools/{mine.organisation_id}/half-year"
    html = (await download(api, path, mine.headers(), round_id=MAY)).text
    xlsx = cells((await download(api, path, mine.headers(), round_id=MAY, format="xlsx")).content)
    pdf = pdf_text((await download(api, path, mine.headers(), round_id=MAY, format="pdf")).content)
    texts = {"html": html, "xlsx": " ".join(str(c) for c in xlsx if c is not None), "pdf": pdf}
    for face, text in texts.items():
        assert any(name in text for name in mine.pupil_names), f"{face} names none of the school's pupils"
        leaked = [name for name in other.pupil_names if name in text]
        assert leaked == [], f"{face} names another school's pupils: {leaked[:3]}"


async def test_another_schools_report_is_not_found(api: httpx.AsyncClient) -> None:
    district, elsewhere = world(), world(schools=1)
    mine, other = district.schools
    path = f"/reports/schools/{other.organisation_id}/half-year"
    assert (await api.get(path, headers=mine.headers(), params={"round_id": MAY})).status_code == 404
    far = await api.get(path, headers=elsewhere.coordinator(), params={"round_id": MAY})
    assert far.status_code == 404
    near = await api.get(path, headers=district.coordinator(), params={"round_id": MAY, "format": "xlsx"})
    assert near.status_code == 200
    roll_up = await api.get(
        f"/reports/districts/{district.district}/half-year", headers=mine.headers(), params={"round_id": MAY}
    )
    assert (roll_up.status_code, roll_up.json()["rule"]) == (403, "coordinator_only")


@pytest.mark.parametrize(("extra", "met"), [(0, "достигнут"), (1, "не достигнут")])
async def test_coverage_exactly_at_the_target_is_met_and_one_pupil_more_in_the_school_is_not(
    api: httpx.AsyncClient, extra: int, met: str
) -> None:
    district = world(schools=1, pairs=8)
    [school] = district.schools
    html = (
        await download(
            api, f"/reports/schools/{school.organisation_id}/half-year", school.headers(), round_id=MAY
        )
    ).text
    found = re.search(r"Обучающиеся</td>\s*<td class=\"n\">\d+</td>\s*<td class=\"n\">(\d+)</td>", html)
    assert found is not None
    covered = int(found.group(1))
    # The school says it has 10 × covered (+ extra) pupils and a target of 10 % for the round's year.
    target_year = str(ROUNDS[-1].due_on.year)
    body = {"pupils_total": covered * 10 + extra, "teachers_total": 40, "pupil_targets": {target_year: 10}}
    put = await api.put(
        f"/organisations/{school.organisation_id}/coverage/{YEAR.replace('/', '-')}",
        headers=school.headers(),
        json=body,
    )
    assert put.status_code == 200, put.text
    content = (
        await download(
            api,
            f"/reports/schools/{school.organisation_id}/half-year",
            school.headers(),
            round_id=MAY,
            format="xlsx",
        )
    ).content
    summary = load_workbook(BytesIO(content))["Сводка"]
    row = [c.value for c in summary[8]]
    assert row[:6] == [
        "Обучающиеся",
        covered * 10 + extra,
        covered,
        pytest.approx(round(100 * covered / (covered * 10 + extra), 1)),
        10,
        met,
    ]
    pdf = pdf_text(
        (
            await download(
                api,
                f"/reports/schools/{school.organisation_id}/half-year",
                school.headers(),
                round_id=MAY,
                format="pdf",
            )
        ).content
    )
    assert f"Обучающиеся {covered * 10 + extra} {covered}" in pdf
    assert ("не достигнут" in pdf.split("Педагогические")[0]) is (met == "не достигнут")


async def test_the_school_reports_questionnaire_means_are_the_answers_means(api: httpx.AsyncClient) -> None:
    district = world(schools=1, pairs=12)
    [school] = district.schools
    with session_scope() as session:
        answers = session.exec(
            select(QuestionnaireAnswer).where(
                QuestionnaireAnswer.organisation_id == school.organisation_id,
                QuestionnaireAnswer.round_id == DECEMBER,
            )
        ).all()
    mentors = [a.answers["satisfaction"] for a in answers if "regularity" in a.answers]
    content = (
        await download(
            api,
            f"/reports/schools/{school.organisation_id}/half-year",
            school.headers(),
            round_id=DECEMBER,
            format="xlsx",
        )
    ).content
    sheet = load_workbook(BytesIO(content))["Анкеты"]
    rows = [
        r
        for r in sheet.iter_rows(values_only=True)
        if r[0] == "Насколько вы удовлетворены работой в паре (группе)?"
    ]
    assert rows and rows[0][1] == len(mentors)
    assert rows[0][2] == pytest.approx(round(sum(mentors) / len(mentors), 2))
    assert sum(rows[0][3:8]) == len(mentors)  # the distribution over 1…5 counts every answer once
    assert len(load_workbook(BytesIO(content))["Сводка"]._charts) == 1  # a native chart, not a picture


async def test_the_district_roll_up_has_a_row_per_school_totals_and_the_late_schools(
    api: httpx.AsyncClient,
) -> None:
    district = world(schools=4, pairs=6, late_every=2)
    path = f"/reports/districts/{district.district}/half-year"
    content = (await download(api, path, district.coordinator(), round_id=MAY, format="xlsx")).content
    workbook = load_workbook(BytesIO(content))
    rows = [r for r in workbook["Школы"].iter_rows(min_row=6, values_only=True) if r[0]]
    names = [s.name for s in district.schools]
    assert [r[0] for r in rows] == [*names, "Итого по району"]
    assert rows[-1][11] == sum(r[11] for r in rows[:-1])  # pairs in work
    late = [r[0] for r in workbook["Опоздали с анкетами"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert late == [names[1], names[3]]
    assert len(workbook["Школы"]._charts) == 1
    pdf = pdf_text((await download(api, path, district.coordinator(), round_id=MAY, format="pdf")).content)
    for name in names:
        assert name in pdf
    assert "Итого по району" in pdf


async def test_swot_versions_are_kept_and_audited(api: httpx.AsyncClient) -> None:
    [school] = world(schools=1, pairs=8).schools
    path = f"/programmes/{school.programme_id}/swot/2030-12"
    first = {"strengths": ["Встречи по плану"], "weaknesses": ["Мало наставников-педагогов"]}
    created = await api.put(path, headers=school.headers(), json=first)
    assert (created.status_code, created.json()["version"]) == (201, 1)
    again = await api.put(path, headers=school.headers(), json=first)
    assert (again.status_code, again.json()["version"]) == (200, 1)
    stale = await api.put(path, headers=school.headers(), json=first | {"threats": ["Нагрузка"]})
    assert (stale.status_code, stale.json()["rule"]) == (409, "swot_version_conflict")
    second = await api.put(
        path, headers=school.headers(), json=first | {"threats": ["Нагрузка"], "base_version": 1}
    )
    assert (second.status_code, second.json()["version"]) == (201, 2)
    head = await api.put(path, headers=school.headers("head"), json=first | {"base_version": 2})
    assert head.status_code == 403
    view = (await api.get(path, headers=school.headers())).json()
    assert (view["versions"], view["current"]["threats"]) == ([2, 1], ["Нагрузка"])
    assert (await api.get(f"{path}/versions/1", headers=school.headers())).json()["threats"] == []
    with session_scope() as session:
        audit = session.exec(
            select(AuditEvent).where(
                AuditEvent.subject_id == school.programme_id, AuditEvent.action == "swot_saved"
            )
        ).all()
    # Rows come back in no set order (PostgreSQL returned the second first once): compare them by seq.
    audit = sorted(audit, key=lambda a: a.seq)
    assert [(a.seq, a.details["version"], a.actor_id) for a in audit] == [
        (1, 1, school.curator_id),
        (2, 2, school.curator_id),
    ]


async def test_swot_suggestions_come_from_the_highest_and_lowest_scored_questions(
    api: httpx.AsyncClient,
) -> None:
    [school] = world(schools=1, pairs=12).schools
    view = (
        await api.get(f"/programmes/{school.programme_id}/swot/{DECEMBER}", headers=school.headers())
    ).json()
    scale = [
        (q["mean"] - q["scale_min"]) / (q["scale_max"] - q["scale_min"])
        for s in view["aggregates"]
        for q in s["questions"]
        if q["kind"] == "scale" and q["mean"] is not None
    ]
    assert view["aggregates"] and scale
    suggested = view["suggestions"]
    assert len(suggested["strengths"]) == min(3, sum(1 for share in scale if share >= 0.75))
    assert len(suggested["weaknesses"]) == min(3, sum(1 for share in scale if share <= 0.5))


async def test_the_final_report_shows_the_curators_awards_and_best_practices(api: httpx.AsyncClient) -> None:
    [school] = world(schools=1, pairs=8).schools
    mentor = f"{school.pair_ids[0]}-mentor"
    notes = {
        "awards": [
            {"title": "Наставник года", "participant_id": mentor},
            {"title": "Лучшая пара", "whom": "Пара 7Б"},
        ],
        "best_practices": ["Еженедельные консультации перед контрольными"],
        "conclusions": "Программа выполнена.\nОхват обучающихся вырос.",
    }
    saved = await api.put(
        f"/programmes/{school.programme_id}/final-report/notes", headers=school.headers(), json=notes
    )
    assert (saved.status_code, saved.json()["version"]) == (201, 1)
    bad = notes | {"base_version": 1, "awards": [{"title": "Наставник года", "participant_id": "nobody"}]}
    refused = await api.put(
        f"/programmes/{school.programme_id}/final-report/notes", headers=school.headers(), json=bad
    )
    assert (refused.status_code, refused.json()["field"]) == (422, "awards.0.participant_id")
    content = (
        await download(
            api, f"/reports/programmes/{school.programme_id}/final", school.headers(), format="pdf"
        )
    ).content
    text = pdf_text(content)
    with session_scope() as session:
        person = session.get(Participant, mentor)
    assert person is not None
    for expected in (
        f"Наставник года {person.full_name}",
        "Пара 7Б",
        "Еженедельные консультации перед контрольными",
        "Охват обучающихся вырос",
    ):
        assert expected in text


async def test_a_school_without_pairs_gets_every_report_all_the_same(api: httpx.AsyncClient) -> None:
    school = await make_school(api)
    path = f"/reports/schools/{school.organisation_id}/half-year"
    for format in ("html", "xlsx", "pdf"):
        await download(api, path, school.curator, round_id=MAY, format=format)
    pdf = pdf_text((await download(api, path, school.curator, round_id=MAY, format="pdf")).content)
    assert "В полугодии пар не было" in pdf and "не оценивается" in pdf
    coordinator = await user(api, "coordinator", district=school.district)
    roll_up = f"/reports/districts/{school.district}/half-year"
    rows = load_workbook(
        BytesIO((await download(api, roll_up, coordinator, round_id=MAY, format="xlsx")).content)
    )["Школы"]
    assert [r[0] for r in rows.iter_rows(min_row=6, values_only=True) if r[0]] == [
        "МБОУ СОШ №1",
        "Итого по району",
    ]


async def test_the_final_reports_planned_meetings_are_those_of_each_pairs_plan_in_force(
    api: httpx.AsyncClient,
) -> None:
    """A later approved plan replaces the earlier one; a draft waiting for agreement counts for nothing."""
    [school] = world(schools=1, pairs=4).schools
    path = f"/reports/programmes/{school.programme_id}/final"

    async def planned() -> int:
        html = (await download(api, path, school.headers(), format="html")).text
        found = re.search(r"Встречи: по индивидуальным планам → проведены</td><td class=\"n\">(\d+)<", html)
        assert found, html
        return int(found.group(1))

    before = await planned()
    with session_scope() as session:
        plan = session.exec(
            select(PlanDocument).where(col(PlanDocument.pair_id).in_(school.pair_ids))
        ).first()
        assert plan is not None
        later = plan.created_at + timedelta(days=30)
        for status, dates in (("approved", 3), ("draft", 40)):
            session.add(
                PlanDocument(
                    id=f"{plan.pair_id}-{status}-{uuid4().hex[:6]}",
                    pair_id=plan.pair_id,
                    goals=["Новая цель"],
                    schedule=[(plan.starts_on + timedelta(days=14 * n)).isoformat() for n in range(dates)],
                    cadence_days=14,
                    format="in_person",
                    starts_on=plan.starts_on,
                    ends_on=plan.ends_on,
                    created_by=plan.created_by,
                    created_at=later,
                    status=status,
                )
            )
        replaced = len(plan.schedule)
        session.commit()
    assert await planned() == before - replaced + 3
