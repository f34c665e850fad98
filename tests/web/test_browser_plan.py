"""In a real browser, through the pages only: a mentor proposes the individual plan on a phone with every part
001 §4.8 lists (a refused term is shown in place, with what was typed kept), the mentee agrees on a phone,
the curator approves it and downloads the plan document, which holds the problem, the content and the
planned results; the mentor records an intermediate result (002 item 22); a change of the agreed plan waits
for both sides (001 §4.13); the mentee petitions the head, who decides on the same page (003 §6.2)."""

from __future__ import annotations

import io

from docx import Document
from playwright.async_api import Page, expect

from tests.web.browser import shot, sign_in
from tests.web.conftest import Cabinet
from tests.web.seed import pupil_pair
from tests.web.test_browser_journeys import ago, open_form

PROBLEM = "Аня теряется на контрольных по математике и боится отвечать у доски."
CONTENT = "Разбор задач после уроков дважды в месяц; пробные контрольные; подготовка к олимпиаде."
PLANNED = "Контрольные на «4» к маю; участие в школьной олимпиаде."
CONSENT = "Согласие на участие в программе наставничества и на обработку персональных данных."


def consent_and_order(cabinet: Cabinet, curator: dict[str, str], pair: str, people: list[str]) -> None:
    """What the curator did on other pages before (their own tests walk them): consents and the order."""
    for who in people:
        for kind in ("participation", "personal_data"):
            body = {
                "kind": kind,
                "given_by": "guardian",
                "guardian_name": "Иванова Мария Петровна",
                "text_accepted": CONSENT,
                "signed_at": "2026-09-15T10:00:00Z",
            }
            done = cabinet.api.post(f"/participants/{who}/consents", headers=curator, json=body)
            assert done.status_code == 201, done.text
    done = cabinet.api.post(
        f"/pairs/{pair}/order", headers=curator, json={"number": "45-о", "signed_on": "2026-10-02"}
    )
    assert done.status_code == 200, done.text


async def fill(form: object, fields: dict[str, str]) -> None:
    for label, value in fields.items():
        field = form.get_by_label(label, exact=True)  # type: ignore[attr-defined]
        if await field.evaluate("e => e.tagName") == "SELECT":
            await field.select_option(label=value)
        else:
            await field.fill(value)


async def no_wider_than_the_phone(phone: Page) -> None:
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"


async def test_a_plan_proposed_on_a_phone_agreed_by_the_mentee_and_approved_by_the_curator(
    phone: Page, page: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    pair, mentor_id, mentee_id = pupil_pair(cabinet.api, school.curator_api)
    consent_and_order(cabinet, school.curator_api, pair, [mentor_id, mentee_id])
    mentor = cabinet.person(
        "mentor", school.organisation, participant_id=mentor_id, display_name="Петров Илья"
    )
    mentee = cabinet.person(
        "mentee", school.organisation, participant_id=mentee_id, display_name="Сидорова Аня"
    )

    # The mentor, on a phone: from the pair to its plan; a term beyond the kind's is refused in place.
    await sign_in(phone, mentor)
    await phone.goto(f"/cabinet/pairs/{pair}")
    await phone.get_by_role("link", name="План пары").click()
    await expect(phone.get_by_role("heading", name="Индивидуальный план", exact=True)).to_be_visible()
    draft = await open_form(phone, "draft")
    typed = {
        "Описание проблемы": PROBLEM,
        "Цели и задачи (каждая с новой строки)": "Подтянуть математику до «4»\nПодготовиться к олимпиаде",
        "Содержание деятельности наставника и наставляемого": CONTENT,
        "Планируемые результаты": PLANNED,
        "Расписание встреч: даты дд.мм.гггг, каждая с новой строки": "05.11.2026\n19.11.2026\n03.12.2026",
        "Периодичность встреч, дней": "14",
        "Режим работы": "смешанный",
        "Начало": "01.10.2026",
        "Окончание": "20.09.2026",
    }
    await fill(draft, typed)
    await shot(phone, "plan-draft-form-phone")
    await draft.get_by_role("button", name="Предложить").click()
    refusal = phone.get_by_role("alert")
    await expect(refusal).to_contain_text("Не выполнено.")
    draft = phone.locator("details#draft")
    await expect(draft.get_by_label("Описание проблемы")).to_have_value(PROBLEM)
    await expect(draft.get_by_label("Планируемые результаты")).to_have_value(PLANNED)
    await shot(phone, "plan-draft-refused-phone")
    await draft.get_by_label("Окончание").fill("20.05.2027")
    await draft.get_by_role("button", name="Предложить").click()
    await expect(phone.get_by_text("Проект плана сохранён")).to_be_visible()
    await expect(phone.get_by_text("Ждём согласия: Сидорова Аня")).to_be_visible()
    await no_wider_than_the_phone(phone)
    await shot(phone, "plan-drafted-phone")
    await phone.context.clear_cookies()

    # The mentee, on a phone: «Мои пары» says a draft waits for her; she reads it as written and agrees.
    await sign_in(phone, mentee)
    await phone.goto("/cabinet/my")
    await phone.get_by_role("link", name="Проект индивидуального плана ждёт вашего согласия").click()
    card = phone.locator("article.draft")
    await expect(card).to_contain_text(PROBLEM)
    await expect(card).to_contain_text(CONTENT)
    await expect(card).to_contain_text("Подготовиться к олимпиаде")
    await expect(card.get_by_role("button", name="Утвердить план")).to_have_count(0)
    await card.get_by_role("button", name="Согласен(на) с проектом").click()
    await expect(phone.get_by_text("Согласие с проектом плана внесено.")).to_be_visible()
    await expect(phone.locator("article.draft")).to_contain_text("Сидорова Аня (наставляемый")
    await phone.goto("/cabinet/my")
    await expect(phone.get_by_text("ждёт вашего согласия")).to_have_count(0)
    await phone.goto(f"/cabinet/pairs/{pair}/plan")
    await no_wider_than_the_phone(phone)
    await shot(phone, "plan-agreed-phone")

    # The curator approves it and downloads the document: the problem, content and planned results in it.
    await sign_in(page, school.curator)
    await page.goto(f"/cabinet/pairs/{pair}/plan")
    await page.locator("article.draft").get_by_role("button", name="Утвердить план").click()
    await expect(page.get_by_text("Индивидуальный план утверждён.")).to_be_visible()
    in_force = page.locator("section[aria-labelledby=h-in-force]")
    await expect(in_force).to_contain_text(PLANNED)
    await shot(page, "plan-approved-desktop")
    async with page.expect_download() as waiting:
        await in_force.get_by_role("link", name="Индивидуальный план (.docx)").click()
    download = await waiting.value
    path = await download.path()
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    for part in (PROBLEM, CONTENT, PLANNED, "Подтянуть математику до «4»"):
        assert part in text, part

    # On to implementation (the curator's pair page does this; its own tests walk it).
    for stage in ("design", "implementation"):
        moved = cabinet.api.post(
            f"/pairs/{pair}/transitions", headers=school.curator_api, json={"to_stage": stage}
        )
        assert moved.status_code == 200, moved.text

    # The mentor records an intermediate result on the phone; it is listed and goes into the document.
    await phone.context.clear_cookies()
    await sign_in(phone, mentor)
    await phone.goto(f"/cabinet/pairs/{pair}/plan")
    result = await open_form(phone, "result")
    await fill(result, {"Дата": ago(1), "Чего достигли": "Первая контрольная на «4»"})
    await result.get_by_role("button", name="Внести").click()
    await expect(phone.get_by_text("Промежуточный результат внесён.")).to_be_visible()
    await expect(phone.locator("section[aria-labelledby=h-results]")).to_contain_text(
        "Первая контрольная на «4»"
    )

    # A change of the agreed plan: proposed by the mentor, it waits for the mentee; the curator's approval
    # before that is refused in place with the rule's words.
    draft = await open_form(phone, "draft")
    await fill(
        draft,
        typed
        | {
            "Содержание деятельности наставника и наставляемого": "Добавить шахматы.",
            "Окончание": "20.05.2027",
        },
    )
    await draft.get_by_role("button", name="Предложить").click()
    await expect(phone.get_by_text("Проект плана сохранён")).to_be_visible()
    await shot(phone, "plan-change-phone")
    await page.goto(f"/cabinet/pairs/{pair}/plan")
    await page.locator("article.draft").get_by_role("button", name="Утвердить план").click()
    await expect(page.get_by_role("alert")).to_contain_text("нет согласия наставляемого Сидоровой Ани")
    await expect(page.locator("section[aria-labelledby=h-in-force]")).not_to_contain_text("Добавить шахматы.")
    await shot(page, "plan-change-refused-desktop")


async def test_a_mentees_petition_filed_on_a_phone_and_decided_by_the_head(
    phone: Page, page: Page, cabinet: Cabinet
) -> None:
    school = cabinet.school()
    pair, _mentor_id, mentee_id = pupil_pair(cabinet.api, school.curator_api)
    mentee = cabinet.person(
        "mentee", school.organisation, participant_id=mentee_id, display_name="Сидорова Аня"
    )
    await sign_in(phone, mentee)
    await phone.goto(f"/cabinet/pairs/{pair}/plan")
    proposal = await open_form(phone, "proposal")
    await proposal.get_by_label("Что изменить в плане").fill("Встречаться по субботам")
    await proposal.get_by_role("button", name="Отправить").click()
    await expect(phone.locator("section[aria-labelledby=h-proposals]")).to_contain_text(
        "Встречаться по субботам"
    )
    petition = await open_form(phone, "petition")
    await petition.get_by_label("Почему нужна замена наставника").fill("Не удаётся договориться о встречах")
    await petition.get_by_role("button", name="Подать ходатайство").click()
    await expect(phone.get_by_text("Ходатайство подано руководителю.")).to_be_visible()
    petitions = phone.locator("section[aria-labelledby=h-petitions]")
    await expect(petitions).to_contain_text("на рассмотрении у руководителя")
    await expect(petitions).to_contain_text("Не удаётся договориться о встречах")
    await no_wider_than_the_phone(phone)
    await shot(phone, "plan-petition-phone")

    await sign_in(page, school.head)
    await page.goto(f"/cabinet/pairs/{pair}/plan")
    decide = page.locator("section[aria-labelledby=h-petitions] details.command")
    await decide.locator("summary").click()
    await decide.get_by_label("Отклонить").check()
    await decide.get_by_label("Комментарий").fill("Сначала поговорим втроём с куратором")
    await decide.get_by_role("button", name="Принять решение").click()
    await expect(page.get_by_text("Решение по ходатайству принято.")).to_be_visible()
    await expect(page.locator("section[aria-labelledby=h-petitions]")).to_contain_text("отклонено")
    await expect(page.locator("section[aria-labelledby=h-petitions]")).to_contain_text("поговорим втроём")
    await shot(page, "plan-petition-decided-desktop")
