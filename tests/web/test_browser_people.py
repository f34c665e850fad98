"""In a real browser, as their users, on a desktop and on a phone (390×844): the curator records a mentor's
additional agreement on the card (a refused date is shown in place with what was typed); a mentee ranks
her preferred mentors from «Мои пары»; the curator fills in a mentor's questionnaire from the card; the
pair's history pages. Screenshots go to $NASTAVNIK_SCREENSHOTS (docs/screenshots)."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.web.browser import shot, sign_in
from tests.web.conftest import Cabinet
from tests.web.test_browser_programme_side import adult, fits_the_phone


async def test_the_curator_records_a_mentors_agreement_on_the_card_in_a_browser(
    page: Page, phone: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    teacher = adult(cabinet, school.curator_api, "Петрова Ольга Ивановна", 15)
    await sign_in(page, school.curator)
    await page.goto(f"/cabinet/participants/{teacher}")
    form = page.locator("details#agreement")
    await form.locator("summary").click()
    await form.get_by_label("Номер соглашения").fill("ДС-4")
    await form.get_by_label("Дата соглашения").fill("31.09.2026")
    await form.get_by_role("button", name="Внести соглашение").click()
    refusal = page.get_by_role("alert")
    await expect(refusal).to_contain_text("«Дата соглашения»: укажите дату.")
    await expect(page.locator("details#agreement").get_by_label("Номер соглашения")).to_have_value("ДС-4")
    await shot(page, "agreement-refused-desktop")
    await page.locator("details#agreement").get_by_label("Дата соглашения").fill("01.09.2026")
    await page.locator("details#agreement").get_by_role("button", name="Внести соглашение").click()
    await expect(page.get_by_text("Дополнительное соглашение внесено.")).to_be_visible()
    row = page.locator("#agreements + .table-wrap tbody tr")
    await expect(row).to_contain_text("№ ДС-4")
    await expect(row).to_contain_text("01.09.2026")
    await expect(row).to_contain_text("Анна Петровна Смирнова")  # who recorded it, by name
    await shot(page, "agreement-desktop")

    # The pair's order refers to the mentor's agreement (000 §2.7): a box to tick on the order's form.
    mentee = adult(cabinet, school.curator_api, "Фролов Денис Олегович", 0)
    created = cabinet.api.post(
        "/pairs",
        headers=school.curator_api,
        json={
            "form": "teacher_teacher",
            "mentor_ids": [teacher],
            "mentee_ids": [mentee],
            "planned_start": "2026-10-01",
            "planned_end": "2027-05-20",
        },
    )
    assert created.status_code == 201, created.text
    await page.goto(f"/cabinet/pairs/{created.json()['id']}")
    order = page.locator("details#order")
    await order.locator("summary").click()
    await order.get_by_label("Номер приказа").fill("12-н")
    await order.get_by_label("Дата приказа").fill("01.10.2026")
    await order.get_by_label("Петрова Ольга Ивановна: № ДС-4 от 01.09.2026").check()
    await order.scroll_into_view_if_needed()
    await shot(page, "order-with-agreement-desktop", full_page=False)
    await order.get_by_role("button", name="Внести приказ").click()
    await expect(page.get_by_text("Приказ внесён.")).to_be_visible()
    await expect(page.get_by_text("Приказ № 12-н от 01.10.2026.")).to_be_visible()

    await sign_in(phone, school.curator)
    await phone.goto(f"/cabinet/participants/{teacher}#agreements")
    await expect(
        phone.get_by_role("heading", name="Дополнительные соглашения к трудовому договору")
    ).to_be_visible()
    await fits_the_phone(phone)
    await shot(phone, "agreement-phone")


def programme_with_bases(cabinet: Cabinet, curator: dict[str, str]) -> tuple[str, list[str], list[str]]:
    created = cabinet.api.post(
        "/programmes", headers=curator, json={"title": "Молодой учитель", "academic_year": "2026/27"}
    )
    assert created.status_code == 201, created.text
    programme = str(created.json()["id"])
    mentors = [
        adult(cabinet, curator, name, years)
        for name, years in (("Петрова Ольга Ивановна", 15), ("Андреев Борис Львович", 22))
    ]
    mentees = [
        adult(cabinet, curator, name, 1)
        for name in ("Фролов Денис Олегович", "Новикова Елена Игоревна", "Соколова Ирина Павловна")
    ]
    for mentor in mentors:
        put = cabinet.api.put(f"/programmes/{programme}/mentors/{mentor}", headers=curator, json={})
        assert put.status_code == 200, put.text
    for mentee in mentees:
        put = cabinet.api.put(
            f"/programmes/{programme}/mentees/{mentee}",
            headers=curator,
            json={"requests": ["Дисциплина на уроке"]},
        )
        assert put.status_code == 200, put.text
    return programme, mentors, mentees


async def test_a_mentee_ranks_her_preferred_mentors_on_a_phone(phone: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    _programme, _mentors, mentees = programme_with_bases(cabinet, school.curator_api)
    mentee = cabinet.person(
        "mentee", school.organisation, participant_id=mentees[0], display_name="Фролов Денис Олегович"
    )
    await sign_in(phone, mentee)
    await phone.goto("/cabinet/my")
    await expect(phone.get_by_role("heading", name="Анкета предпочтений")).to_be_visible()
    await fits_the_phone(phone)
    await shot(phone, "my-preferences-phone")
    await phone.get_by_role("link", name="Заполнить анкету").click()
    await expect(phone.get_by_role("heading", name="Анкета предпочтений", level=1)).to_be_visible()
    await fits_the_phone(phone)
    await shot(phone, "preferences-empty-phone")
    await phone.get_by_label("1-й выбор").select_option(label="Петрова Ольга Ивановна")
    await phone.get_by_label("2-й выбор").select_option(label="Петрова Ольга Ивановна")
    await phone.get_by_role("button", name="Сохранить анкету").click()
    await expect(phone.get_by_role("alert")).to_contain_text("назван дважды")
    first = await phone.get_by_label("1-й выбор").input_value()
    assert first and await phone.get_by_label("2-й выбор").input_value() == first  # kept as chosen
    await fits_the_phone(phone)
    await shot(phone, "preferences-refused-phone")
    await phone.get_by_label("2-й выбор").select_option(label="Андреев Борис Львович")
    await phone.get_by_role("button", name="Сохранить анкету").click()
    await expect(phone.get_by_text("Анкета сохранена.")).to_be_visible()
    ranked = phone.locator("ol.ranked li")
    await expect(ranked).to_have_count(2)
    await expect(ranked.nth(0)).to_contain_text("Петрова Ольга Ивановна")
    await expect(ranked.nth(1)).to_contain_text("Андреев Борис Львович")
    await fits_the_phone(phone)
    await shot(phone, "preferences-phone")


async def test_the_curator_fills_in_a_mentors_questionnaire_from_the_card(
    page: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    _programme, mentors, _mentees = programme_with_bases(cabinet, school.curator_api)
    await sign_in(page, school.curator)
    await page.goto(f"/cabinet/participants/{mentors[1]}")
    await page.get_by_role("link", name="«Молодой учитель»").click()
    await expect(page.get_by_text("участник: Андреев Борис Львович")).to_be_visible()
    await page.get_by_label("1-й выбор").select_option(label="Соколова Ирина Павловна")
    await page.get_by_label("2-й выбор").select_option(label="Новикова Елена Игоревна")
    await page.get_by_role("button", name="Сохранить анкету").click()
    await expect(page.get_by_text("Анкета сохранена.")).to_be_visible()
    await shot(page, "preferences-curator-desktop")
    await page.get_by_role("link", name="Андреев Борис Львович").click()
    await expect(page.locator("#preferences + ul")).to_contain_text("2 человека названы")


async def test_the_pairs_history_pages_in_a_browser(page: Page, phone: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    mentor = adult(cabinet, school.curator_api, "Петрова Ольга Ивановна", 15)
    mentee = adult(cabinet, school.curator_api, "Фролов Денис Олегович", 1)
    created = cabinet.api.post(
        "/pairs",
        headers=school.curator_api,
        json={
            "form": "teacher_teacher",
            "mentor_ids": [mentor],
            "mentee_ids": [mentee],
            "planned_start": "2026-10-01",
            "planned_end": "2027-05-20",
        },
    )
    assert created.status_code == 201, created.text
    pair = created.json()["id"]
    for day in range(1, 23):
        logged = cabinet.api.post(
            f"/pairs/{pair}/meetings",
            headers=school.curator_api,
            json={"kind": "introduction", "held_on": f"2026-11-{day:02d}", "format": "in_person"},
        )
        assert logged.status_code in (200, 201), logged.text
    await sign_in(page, school.curator)
    await page.goto(f"/cabinet/pairs/{pair}")
    history = page.locator("section[aria-labelledby=h-timeline]")
    await expect(history.locator("ol.timeline > li")).to_have_count(20)
    await expect(history).to_contain_text("Страница 1 из 2")
    await history.get_by_role("link", name="Дальше →").click()
    await expect(page).to_have_url(f"{cabinet.base_url}/cabinet/pairs/{pair}?history=2#h-timeline")
    await expect(history).to_contain_text("Страница 2 из 2")
    await expect(history.locator("ol.timeline > li").last).to_contain_text("создана")
    await shot(page, "pair-history-desktop", full_page=False)

    for phase, scores in (("entry", {"вовлечённость": 3}), ("exit", {"вовлечённость": 5})):
        body = {"participant_id": mentee, "phase": phase, "scores": scores}
        done = cabinet.api.post(f"/pairs/{pair}/assessments", headers=school.curator_api, json=body)
        assert done.status_code in (200, 201), done.text
    await sign_in(phone, school.curator)
    await phone.goto(f"/cabinet/pairs/{pair}#h-comparison")
    await expect(phone.get_by_role("heading", name="Вход и выход: что изменилось")).to_be_visible()
    await fits_the_phone(phone)
    await shot(phone, "pair-comparison-phone", full_page=False)
    await phone.goto(f"/cabinet/pairs/{pair}?history=2#h-timeline")
    await expect(phone.locator("section[aria-labelledby=h-timeline]")).to_contain_text("Страница 2 из 2")
    await fits_the_phone(phone)
    await shot(phone, "pair-history-phone", full_page=False)


async def test_a_mentor_sets_the_address_for_notifications_on_a_phone(phone: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    teacher = adult(cabinet, school.curator_api, "Петрова Ольга Ивановна", 15)
    mentor = cabinet.person(
        "mentor", school.organisation, participant_id=teacher, display_name="Петрова Ольга Ивановна"
    )
    await sign_in(phone, mentor)
    await phone.goto("/cabinet/notifications")
    field = phone.get_by_label("Адрес электронной почты")
    await field.fill("petrova@school.test")
    await phone.get_by_role("button", name="Сохранить адрес").click()
    await expect(phone.get_by_text("Уведомления приходят и на petrova@school.test.")).to_be_visible()
    await fits_the_phone(phone)
    await shot(phone, "notifications-email-phone")


async def test_the_coordinator_publishes_a_questionnaire_in_a_browser(page: Page, cabinet: Cabinet) -> None:
    school = cabinet.school("МБОУ «Школа №9»")
    coordinator = cabinet.person(
        "coordinator", district=school.organisation.district, display_name="Ковалёва Нина"
    )
    await sign_in(page, coordinator)
    await page.get_by_role("link", name="Анкеты").click()
    await expect(page.get_by_role("heading", name="Анкеты мониторинга")).to_be_visible()
    await shot(page, "questionnaires-coordinator-desktop")
    await page.locator("a[href='/cabinet/questionnaires/mentor']").click()
    new = page.locator("fieldset.question").filter(has=page.get_by_label("Текст вопроса", exact=True)).last
    await new.get_by_label("Текст вопроса").fill("Хватает ли вам времени на встречи?")
    await new.get_by_label("Тип вопроса").select_option(label="закрытый: выбор из вариантов")
    await new.get_by_label("Варианты ответа (для закрытого вопроса)").fill("да")
    await page.get_by_role("button", name="Опубликовать новую версию").click()
    await expect(page.get_by_role("alert")).to_contain_text("у закрытого вопроса не меньше двух")
    marked = page.locator("fieldset.question.refused")
    await expect(marked.get_by_label("Текст вопроса")).to_have_value("Хватает ли вам времени на встречи?")
    await expect(marked.get_by_label("Варианты ответа (для закрытого вопроса)")).to_have_attribute(
        "aria-invalid", "true"
    )
    await marked.scroll_into_view_if_needed()
    await shot(page, "questionnaire-refused-desktop", full_page=False)
    await marked.get_by_label("Варианты ответа (для закрытого вопроса)").fill("да\nнет")
    await page.get_by_role("button", name="Опубликовать новую версию").click()
    await expect(page.get_by_text("Новая версия опубликована")).to_be_visible()
