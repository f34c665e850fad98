"""In a real browser: a refusal on a pair's page names the people in the case the sentence needs
(issue 12 point 22) — «нет согласия … наставника Петрова Ильи», never an id or the nominative — and
shows its codes by their Russian labels."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.web.browser import shot, sign_in
from tests.web.conftest import Cabinet
from tests.web.seed import pupil_pair


async def test_refusals_name_the_mentor_in_the_genitive_on_the_pair_page(
    page: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    pair_id, _mentor, _mentee = pupil_pair(cabinet.api, school.curator_api)
    await sign_in(page, school.curator)
    await page.goto(f"/cabinet/pairs/{pair_id}")
    blocker = page.get_by_text("Что мешает:")
    await expect(blocker).to_contain_text("от законного представителя наставника Петрова Ильи")
    await expect(blocker).to_contain_text("наставляемого Сидоровой Ани")
    await expect(blocker).not_to_contain_text("person-")
    await expect(blocker).not_to_contain_text("#genitive")
    # The pair's codes read in Russian: its role model too (labelled_codes).
    await expect(page.get_by_text("успевающий – неуспевающий")).to_be_visible()
    await expect(page.get_by_text("succeeding_struggling")).to_have_count(0)
    await shot(page, "refusal-named-in-the-genitive")


async def test_refusals_name_the_people_on_a_phone_too(phone: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    pair_id, _mentor, _mentee = pupil_pair(cabinet.api, school.curator_api, "Кузнецов Пётр", "Орлова Дарья")
    await sign_in(phone, school.curator)
    await phone.goto(f"/cabinet/pairs/{pair_id}")
    blocker = phone.get_by_text("Что мешает:")
    await expect(blocker).to_contain_text("наставника Кузнецова Петра")
    await expect(blocker).to_contain_text("наставляемого Орловой Дарьи")
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing scrolls sideways at 390 px
    await shot(phone, "refusal-named-in-the-genitive-phone")
