"""Orders, the mentor registry, plans and consents as .docx, each opened again with python-docx."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest
from docx import Document

from config import settings
from documents.render import DOCX
from tests.api.conftest import School, user
from tests.api.flows import PLAN, consent_all, person, pupil_pair
from tests.api.programme_flows import teacher_programme
from tests.documents.docx_text import table_rows, text

CURATOR = "Иванова Мария Петровна"
HEAD = "Соколова Елена Викторовна"


async def _docx(api: httpx.AsyncClient, path: str, headers: dict[str, str], **params: Any) -> bytes:
    response = await api.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    if dump := os.environ.get("NASTAVNIK_DOCUMENTS_DUMP"):  # to look at them (README: docs/documents/)
        name = unquote(response.headers["content-disposition"].split("filename*=UTF-8''")[1])
        (Path(dump) / name).write_bytes(response.content)
    return response.content


async def test_the_order_lists_exactly_the_pairs_the_programme_fixed_by_it(
    api: httpx.AsyncClient, school: School
) -> None:
    curator = await user(api, "curator", organisation_id=school.organisation_id, display_name=CURATOR)
    head = await user(api, "head", organisation_id=school.organisation_id, display_name=HEAD)
    fixed = await teacher_programme(api, school, curator)
    path = f"/programmes/{fixed.programme_id}/documents/order"

    several = await api.get(path, headers=school.curator)
    assert several.status_code == 409
    assert several.json()["rule"] == "order_number_required"

    content = await _docx(api, path, head, number="77-о")
    rows = table_rows(content, 0)
    assert rows[0] == ["№", "Наставник", "Наставляемый (наставляемые)", "Форма наставничества", "Срок"]
    assert sorted((r[1], r[2]) for r in rows[1:]) == [
        ("Кузнецова Ирина Петровна", "Смирнова Анна Олеговна"),
        ("Орлов Сергей Николаевич", "Волков Павел Андреевич"),
    ]
    assert {r[3] for r in rows[1:]} == {"учитель – учитель"}
    assert {r[4] for r in rows[1:]} == {"с 10.10.2026 по 20.05.2027"}
    body = text(content)
    assert "МБОУ СОШ №1" in body
    assert "«05» октября 2026 г." in body and "№ 77-о" in body
    assert "Зайцева" not in body  # fixed by the other order
    assert "Куратору программы наставничества Ивановой Марии Петровне организовать" in body
    assert f"Руководитель _______________ / {HEAD} /" in body  # the head who downloads it signs it
    signers = table_rows(content, 1)[1:]
    assert sorted(r[0] for r in signers) == sorted(
        [
            "Кузнецова Ирина Петровна",
            "Орлов Сергей Николаевич",
            "Смирнова Анна Олеговна",
            "Волков Павел Андреевич",
        ]
    )

    second = table_rows(await _docx(api, path, school.curator, number="80-о"), 0)[1:]
    assert [(r[1], r[2]) for r in second] == [("Кузнецова Ирина Петровна", "Зайцева Ольга Игоревна")]


async def test_another_schools_documents_are_not_found_and_a_mentor_may_not_file_them(
    api: httpx.AsyncClient, school: School, school_factory: Callable[..., Any]
) -> None:
    fixed = await teacher_programme(api, school)
    other: School = await school_factory()
    pair_id = fixed.orders["80-о"][0]
    mentee_id = fixed.mentees["Зайцева Ольга Игоревна"]
    for path in (
        f"/programmes/{fixed.programme_id}/documents/order?number=80-о",
        f"/programmes/{fixed.programme_id}/documents/mentor-registry",
        f"/pairs/{pair_id}/documents/order",
        f"/pairs/{pair_id}/documents/plan",
        f"/participants/{mentee_id}/documents/consent?kind=personal_data",
    ):
        response = await api.get(path, headers=other.curator)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_one_pair_order_declines_the_names_it_fixes(api: httpx.AsyncClient, school: School) -> None:
    pair_id, mentor, mentee = await pupil_pair(api, school.curator)
    draft = text(await _docx(api, f"/pairs/{pair_id}/documents/order", school.curator))
    assert "«___» ____________ 20___ г." in draft  # before the order is recorded: a draft with blanks
    for member in (mentor, mentee):  # 000 §2.7: the order fixes pairs whose members consented
        await consent_all(api, school.curator, member, minor=True)
    recorded = await api.post(
        f"/pairs/{pair_id}/order", headers=school.curator, json={"number": "45-о", "signed_on": "2026-10-02"}
    )
    assert recorded.status_code == 200, recorded.text
    body = text(await _docx(api, f"/pairs/{pair_id}/documents/order", school.head))
    assert "Закрепить за наставляемой Сидоровой Аней наставника Петрова Илью:" in body
    assert "«02» октября 2026 г." in body and "№ 45-о" in body


async def test_the_mentor_registry_lists_the_selected_mentors(api: httpx.AsyncClient, school: School) -> None:
    curator = await user(api, "curator", organisation_id=school.organisation_id, display_name=CURATOR)
    head = await user(api, "head", organisation_id=school.organisation_id, display_name=HEAD)
    fixed = await teacher_programme(api, school, curator)
    candidate = await person(
        api, school.curator, kind="teacher", full_name="Лебедев Олег Ильич", years_of_experience=9
    )
    await consent_all(api, school.curator, candidate, minor=False)
    not_interviewed = {"competences": ["ИКТ"], "questionnaire_on": "2026-09-10"}
    response = await api.put(
        f"/programmes/{fixed.programme_id}/mentors/{candidate}", headers=curator, json=not_interviewed
    )
    assert response.status_code == 200
    content = await _docx(
        api,
        f"/programmes/{fixed.programme_id}/documents/mentor-registry",
        head,
        number="81-о",
        signed_on="2026-09-20",
    )
    rows = table_rows(content)[1:]
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("1", "Кузнецова Ирина Петровна", "педагог", "классное руководство, ФГОС", "2", "01.10.2026"),
        ("2", "Орлов Сергей Николаевич", "педагог", "классное руководство, ФГОС", "2", "01.10.2026"),
    ]
    body = text(content)
    assert "«20» сентября 2026 г." in body and "в составе 2 чел." in body and "№ 81-о" in body
    assert "Куратору программы наставничества Ивановой Марии Петровне вести реестр" in body


async def test_the_plan_carries_the_goals_schedule_and_mode_of_the_pair(
    api: httpx.AsyncClient, school: School
) -> None:
    pair_id, mentor, mentee = await pupil_pair(api, school.curator)
    missing = await api.get(f"/pairs/{pair_id}/documents/plan", headers=school.curator)
    assert missing.status_code == 409 and missing.json()["rule"] == "plan_approved"
    await consent_all(api, school.curator, mentor, minor=True)
    await consent_all(api, school.curator, mentee, minor=True)
    for path, body in (
        ("order", {"number": "45-о", "signed_on": "2026-10-02"}),
        ("transitions", {"to_stage": "design"}),
        ("plan", PLAN),
        ("transitions", {"to_stage": "implementation"}),
        ("meetings", {"kind": "regular", "held_on": "2026-11-05", "format": "in_person"}),
    ):
        response = await api.post(f"/pairs/{pair_id}/{path}", headers=school.curator, json=body)
        assert response.status_code in (200, 201), response.text
    content = await _docx(api, f"/pairs/{pair_id}/documents/plan", school.curator)
    plan = text(content)
    assert "Наставник: Петров Илья" in plan and "Наставляемый: Сидорова Аня" in plan
    assert "1) Подтянуть математику до «4»" in plan and "2) Подготовиться к олимпиаде" in plan
    assert "Срок реализации: с 01.10.2026 по 20.05.2027" in plan
    assert "Режим работы: смешанный; встречи не реже чем раз в 14 дн." in plan
    assert table_rows(content)[1:] == [
        ["1", "05.11.2026", "проведена"],
        ["2", "19.11.2026", ""],
        ["3", "03.12.2026", ""],
    ]


async def test_a_minors_consents_are_the_guardians_variant_with_the_childs_name_declined(
    api: httpx.AsyncClient, school: School
) -> None:
    _pair_id, mentor, mentee = await pupil_pair(api, school.curator)
    await consent_all(api, school.curator, mentee, minor=True)  # the guardian Иванова Мария Петровна
    path = f"/participants/{mentee}/documents/consent"
    response = await api.get(path, headers=school.curator, params={"kind": "personal_data"})
    assert response.status_code == 200
    filename = "Согласие на обработку ПДн — Сидорова Аня.docx"
    assert f"filename*=UTF-8''{quote(filename)}" in response.headers["content-disposition"]
    body = text(await _docx(api, path, school.curator, kind="personal_data"))
    assert "Я, Иванова Мария Петровна, паспорт" in body
    assert "моего ребёнка Сидоровой Ани, 02.05.2014 г. р., обучающейся 6 класса," in body
    assert "152-ФЗ" in body and "оператору — МБОУ СОШ №1" in body

    participation = text(await _docx(api, path, school.head, kind="participation"))
    assert "законного представителя на участие несовершеннолетнего" in participation
    assert "в качестве наставляемого" in participation
    as_mentor = text(
        await _docx(api, f"/participants/{mentor}/documents/consent", school.curator, kind="participation")
    )
    assert "в качестве наставника" in as_mentor
    assert "Я, ____________________, паспорт" in as_mentor  # no guardian on file: a line to fill in
    named = text(
        await _docx(
            api,
            f"/participants/{mentor}/documents/consent",
            school.curator,
            kind="participation",
            guardian_name="Петрова Ольга Ивановна",
        )
    )
    assert "Я, Петрова Ольга Ивановна," in named and "моего ребёнка Петрова Ильи," in named


async def test_an_adult_signs_their_own_consent_to_mentor(api: httpx.AsyncClient, school: School) -> None:
    teacher = await person(
        api,
        school.curator,
        kind="teacher",
        full_name="Иванова Мария Петровна",
        birth_date="1979-04-12",
        years_of_experience=12,
    )
    body = text(
        await _docx(
            api,
            f"/participants/{teacher}/documents/consent",
            school.curator,
            kind="participation",
            role="mentor",
        )
    )
    assert "Я, Иванова Мария Петровна, дата рождения 12.04.1979, паспорт" in body
    assert "даю согласие на работу наставником" in body
    assert "С Положением о системе наставничества ознакомлена." in body
    assert "/ Иванова М. П. /" in body
    mentee = await api.get(
        f"/participants/{teacher}/documents/consent", headers=school.curator, params={"kind": "participation"}
    )
    assert "в качестве наставляемого" in text(mentee.content)  # in no base and no pair: a mentee by default


async def test_a_school_puts_its_own_letterhead_in_place(
    api: httpx.AsyncClient, school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    letterhead = Document()
    letterhead.add_paragraph("Бланк лицея: {{ school }}, приказ № {{ order_number }}")
    letterhead.save(str(tmp_path / "order_pairs.docx"))
    monkeypatch.setattr(settings, "documents_templates_dir", tmp_path)
    pair_id, mentor, mentee = await pupil_pair(api, school.curator)
    for member in (mentor, mentee):
        await consent_all(api, school.curator, member, minor=True)
    await api.post(
        f"/pairs/{pair_id}/order", headers=school.curator, json={"number": "9", "signed_on": "2026-10-02"}
    )
    assert "Бланк лицея: МБОУ СОШ №1, приказ № 9" in text(
        await _docx(api, f"/pairs/{pair_id}/documents/order", school.curator)
    )
    plan_missing = await api.get(f"/pairs/{pair_id}/documents/plan", headers=school.curator)
    assert plan_missing.json()["rule"] == "plan_approved"  # the other templates stay the shipped ones
