"""In a real browser: the operator invites a school's curator, the curator invites a mentor; each link is
shown once, sets the person's password and leads to their start page; a used link is dead."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect

from tests.web.browser import shot, sign_in
from tests.web.conftest import Cabinet
from tests.web.seed import participant


async def accept(browser: Browser, cabinet: Cabinet, link: str, login: str) -> Page:
    context = await browser.new_context(base_url=cabinet.base_url, locale="ru-RU")
    page = await context.new_page()
    await page.goto(link)
    await page.get_by_label("Логин").fill(login)
    await page.get_by_label("Пароль", exact=True).fill("пароль-из-приглашения")
    await page.get_by_label("Пароль ещё раз").fill("пароль-из-приглашения")
    await page.get_by_role("button", name="Сохранить и войти").click()
    return page


async def test_invitations_from_the_operator_and_the_curator_set_passwords_once(
    page: Page, browser: Browser, cabinet: Cabinet
) -> None:
    school = cabinet.school(name="МБОУ «Лицей №3»")
    operator = cabinet.person("admin", display_name="Оператор сервиса")
    await sign_in(page, operator)
    await expect(page.get_by_role("heading", name="Приглашения")).to_be_visible()
    await page.get_by_label("Роль", exact=True).select_option("curator")
    await page.get_by_label("Фамилия, имя, отчество").fill("Кузнецова Мария Ивановна")
    await page.get_by_label("Школа (для руководителя и куратора)").select_option(school.organisation.id)
    await page.get_by_role("button", name="Пригласить").click()
    link = (await page.locator("#invitation-link").inner_text()).strip()
    assert "/invite/" in link
    curator_page = await accept(browser, cabinet, "/" + link.split("//", 1)[1].split("/", 1)[1], "kuznetsova")
    await expect(curator_page.get_by_role("heading", name="Сегодня")).to_be_visible()
    await expect(curator_page.get_by_text("Кузнецова Мария Ивановна", exact=True)).to_be_visible()

    mentor = participant(
        cabinet.api,
        school.curator_api,
        kind="teacher",
        full_name="Новиков Артём Сергеевич",
        years_of_experience=12,
    )
    await curator_page.goto("/cabinet/invitations")
    await curator_page.get_by_label("Участник").select_option(mentor)
    await curator_page.get_by_label("Роль в кабинете").select_option("mentor")
    await curator_page.get_by_role("button", name="Пригласить").click()
    await expect(curator_page.get_by_role("status")).to_contain_text("Новиков Артём Сергеевич")
    await expect(
        curator_page.get_by_role("cell", name="наставник: приглашён, ссылка ещё не открыта")
    ).to_be_visible()
    await shot(curator_page, "invitations-curator")
    mentor_link = (await curator_page.locator("#invitation-link").inner_text()).strip()
    path = "/" + mentor_link.split("//", 1)[1].split("/", 1)[1]
    mentor_page = await accept(browser, cabinet, path, "novikov")
    await expect(mentor_page).to_have_url(f"{cabinet.base_url}/cabinet/my")
    await mentor_page.goto(path)  # the link is used up
    await expect(mentor_page.get_by_role("alert")).to_contain_text("недействительна")
