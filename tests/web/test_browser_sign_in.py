"""In a real browser: signing in leads to «Сегодня», signing out ends the session, a forged form is
refused, wrong passwords lock the account."""

from __future__ import annotations

from playwright._impl._api_structures import SetCookieParam
from playwright.async_api import Page, expect

from domain.sign_in import LOCK_AFTER
from tests.web.browser import shot, sign_in
from tests.web.conftest import Cabinet


async def test_the_curator_signs_in_and_lands_on_today(page: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    await page.goto("/")
    await expect(page.get_by_role("heading", name="Вход в кабинет")).to_be_visible()
    await shot(page, "sign-in")
    await sign_in(page, school.curator)
    await expect(page.get_by_role("heading", name="Сегодня")).to_be_visible()
    await expect(page.get_by_text("Анна Петровна Смирнова", exact=True)).to_be_visible()
    await expect(page.get_by_role("link", name="Сегодня")).to_have_attribute("aria-current", "page")


async def test_signing_out_ends_the_session_and_the_old_cookie_no_longer_works(
    page: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    await sign_in(page, school.curator)
    old_cookies: list[SetCookieParam] = [
        {"name": c["name"], "value": c["value"], "url": cabinet.base_url}
        for c in await page.context.cookies()
    ]
    await page.get_by_role("button", name="Выйти").click()
    await expect(page.get_by_role("heading", name="Вход в кабинет")).to_be_visible()
    await page.context.add_cookies(old_cookies)  # the old session cookie, put back
    await page.goto("/cabinet/today")
    await expect(page.get_by_role("heading", name="Вход в кабинет")).to_be_visible()


async def test_a_forged_form_without_the_csrf_token_is_refused(page: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    await sign_in(page, school.curator)
    await page.evaluate(
        """() => {
            const form = document.querySelector('form[action="/sign-out"]');
            form.querySelector('input[name="csrf_token"]').remove();
            form.submit();
        }"""
    )
    await expect(page.get_by_role("heading", name="Нет доступа")).to_be_visible()
    await expect(page.get_by_text("Форма отправлена не со страницы кабинета")).to_be_visible()
    await page.goto("/cabinet/today")  # nothing was done: still signed in
    await expect(page.get_by_role("heading", name="Сегодня")).to_be_visible()


async def test_wrong_passwords_lock_the_account_and_the_form_keeps_the_login(
    page: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    await page.goto("/sign-in")
    for _ in range(LOCK_AFTER):
        await page.get_by_label("Логин").fill(school.curator.login)
        await page.get_by_label("Пароль").fill("совсем не тот пароль")
        await page.get_by_role("button", name="Войти").click()
        await expect(page.get_by_role("alert")).to_be_visible()
        await expect(page.get_by_label("Логин")).to_have_value(school.curator.login)
    await expect(page.get_by_role("alert")).to_contain_text("заблокирован")
    await page.get_by_label("Пароль").fill(school.curator.password)
    await page.get_by_role("button", name="Войти").click()
    await expect(page.get_by_role("alert")).to_contain_text("заблокирован")
    await shot(page, "sign-in-locked")
