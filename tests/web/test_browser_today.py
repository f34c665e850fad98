"""In a real browser: the curator's «Сегодня», the overdue list's filters and pages, a round's status,
notifications that open the page of their subject, and another school's pair as the not-found page."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.async_api import Page, expect

from tests.web.browser import shot, sign_in
from tests.web.conftest import Cabinet
from tests.web.seed import escalated, notification, pupil_pair


async def test_the_curators_today_overdue_round_and_notifications(
    page: Page, phone: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    org = school.organisation
    pair_id, mentor_id, mentee_id = pupil_pair(cabinet.api, school.curator_api)
    # The year's list of teachers who need a mentor is refreshed (000 §6.5.3.1): not one of today's items.
    refreshed = cabinet.api.post(f"/organisations/{org.id}/mentee-roster/refresh", headers=school.curator_api)
    assert refreshed.status_code == 200, refreshed.text
    today = date.today()
    escalated(org, "no_meeting", "curator", today - timedelta(days=4), pair_id=pair_id)
    escalated(
        org,
        "entry_assessment",
        "head",
        today - timedelta(days=9),
        pair_id=pair_id,
        owner_participant_id=mentee_id,
    )
    for n in range(26):  # enough reminders for a second page
        escalated(
            org, "exit_assessment", "owner", today - timedelta(days=1 + n % 3), owner_participant_id=mentor_id
        )
    escalated(
        org,
        "questionnaire",
        "coordinator",
        date(2026, 5, 20),
        pair_id=pair_id,
        owner_participant_id=mentee_id,
        round_id="2026-05",
    )
    notification(
        school.curator.user_id, org, "Эскалация: нет встреч дольше периодичности плана", f"/pairs/{pair_id}"
    )

    await sign_in(page, school.curator)
    await expect(page.get_by_role("heading", name="Сегодня")).to_be_visible()
    await expect(page.get_by_text("Эскалации — 3 пункта")).to_be_visible()  # the owners’ reminders are not
    await expect(page.get_by_text("Пары, которые не могут перейти дальше — 1 пара")).to_be_visible()
    await expect(page.get_by_role("link", name="Петров Илья — Сидорова Аня").first).to_be_visible()
    await expect(page.get_by_text("Ещё не сдали: Сидорова Аня.")).to_be_visible()
    await shot(page, "today-curator")

    await page.get_by_role("link", name="Просрочено").first.click()
    await expect(page.get_by_text("Найдено: 29 пунктов.")).to_be_visible()
    await expect(page.get_by_text("Страница 1 из 2")).to_be_visible()
    await shot(page, "overdue", full_page=False)
    await page.get_by_label("Ступень").select_option("head")
    await page.get_by_role("button", name="Показать").click()
    await expect(page.get_by_text("Найдено: 1 пункт.")).to_be_visible()
    await expect(page.get_by_role("cell", name="входная диагностика")).to_be_visible()
    await page.get_by_role("button", name="Отметить просмотренным").click()
    await expect(page.get_by_text("Анна Петровна Смирнова,")).to_be_visible()  # who acknowledged, when
    await expect(page.get_by_label("Ступень")).to_have_value("head")  # the filter is kept
    await page.goto("/cabinet/overdue?kind=exit_assessment&page=2")
    await expect(page.get_by_text("Найдено: 26 пунктов.")).to_be_visible()
    await expect(page.get_by_text("Страница 2 из 2")).to_be_visible()

    await page.goto("/cabinet/rounds/2026-05")
    await expect(page.get_by_role("heading", name="Мониторинг мая 2026")).to_be_visible()
    await expect(page.get_by_role("cell", name="Сидорова Аня", exact=True)).to_be_visible()
    await page.goto("/cabinet/rounds/2026-12")
    await expect(page.get_by_text("Раунд ещё не открыт: он откроется")).to_be_visible()

    await page.goto("/cabinet/notifications")
    await expect(page.get_by_text("1 непрочитанное")).to_be_visible()
    await page.get_by_role("button", name="Открыть").click()
    await expect(page).to_have_url(f"{cabinet.base_url}/cabinet/pairs/{pair_id}")

    await sign_in(phone, school.curator)
    await expect(phone.get_by_role("heading", name="Сегодня")).to_be_visible()
    await shot(phone, "today-curator-phone", full_page=False)
    await phone.goto("/cabinet/overdue")
    await shot(phone, "overdue-phone", full_page=False)


async def test_another_schools_pair_shows_the_not_found_page(page: Page, cabinet: Cabinet) -> None:
    ours, theirs = cabinet.school(), cabinet.school(name="МБОУ «Гимназия №2»")
    their_pair, _, _ = pupil_pair(cabinet.api, theirs.curator_api)
    await sign_in(page, ours.curator)
    response = await page.goto(f"/cabinet/pairs/{their_pair}")
    assert response is not None and response.status == 404
    await expect(page.get_by_role("heading", name="Страница не найдена")).to_be_visible()
    await expect(page.get_by_text("Пара не найдена.")).to_be_visible()
    api = cabinet.api.get(f"/pairs/{their_pair}", headers=ours.curator_api)
    assert api.status_code == 404  # exactly where the API answers 404
    await shot(page, "not-found")
