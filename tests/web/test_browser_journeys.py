"""In a real browser, through the pages only: the curator's year from signing in to a pair completed and a
group terminated early (a refused transition shows the rule's text and keeps the form); a mentor logs a
meeting on a phone; a mentee answers a monitoring round's questionnaire. Screenshots of the main pages go
to $NASTAVNIK_SCREENSHOTS (docs/screenshots)."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.async_api import Locator, Page, expect

from tests.web.browser import shot, sign_in
from tests.web.conftest import Cabinet

CONSENT = "Согласие на участие в программе наставничества и на обработку персональных данных."


def ago(days: int) -> str:
    """A past day as people type it: дд.мм.гггг."""
    return (date.today() - timedelta(days=days)).strftime("%d.%m.%Y")


async def open_form(page: Page, form_id: str) -> Locator:
    """Open a collapsed command form (its <summary>) and return it."""
    details = page.locator(f"details#{form_id}")
    if await details.get_attribute("open") is None:
        await details.locator("summary").click()
    return details


async def add_person(
    page: Page, kind: str, name: str, birth: str = "", grade: str = "", years: str = ""
) -> None:
    await page.goto("/cabinet/participants")
    form = await open_form(page, "add")
    await form.get_by_label("Кто это").select_option(label=kind)
    await form.get_by_label("ФИО").fill(name)
    if birth:
        await form.get_by_label("Дата рождения").fill(birth)
    if grade:
        await form.get_by_label("Класс (для ученика)").fill(grade)
    if years:
        await form.get_by_label("Стаж, лет (для педагога)").fill(years)
    await form.get_by_role("button", name="Добавить").click()
    await expect(page.get_by_role("heading", name=name)).to_be_visible()


async def add_consents(page: Page, guardian: str) -> None:
    """On a participant's card: both consents, given by the guardian."""
    for kind in ("на участие в программе", "на обработку персональных данных"):
        form = await open_form(page, "consent")
        await form.get_by_label("Согласие", exact=True).select_option(label=kind)
        await form.get_by_label("Кто дал согласие").select_option(label="законный представитель")
        await form.get_by_label("ФИО законного представителя").fill(guardian)
        await form.get_by_label("Дата подписания").fill("15.09.2026")
        await form.get_by_role("button", name="Внести согласие").click()
        await expect(page.get_by_text("Согласие внесено.")).to_be_visible()


async def form_pair(page: Page, form: str, mentors: list[str], mentees: list[str]) -> None:
    await page.goto("/cabinet/pairs")
    new = await open_form(page, "new-pair")
    await new.get_by_label("Форма наставничества").select_option(label=form)
    await new.get_by_label("Наставники").select_option(label=mentors)
    await new.get_by_label("Наставляемые").select_option(label=mentees)
    await new.get_by_label("Начало").fill("2026-10-01")
    await new.get_by_label("Окончание").fill("2027-05-20")
    await new.get_by_role("button", name="Сформировать").click()
    await expect(page.get_by_text("Пара сформирована")).to_be_visible()


async def command(page: Page, form_id: str, fields: dict[str, str], button: str, done: str) -> None:
    """Fill a pair command's form (labels → values; a select is chosen by its label) and see it done."""
    form = await open_form(page, form_id)
    for label, value in fields.items():
        field = form.get_by_label(label, exact=True)
        if await field.evaluate("e => e.tagName") == "SELECT":
            await field.select_option(label=value)
        else:
            await field.fill(value)
    await form.get_by_role("button", name=button).click()
    await expect(page.get_by_text(done)).to_be_visible()


async def test_the_curators_year_through_the_pages(page: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    await sign_in(page, school.curator)

    await add_person(page, "ученик", "Петров Илья", birth="2010-03-01", grade="10")
    await add_consents(page, "Петрова Ольга Ивановна")
    await add_person(page, "ученик", "Сидорова Аня", birth="2014-05-02", grade="6")
    await page.goto("/cabinet/participants")
    await shot(page, "participants-desktop")

    await form_pair(
        page, "ученик–ученик", ["Петров Илья — ученик, 10 класс"], ["Сидорова Аня — ученик, 6 класс"]
    )
    pair_url = page.url.split("?")[0]

    # Anya has no consents yet: the transition is refused in place, with the rule's text and the comment kept.
    transition = await open_form(page, "transition")
    await transition.get_by_label("Комментарий (необязательно)").fill("Пробуем перейти")
    await transition.get_by_role("button", name="Перейти").click()
    refusal = page.get_by_role("alert")
    await expect(refusal).to_contain_text("Не выполнено.")
    await expect(refusal).to_contain_text("наставляемого Сидоровой Ани")
    await expect(page.locator("details#transition textarea")).to_have_value("Пробуем перейти")
    await shot(page, "pair-refused-desktop")

    await page.goto("/cabinet/participants?name=Сидорова")
    await page.get_by_role("link", name="Сидорова Аня").click()
    await add_consents(page, "Сидорова Мария Петровна")
    await shot(page, "participant-card-desktop")

    await page.goto(pair_url)
    # The order fixes the pair once its members consented (000 §2.7).
    await command(
        page,
        "order",
        {"Номер приказа": "45-о", "Дата приказа": "02.10.2026"},
        "Внести приказ",
        "Приказ внесён.",
    )
    await command(page, "transition", {}, "Перейти", "Этап пары изменён.")
    plan = {
        "Цели (каждая с новой строки)": "Подтянуть математику до «4»\nПодготовиться к олимпиаде",
        "График встреч: даты дд.мм.гггг, каждая с новой строки": "05.11.2026\n19.11.2026\n03.12.2026",
        "Периодичность встреч, дней": "14",
        "Формат встреч": "смешанный",
        "Начало": "01.10.2026",
        "Окончание": "2027-05-20",
    }
    await command(page, "plan", plan, "Утвердить план", "Индивидуальный план утверждён.")
    await command(page, "transition", {}, "Перейти", "Этап пары изменён.")
    for kind, days in (("регулярная встреча", 20), ("итоговая встреча", 10)):
        meeting = {"Вид встречи": kind, "Дата встречи": ago(days), "Формат": "очно"}
        await command(page, "meeting", meeting, "Отметить встречу", "Встреча отмечена.")
    await command(page, "transition", {}, "Перейти", "Этап пары изменён.")
    for kind, text in (
        ("отчёт наставника", "Цели достигнуты."),
        ("рефлексия наставляемого", "Стало понятнее."),
    ):
        await command(page, "reflection", {"Что это": kind, "Текст": text}, "Сохранить", "Текст сохранён.")
    await command(page, "transition", {}, "Перейти", "Этап пары изменён.")
    await command(page, "transition", {}, "Перейти", "Этап пары изменён.")
    await expect(page.get_by_text("Пара завершена", exact=False).first).to_be_visible()
    await expect(page.get_by_text("Стало понятнее.")).to_be_visible()
    await shot(page, "pair-completed-desktop")

    # A teacher–teacher group, terminated early.
    await add_person(page, "педагог", "Орлова Вера Павловна", years="15")
    await add_person(page, "педагог", "Киселёв Дмитрий", years="1")
    await add_person(page, "педагог", "Лебедева Ольга", years="2")
    await form_pair(
        page,
        "учитель–учитель",
        ["Орлова Вера Павловна — педагог"],
        ["Киселёв Дмитрий — педагог", "Лебедева Ольга — педагог"],
    )
    await expect(
        page.get_by_role("heading", name="Группа: Орлова Вера Павловна → Киселёв Дмитрий, Лебедева Ольга")
    ).to_be_visible()
    await shot(page, "group-desktop")
    ending = {"Причина": "по обоюдному решению", "Комментарий": "Участники перешли в другую школу"}
    await command(page, "termination", ending, "Завершить досрочно", "Пара завершена досрочно.")
    await expect(page.get_by_text("по обоюдному решению").first).to_be_visible()

    await page.goto("/cabinet/pairs")
    await expect(page.get_by_text("2 пары")).to_be_visible()
    await shot(page, "pairs-desktop")


def consented(cabinet: Cabinet, curator_api: dict[str, str], participant_id: str, minor: bool) -> None:
    """Both consents, kept before the bases, the order and the first meetings (000 §2.3–2.7)."""
    for kind in ("participation", "personal_data"):
        body = {
            "kind": kind,
            "given_by": "guardian" if minor else "self",
            "text_accepted": "Согласие на участие и на обработку персональных данных.",
            "signed_at": "2026-09-15T10:00:00Z",
        } | ({"guardian_name": "Законный представитель"} if minor else {})
        given = cabinet.api.post(f"/participants/{participant_id}/consents", headers=curator_api, json=body)
        assert given.status_code == 201, given.text


def seeded_pair(cabinet: Cabinet, curator_api: dict[str, str]) -> tuple[str, str, str]:
    """A pupil pair formed through the API (the curator's part is the journey above)."""
    ids = []
    for name, birth, grade in (("Петров Илья", "2010-03-01", 10), ("Сидорова Аня", "2014-05-02", 6)):
        created = cabinet.api.post(
            "/participants",
            headers=curator_api,
            json={"kind": "pupil", "full_name": name, "birth_date": birth, "grade": grade},
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
        consented(cabinet, curator_api, ids[-1], minor=True)
    body = {
        "form": "student_student",
        "mentor_ids": [ids[0]],
        "mentee_ids": [ids[1]],
        "planned_start": "2026-10-01",
        "planned_end": "2027-05-20",
    }
    pair = cabinet.api.post("/pairs", headers=curator_api, json=body)
    assert pair.status_code == 201, pair.text
    return pair.json()["id"], ids[0], ids[1]


async def test_a_mentor_logs_a_meeting_on_a_phone(phone: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    pair, mentor_id, _mentee_id = seeded_pair(cabinet, school.curator_api)
    mentor = cabinet.person(
        "mentor", school.organisation, participant_id=mentor_id, display_name="Петров Илья"
    )
    await sign_in(phone, mentor)
    await expect(phone.get_by_role("heading", name="Мои пары")).to_be_visible()
    await shot(phone, "my-pairs-phone")
    form = await open_form(phone, f"meeting-{pair}")
    await form.get_by_label("Вид встречи").select_option(label="пробная рабочая встреча")
    await form.get_by_label("Дата встречи").fill(ago(1))
    await form.get_by_label("Формат").select_option(label="онлайн")
    await form.get_by_role("button", name="Отметить").click()
    await expect(phone.get_by_text("Встреча отмечена.")).to_be_visible()
    await expect(phone.get_by_text("1 встреча")).to_be_visible()
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing wider than the phone's screen"

    await phone.goto(f"/cabinet/pairs/{pair}?open=fit")
    fit = phone.locator("details#fit")
    await fit.get_by_label("Да").check()
    await fit.get_by_label("Комментарий (необязательно)").fill("Интересно заниматься")
    await fit.get_by_role("button", name="Ответить").click()
    await expect(phone.get_by_text("Ответ о пробной встрече сохранён.")).to_be_visible()
    await expect(phone.get_by_text("«Интересно заниматься»")).to_be_visible()
    await shot(phone, "pair-phone")


async def test_a_mentee_answers_a_questionnaire(phone: Page, cabinet: Cabinet) -> None:
    from activities.items import OpenRound, round_items, write_item_rows

    school = cabinet.school()
    pair, _mentor_id, mentee_id = seeded_pair(cabinet, school.curator_api)
    today = date.today()
    opened = OpenRound(
        organisation_id=school.organisation.id,
        district=school.organisation.district,
        round_id=f"{today:%Y-%m}",
        opens_on=today,
        due_on=today + timedelta(days=14),
        task_queue="unused",
    )
    write_item_rows(round_items(opened))  # the round opens today (MonitoringWorkflow's activity does this)
    mentee = cabinet.person(
        "mentee", school.organisation, participant_id=mentee_id, display_name="Сидорова Аня"
    )
    await sign_in(phone, mentee)
    await phone.get_by_role("link", name="Заполнить анкету").first.click()
    await expect(phone.locator("form textarea, form fieldset").first).to_be_visible()
    for group in await phone.locator("form fieldset").all():
        await group.locator("input").last.check()
    for text in await phone.locator("form textarea").all():
        await text.fill("Мне нравится")
    await shot(phone, "questionnaire-phone")
    await phone.get_by_role("button", name="Отправить анкету").click()
    await expect(phone.get_by_text("Анкета отправлена. Спасибо!")).to_be_visible()
    await phone.goto(f"/cabinet/my/questionnaire?round_id={opened.round_id}&pair_id={pair}")
    await expect(phone.get_by_text("Ваши ответы")).to_be_visible()


async def test_the_curator_matches_and_accepts_with_the_order(page: Page, cabinet: Cabinet) -> None:
    school = cabinet.school()
    api, headers = cabinet.api, school.curator_api
    body = {"title": "Молодые педагоги 2026/27", "academic_year": "2026/27", "forms": ["teacher_teacher"]}
    programme = api.post("/programmes", headers=headers, json=body).json()["id"]
    for name, competence in (
        ("Орлова Вера Павловна", "математика"),
        ("Киселёв Андрей Ильич", "классное руководство"),
    ):
        mentor = api.post(
            "/participants",
            headers=headers,
            json={"kind": "teacher", "full_name": name, "years_of_experience": 14},
        )
        consented(cabinet, headers, mentor.json()["id"], minor=False)
        selected = {"competences": [competence], "capacity": 2, "questionnaire_on": "2026-09-10"}
        selected |= {"interview_on": "2026-09-12", "trained_on": "2026-09-30"}
        api.put(f"/programmes/{programme}/mentors/{mentor.json()['id']}", headers=headers, json=selected)
    for name, years, wanted in (
        ("Лебедева Ольга", 1, "математика"),
        ("Николаев Пётр", 2, "классное руководство"),
        ("Смирнова Ирина", 25, "математика"),
    ):
        mentee = api.post(
            "/participants",
            headers=headers,
            json={"kind": "teacher", "full_name": name, "years_of_experience": years},
        )
        consented(cabinet, headers, mentee.json()["id"], minor=False)
        api.put(
            f"/programmes/{programme}/mentees/{mentee.json()['id']}",
            headers=headers,
            json={"requests": [wanted]},
        )

    await sign_in(page, school.curator)
    await page.goto(f"/cabinet/programmes/{programme}")
    await shot(page, "programme-desktop")
    await page.get_by_role("button", name="Подобрать пары").click()
    await expect(page.get_by_role("heading", name="Предложение пар")).to_be_visible()
    await expect(
        page.locator("strong", has_text="Смирнова Ирина")
    ).to_be_visible()  # unmatched, with the reason
    await shot(page, "proposal-desktop")
    await page.get_by_label("Номер приказа").fill("90-о")
    await page.get_by_label("Дата приказа").fill("2026-10-05")
    await page.get_by_label("Начало работы пар").fill("2026-10-10")
    await page.get_by_label("Окончание").fill("2027-05-20")
    await page.get_by_role("button", name="Принять и закрепить пары").click()
    await expect(page.get_by_text("Пары закреплены приказом")).to_be_visible()
    await expect(page.get_by_text("2 пары: подготовительный — 2")).to_be_visible()
