"""Pages for what people did over JSON only (issue 11), over ASGI: the curator records a mentor's additional
agreement on the card and the pair's order refers to it; a mentee ranks the mentors of the programme's bases
(a refused questionnaire keeps what was chosen), a mentor the mentees, the curator on someone's behalf; the
pair's history is paged. Each page calls the application function of its API route."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.items import OpenItems, open_items_with, round_items
from tests.api.conftest import School, make_school, user
from tests.api.flows import consent_all, person, pupil_pair
from tests.api.test_round_questionnaires_api import round_opening_today
from tests.web.pages import cabinet_of, post_form


async def teacher(api: httpx.AsyncClient, school: School, name: str, **fields: object) -> str:
    return await person(api, school.curator, kind="teacher", full_name=name, years_of_experience=12, **fields)


async def test_the_curator_records_a_mentors_agreement_on_the_card(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    own = await teacher(pages_api, school, "Петрова Ольга Ивановна")
    card = f"/cabinet/participants/{own}"
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        refused = await post_form(
            curator, card, f"{card}/agreement", {"number": "ДС-4", "signed_on": "31.02.2026"}
        )
        assert refused.status_code == 422
        assert "«Дата соглашения»: укажите дату." in refused.text
        assert 'value="ДС-4"' in refused.text and 'value="31.02.2026"' in refused.text  # kept as typed
        done = await post_form(
            curator, card, f"{card}/agreement", {"number": "ДС-4", "signed_on": "01.09.2026"}
        )
        assert done.status_code == 303
        shown = await curator.get(done.headers["location"])
        assert "Дополнительное соглашение внесено." in shown.text
        assert "№ ДС-4" in shown.text and "01.09.2026" in shown.text
    listed = await pages_api.get(f"/participants/{own}/agreements", headers=school.curator)
    assert [a["number"] for a in listed.json()] == ["ДС-4"]  # the page wrote through the API's function


async def test_an_agreement_is_recorded_once_by_its_number(pages_api: httpx.AsyncClient) -> None:
    school = await make_school(pages_api)
    own = await teacher(pages_api, school, "Петрова Ольга Ивановна")
    path = f"/participants/{own}/agreements"
    first = await pages_api.post(
        path, headers=school.curator, json={"number": "7", "signed_on": "2026-09-01"}
    )
    again = await pages_api.post(
        path, headers=school.curator, json={"number": "7", "signed_on": "2026-09-01"}
    )
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    other_day = await pages_api.post(
        path, headers=school.curator, json={"number": "7", "signed_on": "2026-09-02"}
    )
    assert other_day.status_code == 409 and other_day.json()["rule"] == "agreement_number_unique"
    assert len((await pages_api.get(path, headers=school.curator)).json()) == 1


async def test_the_card_offers_an_agreement_only_to_the_schools_own_teacher(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    guest = await teacher(pages_api, school, "Гостева Анна Павловна", home_organisation="МБОУ СОШ №7")
    pupil = await person(
        pages_api, school.curator, kind="pupil", full_name="Котов Артём", birth_date="2011-02-03", grade=9
    )
    own = await teacher(pages_api, school, "Петрова Ольга Ивановна")
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        for other in (guest, pupil):
            card = await curator.get(f"/cabinet/participants/{other}")
            assert "Внести дополнительное соглашение" not in card.text
        assert "Внести дополнительное соглашение" in (await curator.get(f"/cabinet/participants/{own}")).text


async def test_the_pairs_order_refers_to_its_mentors_agreement_from_the_page(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    mentor = await teacher(pages_api, school, "Петрова Ольга Ивановна")
    mentee = await person(
        pages_api, school.curator, kind="teacher", full_name="Фролов Денис Олегович", years_of_experience=0
    )
    for someone in (mentor, mentee):
        await consent_all(pages_api, school.curator, someone, minor=False)
    agreement = await pages_api.post(
        f"/participants/{mentor}/agreements",
        headers=school.curator,
        json={"number": "ДС-4", "signed_on": "2026-09-01"},
    )
    created = await pages_api.post(
        "/pairs",
        headers=school.curator,
        json={
            "form": "teacher_teacher",
            "mentor_ids": [mentor],
            "mentee_ids": [mentee],
            "planned_start": "2026-10-01",
            "planned_end": "2027-05-20",
        },
    )
    pair = created.json()["id"]
    page = f"/cabinet/pairs/{pair}"
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        shown = await curator.get(page)
        assert "Петрова Ольга Ивановна: № ДС-4 от 01.09.2026" in shown.text
        fixed = await post_form(
            curator,
            page,
            f"{page}/order",
            {"number": "12-н", "signed_on": "01.10.2026", "agreement_ids": agreement.json()["id"]},
        )
        assert fixed.status_code == 303, fixed.text
    detail = (await pages_api.get(f"/pairs/{pair}", headers=school.curator)).json()
    assert detail["order_number"] == "12-н"
    orders = [e for e in detail["timeline"] if e["action"] == "order_fixed"]
    assert orders and orders[0]["details"]["agreement_ids"] == [agreement.json()["id"]]


async def programme_with_bases(api: httpx.AsyncClient, school: School) -> tuple[str, list[str], list[str]]:
    """A programme with two mentors and two mentees in its bases. Returns (programme, mentors, mentees)."""
    created = await api.post(
        "/programmes", headers=school.curator, json={"title": "Учитель–учитель", "academic_year": "2026/27"}
    )
    assert created.status_code == 201, created.text
    programme = str(created.json()["id"])
    mentors = [
        await teacher(api, school, name) for name in ("Петрова Ольга Ивановна", "Андреев Борис Львович")
    ]
    mentees = [
        await person(api, school.curator, kind="teacher", full_name=name, years_of_experience=1)
        for name in ("Фролов Денис Олегович", "Новикова Елена Игоревна")
    ]
    for someone in mentors + mentees:  # 004 roadmap 5–6, 10: the consent before the bases
        await consent_all(api, school.curator, someone, minor=False)
    for mentor in mentors:
        put = await api.put(f"/programmes/{programme}/mentors/{mentor}", headers=school.curator, json={})
        assert put.status_code == 200, put.text
    for mentee in mentees:
        put = await api.put(
            f"/programmes/{programme}/mentees/{mentee}",
            headers=school.curator,
            json={"requests": ["Дисциплина на уроке"]},
        )
        assert put.status_code == 200, put.text
    return programme, mentors, mentees


def options_of(html: str, name: str) -> list[str]:
    select = re.search(rf'<select id="f-{name}" name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, html
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select.group(1))


async def test_a_mentee_ranks_the_mentors_of_the_programmes_bases_on_a_page(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    programme, mentors, mentees = await programme_with_bases(pages_api, school)
    headers = await user(
        pages_api, "mentee", organisation_id=school.organisation_id, participant_id=mentees[0]
    )
    sheet = f"/cabinet/preferences/{programme}/{mentees[0]}"
    async with cabinet_of(pages_app, pages_api, headers) as mentee:
        my = await mentee.get("/cabinet/my")
        assert "Анкета предпочтений" in my.text and f'href="{sheet}"' in my.text
        shown = await mentee.get(sheet)
        offered = options_of(shown.text, "rank_1")
        assert offered == ["Андреев Борис Львович", "Петрова Ольга Ивановна"]
        twice = await post_form(mentee, sheet, sheet, {"rank_1": mentors[0], "rank_2": mentors[0]})
        assert twice.status_code == 422 and "назван дважды" in twice.text
        kept = re.findall(r'<option value="([^"]+)" selected>', twice.text)
        assert kept == [mentors[0], mentors[0]]  # what was chosen stays chosen
        saved = await post_form(
            mentee, sheet, sheet, {"rank_1": mentors[1], "rank_2": "", "rank_3": mentors[0]}
        )
        assert saved.status_code == 303
        read_back = await mentee.get(saved.headers["location"])
        assert "Анкета сохранена." in read_back.text
        ranked = re.search(r'<ol class="ranked">(.*?)</ol>', read_back.text, re.S)
        assert ranked and ranked.group(1).index("Андреев") < ranked.group(1).index("Петрова")
        other = await mentee.get(f"/cabinet/preferences/{programme}/{mentees[1]}")
        assert other.status_code == 404  # another person's questionnaire is not hers to see
    stored = await pages_api.get(f"/programmes/{programme}/preferences/{mentees[0]}", headers=school.curator)
    assert stored.json()["ranked_ids"] == [mentors[1], mentors[0]]


async def test_the_curator_fills_in_a_mentors_preferences_on_their_behalf(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    programme, mentors, mentees = await programme_with_bases(pages_api, school)
    neighbour = await make_school(pages_api)
    _other_programme, strangers, _ = await programme_with_bases(pages_api, neighbour)
    sheet = f"/cabinet/preferences/{programme}/{mentors[0]}"
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        card = await curator.get(f"/cabinet/participants/{mentors[0]}")
        assert f'href="{sheet}"' in card.text and "не заполнена" in card.text
        shown = await curator.get(sheet)
        assert options_of(shown.text, "rank_1") == [
            "Новикова Елена Игоревна",
            "Фролов Денис Олегович",
        ]
        foreign = await post_form(curator, sheet, sheet, {"rank_1": strangers[0]})
        assert foreign.status_code == 422 and "не из баз программы" in foreign.text
        saved = await post_form(curator, sheet, sheet, {"rank_1": mentees[1]})
        assert saved.status_code == 303
        card = await curator.get(f"/cabinet/participants/{mentors[0]}")
        assert "1 человек назван" in card.text


async def test_a_participant_states_only_their_own_preferences(pages_api: httpx.AsyncClient) -> None:
    school = await make_school(pages_api)
    programme, mentors, mentees = await programme_with_bases(pages_api, school)
    mentee = await user(
        pages_api, "mentee", organisation_id=school.organisation_id, participant_id=mentees[0]
    )
    own = await pages_api.put(
        f"/programmes/{programme}/preferences/{mentees[0]}", headers=mentee, json={"ranked_ids": [mentors[0]]}
    )
    assert own.status_code == 200, own.text
    for someone in (mentees[1], mentors[0]):
        refused = await pages_api.put(
            f"/programmes/{programme}/preferences/{someone}", headers=mentee, json={"ranked_ids": []}
        )
        assert refused.status_code in (403, 404)
    itself = await pages_api.put(
        f"/programmes/{programme}/preferences/{mentees[0]}", headers=mentee, json={"ranked_ids": [mentees[0]]}
    )
    assert itself.status_code == 422 and itself.json()["rule"] == "preference_of_others"
    head = await pages_api.put(
        f"/programmes/{programme}/preferences/{mentees[0]}", headers=school.head, json={"ranked_ids": []}
    )
    assert head.status_code == 403 and head.json()["rule"] == "preferences_own"


async def test_a_pairs_history_is_paged_newest_first(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pair, mentor, mentee = await pupil_pair(pages_api, school.curator)
    for someone in (mentor, mentee):
        await consent_all(pages_api, school.curator, someone, minor=True)
    for day in range(1, 23):  # with the pair's creation and consents, more entries than a page holds
        logged = await pages_api.post(
            f"/pairs/{pair}/meetings",
            headers=school.curator,
            json={"kind": "introduction", "held_on": f"2026-11-{day:02d}", "format": "online"},
        )
        assert logged.status_code in (200, 201), logged.text
    api_page = await pages_api.get(f"/pairs/{pair}/timeline", headers=school.curator, params={"limit": 20})
    first = api_page.json()
    total = first["total"]
    assert total > 20 and len(first["items"]) == 20
    assert [e["seq"] for e in first["items"]] == sorted((e["seq"] for e in first["items"]), reverse=True)
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        page_one = await curator.get(f"/cabinet/pairs/{pair}")
        history = re.search(r'<ol class="timeline"[^>]*>(.*?)</ol>', page_one.text, re.S)
        assert history and history.group(1).count("<li>") == 20
        assert "— создана" not in history.group(1)  # the oldest entry is on the last page
        assert f"{total} записей, сначала новые." in page_one.text or f"{total} записи" in page_one.text
        assert 'href="?history=2#h-timeline"' in page_one.text
        last = -(-total // 20)
        page_last = await curator.get(f"/cabinet/pairs/{pair}?history={last}")
        assert f"Страница {last} из {last}" in page_last.text
        history = re.search(r'<ol class="timeline"[^>]*>(.*?)</ol>', page_last.text, re.S)
        assert history and "— создана" in history.group(1)
        assert history.group(1).count("<li>") == total - 20 * (last - 1)


async def test_a_person_sets_where_notifications_are_emailed_on_the_notifications_page(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    _pair, _mentor, mentee = await pupil_pair(pages_api, school.curator)
    headers = await user(pages_api, "mentee", organisation_id=school.organisation_id, participant_id=mentee)
    page = "/cabinet/notifications"
    async with cabinet_of(pages_app, pages_api, headers) as mentee_page:
        shown = await mentee_page.get(page)
        assert "Адрес не указан" in shown.text
        refused = await post_form(mentee_page, page, f"{page}/email", {"email": "anya at school"})
        assert refused.status_code == 422
        assert "«Адрес электронной почты»: значение в неверном формате." in refused.text
        assert 'value="anya at school"' in refused.text  # kept as typed
        saved = await post_form(mentee_page, page, f"{page}/email", {"email": "anya@school.test"})
        assert saved.status_code == 303
        after = await mentee_page.get(saved.headers["location"])
        assert "Уведомления приходят и на anya@school.test." in after.text
    assert (await pages_api.get("/me/email", headers=headers)).json() == {"email": "anya@school.test"}


async def test_the_history_shows_the_texts_people_wrote_only_to_the_readers_of_the_pairs_records(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pair, _mentor, _mentee = await pupil_pair(pages_api, school.curator)
    ended = await pages_api.post(
        f"/pairs/{pair}/termination",
        headers=school.curator,
        json={"reason": "mutual_decision", "comment": "Семья переезжает в другой город"},
    )
    assert ended.status_code == 200, ended.text
    coordinator = await user(pages_api, "coordinator", district=school.district)
    for headers, sees in ((school.head, True), (coordinator, False)):
        history = (await pages_api.get(f"/pairs/{pair}/timeline", headers=headers)).json()["items"]
        assert history[0]["action"] == "terminated"  # the figures and stages for everyone who sees the pair
        assert (history[0]["reason"] == "Семья переезжает в другой город") is sees
    async with cabinet_of(pages_app, pages_api, coordinator) as district:
        shown = await district.get(f"/cabinet/pairs/{pair}")
        assert shown.status_code == 200 and "досрочное завершение" in shown.text
        assert "Семья переезжает" not in shown.text


async def test_the_head_reads_a_questionnaire_and_the_coordinator_does_not(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    programme, mentors, mentees = await programme_with_bases(pages_api, school)
    put = await pages_api.put(
        f"/programmes/{programme}/preferences/{mentees[1]}",
        headers=school.curator,
        json={"ranked_ids": [mentors[0]]},
    )
    assert put.status_code == 200, put.text
    sheet = f"/cabinet/preferences/{programme}/{mentees[1]}"
    async with cabinet_of(pages_app, pages_api, school.head) as head:
        shown = await head.get(sheet)
        assert shown.status_code == 200 and "Петрова Ольга Ивановна" in shown.text
        assert "Сохранить анкету" not in shown.text  # the head reads, the person or the curator fills in
    coordinator = await user(pages_api, "coordinator", district=school.district)
    async with cabinet_of(pages_app, pages_api, coordinator) as district:
        assert (await district.get(sheet)).status_code == 403


async def test_the_coordinator_publishes_a_new_questionnaire_version_from_a_page(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    coordinator = await user(pages_api, "coordinator", district=school.district)
    page = "/cabinet/questionnaires/mentor"
    async with cabinet_of(pages_app, pages_api, coordinator) as district:
        listed = await district.get("/cabinet/questionnaires")
        assert listed.status_code == 200 and 'href="/cabinet/questionnaires/mentor"' in listed.text
        shown = await district.get(page)
        form = {k: v for k, v in re.findall(r'name="(q\d+_[a-z_]+|title)"[^>]*value="([^"]*)"', shown.text)}
        texts = dict(re.findall(r'name="(q\d+_text)"[^>]*>([^<]*)</textarea>', shown.text))
        kinds = dict(
            re.findall(r'name="(q\d+_kind)"[^>]*>.*?<option value="([a-z]+)" selected', shown.text, re.S)
        )
        options = dict(re.findall(r'name="(q\d+_options)"[^>]*>([^<]*)</textarea>', shown.text))
        existing = len([k for k, v in texts.items() if v])
        data = {**form, **texts, **kinds, **options}
        data = {
            k: v.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&") for k, v in data.items()
        }
        data |= {f"q{i}_required": "yes" for i in range(existing)}
        new = f"q{existing}"
        data |= {
            f"{new}_text": "Хватает ли вам времени на встречи?",
            f"{new}_kind": "closed",
            f"{new}_options": "да",
        }
        refused = await post_form(district, page, page, data)
        assert refused.status_code == 422, refused.text[:2000]
        assert (
            f"Вопрос {existing + 1}: у закрытого вопроса не меньше двух разных вариантов ответа."
            in refused.text
        )
        assert "Хватает ли вам времени на встречи?" in refused.text  # kept as typed
        data[f"{new}_options"] = "да\nнет"
        published = await post_form(district, page, page, data)
        assert published.status_code == 303 and published.headers["location"].endswith("done=published")
        after = await district.get(published.headers["location"])
        assert "Новая версия опубликована" in after.text and "версия № 2" in after.text
    in_force = await pages_api.get("/questionnaires", headers=school.curator)
    mentor = next(v for v in in_force.json() if v["respondent"] == "mentor")
    assert mentor["version"] == 2 and mentor["questions"][-1]["options"] == ["да", "нет"]
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        read = await curator.get(page)
        assert "Хватает ли вам времени на встречи?" in read.text
        assert "Опубликовать новую версию" not in read.text  # the coordinator publishes, the school reads


async def test_the_pair_page_compares_entry_and_exit_diagnostics(
    pages_app: FastAPI, pages_api: httpx.AsyncClient
) -> None:
    school = await make_school(pages_api)
    pair, _mentor, mentee = await pupil_pair(pages_api, school.curator)
    for phase, scores in (
        ("entry", {"вовлечённость": 3, "тревожность": 4}),
        ("exit", {"вовлечённость": 5, "тревожность": 4}),
    ):
        body = {"participant_id": mentee, "phase": phase, "scores": scores}
        done = await pages_api.post(f"/pairs/{pair}/assessments", headers=school.curator, json=body)
        assert done.status_code in (200, 201), done.text
    api_view = (await pages_api.get(f"/pairs/{pair}/assessments/comparison", headers=school.curator)).json()
    assert api_view["by_parameter"][0] == {
        "parameter": "вовлечённость",
        "entry": 3.0,
        "exit": 5.0,
        "change": 2.0,
        "participants": 1,
    }
    async with cabinet_of(pages_app, pages_api, school.curator) as curator:
        shown = await curator.get(f"/cabinet/pairs/{pair}")
        table = shown.text[shown.text.index('id="h-comparison"') :]
        rows = re.findall(
            r"<tr><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td></tr>",
            table,
        )
        assert ("Сидорова Аня", "вовлечённость", "3", "5", "+2") in rows
        assert ("Сидорова Аня", "тревожность", "4", "4", "без изменений") in rows


async def test_the_round_page_shows_the_schools_answers_to_its_curator_and_head_only(
    pages_app: FastAPI, pages_api: httpx.AsyncClient, env: WorkflowEnvironment, worker: Worker
) -> None:
    school = await make_school(pages_api)
    pair, _mentor, mentee = await pupil_pair(pages_api, school.curator)
    headers = await user(pages_api, "mentee", organisation_id=school.organisation_id, participant_id=mentee)
    opened = round_opening_today(school, worker)
    await open_items_with(env.client, OpenItems(items=round_items(opened), task_queue=worker.task_queue))
    form = (
        await pages_api.get(
            "/monitoring/questionnaires/form",
            headers=headers,
            params={"round_id": opened.round_id, "pair_id": pair},
        )
    ).json()
    questions = form["version"]["questions"]
    answers = {
        q["id"]: q["scale_max"]
        if q["kind"] == "scale"
        else q["options"][0]
        if q["kind"] == "closed"
        else "Мне нравится"
        for q in questions
    }
    answers = {
        k: [v] if any(q["id"] == k and q.get("multiple") for q in questions) else v
        for k, v in answers.items()
    }
    sent = await pages_api.post(
        "/monitoring/questionnaires",
        headers=headers,
        json={"round_id": opened.round_id, "pair_id": pair, "answers": answers},
    )
    assert sent.status_code in (200, 201), sent.text
    page = f"/cabinet/rounds/{opened.round_id}"
    for staff in (school.curator, school.head):
        async with cabinet_of(pages_app, pages_api, staff) as reader:
            shown = await reader.get(page)
            assert "Ответы — 1" in shown.text and "Сидорова Аня" in shown.text
            assert questions[0]["text"] in shown.text  # the question by its text, not its id
    coordinator = await user(pages_api, "coordinator", district=school.district)
    async with cabinet_of(pages_app, pages_api, coordinator) as district:
        shown = await district.get(f"{page}?organisation_id={school.organisation_id}")
        assert shown.status_code == 200 and "Ответы —" not in shown.text
