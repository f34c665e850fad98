"""The programme-side actions that had only the JSON API have pages (issue 11): the head's approvals and the
choice of another curator of the school, the coverage settings, the curator's SWOT with its versions, and
the programme's bases paged. Each page calls the API's own application function: what the page saved the
API reads back."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import httpx
from fastapi import FastAPI
from sqlmodel import Session, col, select

from bench.report_world import ROUNDS
from db.models import Assessment, MentorProfile, OverdueItemRow, Participant, Programme
from db.session import engine, utcnow
from domain.monitoring import academic_year_of
from domain.roster import roster_item_id
from tests.api.conftest import ADMIN, make_school, user
from tests.api.test_reports_api import world
from tests.waiting import eventually
from tests.web.pages import cabinet_of, post_form
from tests.web.test_programme_pages import person


async def programme_of(api: httpx.AsyncClient, curator: dict[str, str], title: str = "Ученик–ученик") -> str:
    created = await api.post(
        "/programmes",
        headers=curator,
        json={"title": title, "academic_year": "2026/27", "forms": ["student_student"]},
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_the_head_approves_the_mentor_registry_and_the_mentees_from_the_page(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pid = await programme_of(pages_api, school.curator)
    mentor = await person(
        pages_api, school.curator, kind="teacher", full_name="Белова Нина", years_of_experience=9
    )
    mentee = await person(
        pages_api, school.curator, kind="teacher", full_name="Котов Олег", years_of_experience=1
    )
    put = await pages_api.put(
        f"/programmes/{pid}/mentors/{mentor}",
        headers=school.curator,
        json={"questionnaire_on": "2026-09-10", "interview_on": "2026-09-12"},
    )
    assert put.status_code == 200, put.text
    put = await pages_api.put(
        f"/programmes/{pid}/mentees/{mentee}",
        headers=school.curator,
        json={"requests": ["классное руководство"]},
    )
    assert put.status_code == 200, put.text
    path = f"/cabinet/programmes/{pid}/approvals"

    async with cabinet_of(pages_app, pages_api, school.head) as head:
        waiting = await head.get(path)
        assert waiting.status_code == 200
        assert waiting.text.count("Ждёт утверждения руководителя.") == 3  # roadmap, registry, mentees
        assert "Белова Нина" in waiting.text and "Котов Олег" in waiting.text

        no_number = await post_form(
            head,
            path,
            f"{path}/mentor_registry",
            {"number": "", "signed_on": "01.10.2026"},
        )
        assert no_number.status_code == 422 and "«Номер приказа»" in no_number.text
        assert 'value="01.10.2026"' in no_number.text  # what was typed stays

        for act, number in (("mentor_registry", "12-о"), ("mentees", "13-о")):
            done = await post_form(head, path, f"{path}/{act}", {"number": number, "signed_on": "01.10.2026"})
            assert done.status_code == 303, done.text
        page = await head.get(path)
        assert "Утверждён приказом № 12-о от 01.10.2026" in page.text
        assert "Утверждены приказом № 13-о от 01.10.2026" in page.text

    read = (await pages_api.get(f"/programmes/{pid}", headers=school.curator)).json()
    assert read["head_approvals"]["mentor_registry"]["participant_ids"] == [mentor]
    assert read["head_approvals"]["mentees"]["participant_ids"] == [mentee]


async def test_the_approvals_are_the_heads_acts_not_the_curators(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pid = await programme_of(pages_api, school.curator)
    path = f"/cabinet/programmes/{pid}/approvals"
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        page = await curator.get(path)
        assert page.status_code == 200 and "Утвердить дорожную карту" not in page.text
        refused = await post_form(
            curator, path, f"{path}/mentees", {"number": "1", "signed_on": "01.10.2026"}
        )
        assert refused.status_code == 403
        assert "решение руководителя образовательной организации" in refused.text


async def test_the_head_chooses_another_curator_only_among_the_schools_curators(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    other_school = await make_school(pages_api)
    second = f"Второй куратор {uuid4().hex[:4]}"
    stranger = f"Чужой куратор {uuid4().hex[:4]}"
    await pages_api.post(
        "/admin/users",
        headers=ADMIN,
        json={"display_name": second, "role": "curator", "organisation_id": school.organisation_id},
    )
    stranger_headers = await user(pages_api, "curator", organisation_id=other_school.organisation_id)
    stranger_id = (await pages_api.get("/me", headers=stranger_headers)).json()["user_id"]
    pid = await programme_of(pages_api, school.curator)
    path = f"/cabinet/programmes/{pid}/approvals"

    async with cabinet_of(pages_app, pages_api, school.head) as head:
        page = await head.get(path)
        assert second in page.text and stranger not in page.text and stranger_id not in page.text
        refused = await post_form(head, path, f"{path}/curator", {"curator_id": stranger_id})
        assert refused.status_code == 422
        assert "Куратором программы назначается куратор этой же организации." in refused.text
        option = page.text.split(f">{second}<")[0].rsplit('value="', 1)[1].split('"')[0]
        chosen = await post_form(head, path, f"{path}/curator", {"curator_id": option})
        assert chosen.status_code == 303, chosen.text
        assert f"Назначен: <strong>{second}</strong>" in (await head.get(path)).text
    assert (await pages_api.get(f"/programmes/{pid}", headers=school.head)).json()["curator_id"] == option


async def test_the_coverage_form_keeps_what_was_typed_and_saves_the_target_table(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    path = "/cabinet/coverage/2026-27"
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        empty = await curator.get(path)
        assert (
            "Школа ещё не внесла численность" in empty.text
            and 'name="pupil_targets.2024" type="number" value="70"' in empty.text
        )
        typed = {
            "pupils_total": "640",
            "teachers_total": "52",
            "pupil_targets.2024": "170",
            "teacher_targets.2022": "30",
            "new_year_0": "2027",
            "new_pupil_targets_0": "75",
            "new_teacher_targets_0": "40",
        }
        refused = await post_form(curator, path, path, typed)
        assert refused.status_code == 422 and "Год 2000–2100, процент 0–100." in refused.text
        assert (
            'value="170"' in refused.text and 'value="640"' in refused.text and 'value="2027"' in refused.text
        )
        saved = await post_form(curator, path, path, typed | {"pupil_targets.2024": "70"})
        assert saved.status_code == 303, saved.text
        again = await curator.get(path)
        assert 'name="pupil_targets.2027" type="number" value="75"' in again.text
    read = await pages_api.get(
        f"/organisations/{school.organisation_id}/coverage/2026-27", headers=school.head
    )
    assert read.json()["pupils_total"] == 640 and read.json()["teacher_targets"] == {"2022": 30, "2027": 40}


async def test_a_stale_swot_save_is_refused_in_place_with_the_typed_quadrants_kept(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    [school] = world(schools=1, pairs=8).schools
    round_id = ROUNDS[0].round_id
    path = f"/cabinet/programmes/{school.programme_id}/swot/{round_id}"
    async with cabinet_of(pages_app, pages_api, school.headers()) as curator:
        page = await curator.get(path)
        assert page.status_code == 200 and "Версия 1" in page.text and "Среднее" in page.text
        stale = {
            "base_version": "",
            "strengths": "Пары встречаются по плану",
            "weaknesses": "",
            "opportunities": "",
            "threats": "Усталость к маю",
        }
        refused = await post_form(curator, path, path, stale)
        assert refused.status_code == 409 and "SWOT-анализ уже изменён: последняя версия 1." in refused.text
        assert (
            ">Усталость к маю</textarea>" in refused.text and 'name="base_version" value="1"' in refused.text
        )
        saved = await post_form(curator, path, path, stale | {"base_version": "1"})
        assert saved.status_code == 303
        newest = await curator.get(path)
        assert "Версия 2" in newest.text and "<li>Усталость к маю</li>" in newest.text
        first = await curator.get(f"{path}?version=1")
        assert "Версия 1 —" in first.text and "Нагрузка педагогов в конце четверти" in first.text
    api = (
        await pages_api.get(f"/programmes/{school.programme_id}/swot/{round_id}", headers=school.headers())
    ).json()
    assert api["current"]["threats"] == ["Усталость к маю"] and api["versions"] == [2, 1]
    async with cabinet_of(pages_app, pages_api, school.headers("head")) as head:
        read_only = await head.get(path)
        assert read_only.status_code == 200 and "Сохранить версию" not in read_only.text


async def test_the_programmes_bases_are_paged_by_name(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pid = await programme_of(pages_api, school.curator)
    with Session(engine(), expire_on_commit=False) as session:
        for n in range(23):
            participant = Participant(
                id=f"p-{uuid4().hex[:10]}",
                organisation_id=school.organisation_id,
                kind="teacher",
                full_name=f"Наставник {n:02d}",
                years_of_experience=10,
                created_at=utcnow(),
            )
            session.add(participant)
            session.flush()
            session.add(
                MentorProfile(
                    programme_id=pid, participant_id=participant.id, questionnaire_on=date(2026, 9, 1)
                )
            )
        session.commit()
    path = f"/cabinet/programmes/{pid}"
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        first = await curator.get(path)
        assert (
            "В базе 23 наставника." in first.text
            and ">Наставник 19</a>" in first.text
            and ">Наставник 20</a>" not in first.text
        )
        assert 'href="?mentors_page=2#h-mentors"' in first.text and "Страница 1 из 2" in first.text
        second = await curator.get(f"{path}?mentors_page=2")
        assert (
            ">Наставник 20</a>" in second.text
            and ">Наставник 22</a>" in second.text
            and ">Наставник 00</a>" not in second.text
        )
    listed = (await pages_api.get(f"/programmes/{pid}/mentors", headers=school.curator)).json()
    assert len(listed) == 23  # the API still lists the whole base


async def test_the_curator_adds_awards_practices_and_conclusions_to_the_final_report_from_the_page(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    [school] = world(schools=1, pairs=6).schools
    pid = school.programme_id
    path = f"/cabinet/programmes/{pid}/final-report/notes"
    async with cabinet_of(pages_app, pages_api, school.headers()) as curator:
        page = await curator.get(path)
        assert page.status_code == 200 and "Куратор ещё ничего не добавил" in page.text
        mentor_option = (
            page.text.split('name="awards.0.participant_id"')[1].split('<option value="')[2].split('"')[0]
        )
        nobody = {"awards.0.title": "Наставник года", "best_practices": "Наставничество через проекты"}
        refused = await post_form(curator, path, path, nobody)
        assert refused.status_code == 422 and "Укажите, кого наградили." in refused.text
        assert (
            'value="Наставник года"' in refused.text
            and ">Наставничество через проекты</textarea>" in refused.text
        )
        awarded = nobody | {
            "awards.0.participant_id": mentor_option,
            "conclusions": "Цели программы достигнуты.",
        }
        saved = await post_form(curator, path, path, awarded)
        assert saved.status_code == 303, saved.text
        stale = await post_form(curator, path, path, awarded | {"base_version": "", "conclusions": "Иначе."})
        assert stale.status_code == 409 and "Отчёт уже изменён другим сохранением" in stale.text
        assert ">Иначе.</textarea>" in stale.text
        shown = await curator.get(path)
        assert "Версия 1 от" in shown.text and "«Наставник года» —" in shown.text
    report = await pages_api.get(f"/reports/programmes/{pid}/final", headers=school.headers())
    assert "Наставничество через проекты" in report.text and "Цели программы достигнуты." in report.text


async def test_the_completion_form_names_the_awarded_people_and_the_best_pair(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    [seeded] = world(schools=1, pairs=4).schools
    with Session(engine(), expire_on_commit=False) as session:
        row = session.get(Programme, seeded.programme_id)
        assert row is not None
        row.stage = "reflective"  # the read model only: the page offers the closing facts from this stage
        session.add(row)
        session.commit()
    async with cabinet_of(pages_app, pages_api, seeded.headers()) as curator:
        page = (await curator.get(f"/cabinet/programmes/{seeded.programme_id}")).text
        assert 'name="participant_ids" multiple' in page and 'name="pair_ids" multiple' in page
        assert "«Наставник года»" in page and " — " in page.split('name="pair_ids"')[1].split("</select>")[0]

    school = await make_school(pages_api)
    pid = await programme_of(pages_api, school.curator)
    mentor = await person(
        pages_api, school.curator, kind="teacher", full_name="Белова Нина", years_of_experience=9
    )
    put = await pages_api.put(f"/programmes/{pid}/mentors/{mentor}", headers=school.curator, json={})
    assert put.status_code == 200, put.text
    path = f"/cabinet/programmes/{pid}"
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        awarded = {"fact": "awards", "award": "mentor_of_the_year", "participant_ids": mentor}
        done = await post_form(curator, path, f"{path}/completion", awarded)
        assert done.status_code == 303, done.text

    async def recorded() -> list[dict[str, object]]:
        found = await pages_api.get(
            "/audit", headers=school.head, params={"subject_id": pid, "action": "completion_recorded"}
        )
        return list(found.json()["items"])

    [event] = await eventually(recorded, lambda rows: len(rows) == 1)
    details = event["details"]
    assert isinstance(details, dict)
    assert (details["award"], details["participant_ids"]) == ("mentor_of_the_year", [mentor])


async def test_the_curator_says_from_the_page_that_a_mentor_needs_no_training(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pid = await programme_of(pages_api, school.curator)
    mentor = await person(
        pages_api, school.curator, kind="teacher", full_name="Зуев Павел", years_of_experience=30
    )
    path = f"/cabinet/programmes/{pid}"
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        saved = await post_form(
            curator,
            path,
            f"{path}/mentor",
            {"participant_id": mentor, "capacity": "1", "training_required": "no"},
        )
        assert saved.status_code == 303, saved.text
        assert "не требуется" in (await curator.get(path)).text
    [listed] = (await pages_api.get(f"/programmes/{pid}/mentors", headers=school.curator)).json()
    assert listed["training_required"] is False


async def test_the_curator_marks_the_years_roster_refreshed_from_the_page_and_the_head_cannot(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    async with cabinet_of(pages_app, pages_api, school.head) as head:
        page = await head.get("/cabinet/roster")
        assert page.status_code == 200 and "Перечень обновляет куратор школы." in page.text
        refused = await post_form(head, "/cabinet/roster", "/cabinet/roster", {})
        assert refused.status_code == 403 and "обновляет куратор школы" in refused.text
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        done = await post_form(curator, "/cabinet/roster", "/cabinet/roster", {})
        assert done.status_code == 303, done.text
        year = academic_year_of(date.today())
        assert (
            f"Перечень на {year} учебный год отмечен обновлённым"
            in (await curator.get(done.headers["location"])).text
        )
    with Session(engine(), expire_on_commit=False) as session:
        row = session.get(OverdueItemRow, roster_item_id(school.organisation_id, year))
        assert row is not None and row.settled_at is not None


async def test_the_head_sets_the_schools_calendar_and_deadlines_from_the_page(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    async with cabinet_of(pages_app, pages_api, school.head) as head:
        page = await head.get("/cabinet/policy")
        assert page.status_code == 200 and "20.12\n20.05</textarea>" in page.text
        typed = {
            "time_zone": "Asia/Novosibirsk",
            "working_weekdays": "6",
            "official": "yes",
            "holidays": "02.11.2026 — 08.11.2026\n28.12.2026 до 11.01.2027",
            "recurring": "01.06 — 31.08",
            "preparatory_days": "45",
            "meeting_grace_days": "7",
            "assessment_days": "14",
            "deadlines": "18.12\n15.05",
            "opens_days_before": "10",
        }
        refused = await post_form(head, "/cabinet/policy", "/cabinet/policy", typed)
        assert refused.status_code == 422 and "«дд.мм.гггг — дд.мм.гггг»" in refused.text
        assert "28.12.2026 до 11.01.2027</textarea>" in refused.text and 'value="45"' in refused.text
        saved = await post_form(
            head, "/cabinet/policy", "/cabinet/policy", typed | {"holidays": "02.11.2026 — 08.11.2026"}
        )
        assert saved.status_code == 303, saved.text
    policy = (
        await pages_api.get(f"/organisations/{school.organisation_id}/policy", headers=school.curator)
    ).json()
    assert policy["monitoring"] == {"deadlines": ["12-18", "05-15"], "opens_days_before": 10}
    assert (
        policy["escalation"]["time_zone"] == "Asia/Novosibirsk"
        and policy["escalation"]["preparatory_days"] == 45
    )
    assert policy["escalation"]["calendar"]["holidays"] == [{"starts": "2026-11-02", "ends": "2026-11-08"}]
    assert policy["escalation"]["calendar"]["working_weekdays"] == 6


async def test_a_calendar_leaving_no_working_days_is_refused_in_its_own_words(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        page = await curator.get("/cabinet/policy")
        typed = {
            "time_zone": "Europe/Moscow",
            "working_weekdays": "5",
            "official": "yes",
            "holidays": "\n".join(
                (
                    "01.09.2026 — 30.11.2026",
                    "01.12.2026 — 28.02.2027",
                    "01.03.2027 — 31.05.2027",
                    "01.06.2027 — 31.08.2027",
                )
            ),
            "recurring": "01.06 — 31.08",
            "preparatory_days": "30",
            "meeting_grace_days": "7",
            "assessment_days": "14",
            "deadlines": "20.12\n20.05",
            "opens_days_before": "14",
        }
        assert page.status_code == 200
        refused = await post_form(curator, "/cabinet/policy", "/cabinet/policy", typed)
        alert = refused.text.split('role="alert"')[1].split("</div>")[0]
        assert (
            refused.status_code == 422 and "оставляют 0 рабочих дней в году" in alert and "«" not in alert
        ), alert


async def test_the_programme_page_compares_entry_and_exit_as_the_api_does(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    """GET /programmes/{id}/assessments/comparison was API-only: the programme page shows the same pooled
    means per parameter (004 §8.2), with decimal commas."""
    [school] = world(schools=1, pairs=6).schools
    with Session(engine()) as session:  # two mentees of the programme finish with their exit diagnostics
        entries = session.exec(
            select(Assessment).where(
                col(Assessment.pair_id).in_(school.pair_ids[:2]), Assessment.phase == "entry"
            )
        ).all()
        for entry in entries:
            session.add(
                Assessment(
                    id=f"{entry.id}-exit",
                    pair_id=entry.pair_id,
                    participant_id=entry.participant_id,
                    phase="exit",
                    scores={name: value + 1.5 for name, value in entry.scores.items()},
                    submitted_by=school.curator_id,
                    submitted_at=utcnow(),
                )
            )
        session.commit()
    api_view = await pages_api.get(
        f"/programmes/{school.programme_id}/assessments/comparison", headers=school.headers()
    )
    pooled = api_view.json()["by_parameter"]
    assert pooled and all(row["change"] == 1.5 for row in pooled)
    async with cabinet_of(pages_app, pages_api, school.headers()) as curator:
        shown = await curator.get(f"/cabinet/programmes/{school.programme_id}")
    table = shown.text[shown.text.index('id="h-comparison"') :]

    def ru(value: float, sign: str = "") -> str:
        return f"{value:{sign}g}".replace(".", ",")

    for row in pooled:
        change = ru(row["change"], "+") if row["change"] else "без изменений"
        for cell in (row["parameter"], ru(row["entry"]), ru(row["exit"]), change, str(row["participants"])):
            assert f">{cell}</td>" in table, (cell, row)
