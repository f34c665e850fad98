"""In a real browser, each programme-side page walked by its user on a desktop and on a phone (390×844):
the head approves and appoints another curator, the curator enters the coverage table and writes the
SWOT over a colleague's newer version. A refusal is shown in place with what was typed; no phone page
scrolls sideways. Screenshots go to $NASTAVNIK_SCREENSHOTS (docs/screenshots)."""

from __future__ import annotations

from uuid import uuid4

from playwright.async_api import Page, expect
from sqlmodel import Session

from bench.report_world import ROUNDS
from db import web_accounts
from db.models import MentorProfile, Participant, Programme, User
from db.session import engine, utcnow
from tests.api.flows import CONSENT_TEXT
from tests.api.test_reports_api import world
from tests.web.accounts import PASSWORD, Person
from tests.web.browser import shot, sign_in
from tests.web.conftest import Cabinet
from web import accounts


def adult(cabinet: Cabinet, curator: dict[str, str], name: str, years: int) -> str:
    """A teacher of the school's base with both consents (the bases come after them, 004 roadmap 5–6)."""
    created = cabinet.api.post(
        "/participants",
        headers=curator,
        json={"kind": "teacher", "full_name": name, "years_of_experience": years},
    )
    assert created.status_code == 201, created.text
    pid = str(created.json()["id"])
    for kind in ("participation", "personal_data"):
        body = {
            "kind": kind,
            "given_by": "self",
            "text_accepted": CONSENT_TEXT,
            "signed_at": "2026-09-15T10:00:00Z",
        }
        assert (
            cabinet.api.post(f"/participants/{pid}/consents", headers=curator, json=body).status_code == 201
        )
    return pid


def signs_in(user_id: str) -> Person:
    """A seeded user (bench world) with a cabinet password, set through a one-time invitation."""
    login = f"seeded-{uuid4().hex[:8]}@school.test"
    with Session(engine(), expire_on_commit=False) as session:
        user = session.get(User, user_id)
        assert user is not None
        accounts.accept_invitation(
            session, web_accounts.invite(session, user, "test", utcnow()), login, PASSWORD, PASSWORD, utcnow()
        )
        return Person(user.id, login, PASSWORD, user.display_name, user.role, user.organisation_id)


WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 390.5)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')
       + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
  .slice(0, 8)"""


async def fits_the_phone(phone: Page) -> None:
    """Nothing scrolls sideways on a 390px phone; a failure names the elements that stick out."""
    width = await phone.evaluate("document.documentElement.scrollWidth")
    wider = await phone.evaluate(WIDER_THAN_THE_SCREEN) if width > 390 else []
    assert width <= 390, f"the page is {width}px wide on a 390px phone: {wider}"


async def test_the_head_approves_and_appoints_another_curator_through_the_page(
    page: Page, phone: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    second = cabinet.person("curator", school.organisation, display_name="Мария Сергеевна Лебедева")
    cabinet.person("curator", cabinet.school("МБОУ «Гимназия №2»").organisation, display_name="Чужой Куратор")
    created = cabinet.api.post(
        "/programmes",
        headers=school.curator_api,
        json={"title": "Учитель–учитель 2026/27", "academic_year": "2026/27", "forms": ["teacher_teacher"]},
    )
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    for name, years in (("Белова Нина Андреевна", 14), ("Зуев Павел Игоревич", 22)):
        mentor = adult(cabinet, school.curator_api, name, years)
        put = cabinet.api.put(
            f"/programmes/{pid}/mentors/{mentor}",
            headers=school.curator_api,
            json={
                "competences": ["методика"],
                "questionnaire_on": "2026-09-10",
                "interview_on": "2026-09-12",
            },
        )
        assert put.status_code == 200, put.text
    mentee = adult(cabinet, school.curator_api, "Котов Олег Дмитриевич", 1)
    put = cabinet.api.put(
        f"/programmes/{pid}/mentees/{mentee}",
        headers=school.curator_api,
        json={"requests": ["классное руководство"]},
    )
    assert put.status_code == 200, put.text

    await sign_in(page, school.head, "/cabinet/today")
    await page.get_by_role("link", name="Решить").first.click()
    await expect(page.get_by_role("heading", name="Утверждения руководителя")).to_be_visible()
    await expect(page.get_by_text("Чужой Куратор")).to_have_count(0)
    await shot(page, "approvals-head-desktop")

    curator = page.locator("section[aria-labelledby=h-curator]")
    await curator.get_by_label("Куратор из кураторов школы").select_option(label=second.display_name)
    await curator.get_by_role("button", name="Назначить куратором").click()
    await expect(page.get_by_text("Куратор назначен.")).to_be_visible()
    await expect(page.get_by_text(f"Назначен: {second.display_name}.")).to_be_visible()

    roadmap = page.locator("section[aria-labelledby=h-roadmap]")
    await roadmap.get_by_label("Номер документа").fill("ДК-3")
    await roadmap.get_by_label("Дата утверждения").fill("01.09.2026")
    await roadmap.get_by_role("button", name="Утвердить дорожную карту").click()
    await expect(page.get_by_text("Утверждена: № ДК-3 от 01.09.2026.")).to_be_visible()

    registry = page.locator("section[aria-labelledby=h-mentor_registry]")
    await registry.get_by_label("Номер приказа").fill("12-о")
    await registry.get_by_label("Дата приказа").fill("31.09.2026")  # no such day: refused in place
    await registry.get_by_role("button", name="Утвердить реестр наставников").click()
    await expect(page.get_by_role("alert")).to_contain_text("«Дата приказа»")
    registry = page.locator("section[aria-labelledby=h-mentor_registry]")
    await expect(registry.get_by_label("Номер приказа")).to_have_value("12-о")
    await shot(page, "approvals-refused-desktop")
    await registry.get_by_label("Дата приказа").fill("01.10.2026")
    await registry.get_by_role("button", name="Утвердить реестр наставников").click()
    await expect(page.get_by_text("Реестр наставников утверждён.")).to_be_visible()
    await expect(page.get_by_text("Утверждён приказом № 12-о от 01.10.2026")).to_be_visible()

    await sign_in(phone, school.head)
    await phone.goto(f"/cabinet/programmes/{pid}/approvals")
    selected = phone.locator("section[aria-labelledby=h-mentees]")
    await selected.get_by_label("Номер приказа").fill("13-о")
    await selected.get_by_label("Дата приказа").fill("01.10.2026")
    await selected.get_by_role("button", name="Утвердить отобранных наставляемых").click()
    await expect(phone.get_by_text("Утверждены приказом № 13-о от 01.10.2026")).to_be_visible()
    await fits_the_phone(phone)
    await shot(phone, "approvals-head-phone")


async def test_the_curator_enters_the_coverage_table_through_the_page(
    page: Page, phone: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    await sign_in(page, school.curator)
    await page.goto("/cabinet/coverage/2026-27")
    await page.get_by_label("Обучающихся в школе").fill("640")
    await page.get_by_label("Педагогических работников в школе").fill("52")
    await page.get_by_label("2024 год: ученики, %").fill("170")
    await page.get_by_label("Добавить год").fill("2027")
    await page.get_by_label("Добавленный год: ученики, %").fill("75")
    await page.get_by_label("Добавленный год: педагоги, %").fill("40")
    await page.get_by_role("button", name="Сохранить").click()
    await expect(page.get_by_role("alert")).to_contain_text("Год 2000–2100, процент 0–100.")
    await expect(page.get_by_label("2024 год: ученики, %")).to_have_value("170")
    await expect(page.get_by_label("Обучающихся в школе")).to_have_value("640")
    await shot(page, "coverage-refused-desktop")
    await page.get_by_label("2024 год: ученики, %").fill("70")
    await page.get_by_role("button", name="Сохранить").click()
    await expect(page.get_by_text("Численность и целевые показатели сохранены.")).to_be_visible()
    await expect(page.get_by_label("2027 год: педагоги, %")).to_have_value("40")
    await shot(page, "coverage-desktop")

    await sign_in(phone, school.head)
    await phone.goto("/cabinet/coverage/2026-27")
    await expect(phone.get_by_label("Обучающихся в школе")).to_have_value("640")
    await fits_the_phone(phone)
    await shot(phone, "coverage-phone")

    # The school's calendar and deadlines, from the same list of the programmes.
    await page.goto("/cabinet/programmes")
    await page.get_by_role("link", name="Календарь и сроки школы").click()
    await page.get_by_label("Сроки мониторинга: «дд.мм», каждый с новой строки").fill("18.12\n31.02")
    await page.get_by_role("button", name="Сохранить").click()
    await expect(page.get_by_role("alert")).to_contain_text("«Сроки мониторинга»")
    await page.get_by_label("Сроки мониторинга: «дд.мм», каждый с новой строки").fill("18.12\n15.05")
    await page.get_by_role("button", name="Сохранить").click()
    await expect(page.get_by_text("Календарь и сроки сохранены")).to_be_visible()
    await shot(page, "policy-desktop")
    await phone.goto("/cabinet/policy")
    await fits_the_phone(phone)
    await shot(phone, "policy-phone")


async def test_the_curator_writes_the_swot_over_a_newer_version_through_the_page(
    page: Page, phone: Page, cabinet: Cabinet
) -> None:
    [school] = world(schools=1, pairs=10).schools
    curator = signs_in(school.curator_id)
    round_id = ROUNDS[0].round_id
    path = f"/cabinet/programmes/{school.programme_id}/swot/{round_id}"
    await sign_in(page, curator)
    await page.goto(f"/cabinet/programmes/{school.programme_id}")
    await page.get_by_role("link", name=f"SWOT-анализ: мониторинг декабря {round_id[:4]}").click()
    await expect(page.get_by_role("heading", name="Последняя версия")).to_be_visible()
    await shot(page, "swot-desktop")

    # A colleague saves version 2 while this page is open: the save over version 1 is refused in place.
    threats = page.get_by_label("Угрозы (каждый пункт с новой строки)")
    await threats.fill("Нагрузка педагогов в конце четверти\nУсталость к маю")
    colleague = cabinet.api.put(
        f"/programmes/{school.programme_id}/swot/{round_id}",
        headers=school.headers(),
        json={
            "base_version": 1,
            "strengths": ["Встречи по плану"],
            "opportunities": ["Выпускники-наставники"],
        },
    )
    assert colleague.status_code == 201, colleague.text
    await page.get_by_role("button", name="Сохранить версию").click()
    await expect(page.get_by_role("alert")).to_contain_text("SWOT-анализ уже изменён: последняя версия 2.")
    await expect(threats).to_have_value("Нагрузка педагогов в конце четверти\nУсталость к маю")
    await shot(page, "swot-conflict-desktop")
    await page.get_by_role("button", name="Сохранить версию").click()
    await expect(page.get_by_text("SWOT-анализ сохранён.")).to_be_visible()
    await expect(page.get_by_text("Версия 3 —")).to_be_visible()

    await sign_in(phone, curator)
    await phone.goto(path)
    await fits_the_phone(phone)
    await shot(phone, "swot-phone")


async def test_the_curator_pages_through_the_programmes_mentor_base_on_a_phone(
    phone: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    created = cabinet.api.post(
        "/programmes",
        headers=school.curator_api,
        json={"title": "Педагог–педагог 2026/27", "academic_year": "2026/27", "forms": ["teacher_teacher"]},
    )
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    with Session(engine(), expire_on_commit=False) as session:
        for n in range(23):
            someone = Participant(
                id=f"p-{uuid4().hex[:10]}",
                organisation_id=school.organisation.id,
                kind="teacher",
                full_name=f"Наставник {n:02d}",
                years_of_experience=10,
                created_at=utcnow(),
            )
            session.add(someone)
            session.flush()
            session.add(
                MentorProfile(
                    programme_id=pid, participant_id=someone.id, competences=["методика"], capacity=2
                )
            )
        session.commit()
    await sign_in(phone, school.curator)
    await phone.goto(f"/cabinet/programmes/{pid}")
    mentors = phone.locator("section[aria-labelledby=h-mentors]")
    await expect(mentors.get_by_text("В базе 23 наставника.")).to_be_visible()
    await expect(mentors.get_by_role("link", name="Наставник 19")).to_be_visible()
    await mentors.get_by_role("link", name="Дальше →").click()
    mentors = phone.locator("section[aria-labelledby=h-mentors]")
    await expect(mentors.get_by_role("link", name="Наставник 22")).to_be_visible()
    await expect(mentors.get_by_text("Страница 2 из 2")).to_be_visible()
    await expect(mentors.get_by_role("link", name="Наставник 00")).to_have_count(0)
    await fits_the_phone(phone)
    await shot(phone, "programme-bases-phone", full_page=False)


async def test_the_curator_adds_an_award_and_conclusions_to_the_final_report_through_the_page(
    page: Page, phone: Page, cabinet: Cabinet
) -> None:
    [school] = world(schools=1, pairs=6).schools
    with Session(engine(), expire_on_commit=False) as session:
        row = session.get(Programme, school.programme_id)
        assert row is not None
        row.stage = "reflective"  # the read model only: the page offers the closing facts from this stage
        session.add(row)
        session.commit()
    curator = signs_in(school.curator_id)
    await sign_in(page, curator)
    await page.goto(f"/cabinet/programmes/{school.programme_id}")
    completion = page.locator("details#completion")
    await completion.locator("summary").click()
    await completion.get_by_label("Что сделано").select_option(
        label="награждение («Наставник года», «Лучшая пара»)"
    )
    await completion.get_by_label("Награда (для награждения)").select_option(label="«Лучшая пара»")
    await completion.get_by_label("Пары (для «Лучшей пары»)").select_option(index=0)
    await completion.scroll_into_view_if_needed()
    await shot(page, "programme-completion-desktop", full_page=False)
    await page.get_by_role("link", name="дополнить: награды, лучшие практики, выводы").click()
    first = page.get_by_role("group", name="Награда 1")
    await first.get_by_label("Название награды").fill("Наставник года")
    await first.get_by_label("Кого наградили: участник программы").select_option(index=1)
    await page.get_by_label("Лучшие практики (каждая с новой строки)").fill(
        "Проектные встречи\nНаставники-выпускники"
    )
    await page.get_by_label("Выводы").fill("Цели программы достигнуты в 5 парах из 6.")
    second = page.get_by_role("group", name="Награда 2")
    await second.get_by_label("Название награды").fill("Лучшая пара")  # nobody named: refused in place
    await page.get_by_role("button", name="Сохранить версию").click()
    await expect(page.get_by_role("alert")).to_contain_text("Укажите, кого наградили.")
    await expect(page.get_by_label("Выводы")).to_have_value("Цели программы достигнуты в 5 парах из 6.")
    second = page.get_by_role("group", name="Награда 2")
    await second.get_by_label("Или кому (если не участник баз)").fill("Пара Лебедева — Котов")
    await page.get_by_role("button", name="Сохранить версию").click()
    await expect(page.get_by_text("Итоговый отчёт дополнен.")).to_be_visible()
    await expect(page.get_by_text("«Лучшая пара» — Пара Лебедева — Котов")).to_be_visible()
    await shot(page, "final-report-notes-desktop")

    await sign_in(phone, curator)
    await phone.goto(f"/cabinet/programmes/{school.programme_id}/final-report/notes")
    await fits_the_phone(phone)
    await shot(phone, "final-report-notes-phone")
