"""Importing the mentor and mentee bases from XLSX and CSV through the API's own rules."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import httpx
from openpyxl import Workbook, load_workbook

from documents.bases import Base, header
from documents.sheets import XLSX, Sheet, to_csv
from tests.api.conftest import School
from tests.api.flows import consent_all, person
from tests.api.programme_flows import programme

MENTEE_ROWS: list[list[Any]] = [
    [
        "У-101",
        "Смирнова Анна Олеговна",
        "педагог",
        None,
        None,
        1,
        "да",
        None,
        "классное руководство",
        1,
        None,
    ],
    [
        "У-102",
        "Волков Павел Андреевич",
        "педагог",
        None,
        None,
        2,
        "нет",
        "да",
        "ФГОС; ИКТ",
        1,
        "учитель – учитель",
    ],
    ["У-103", "Зайцева Ольга Игоревна", "педагог", None, 15, "много", None, None, "ИКТ", None, None],
    ["У-104", "Орлова Дарья Сергеевна", "педагог", None, None, 0, None, None, "наставничество", 2, None],
    ["У-105", "Кузнецов Илья Петрович", "педагог", None, None, 3, None, None, "олимпиады", None, None],
]


def _xlsx(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers or header(Base.MENTEES))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def _import(
    api: httpx.AsyncClient, school: School, pid: str, base: str, content: bytes, name: str, **params: Any
) -> httpx.Response:
    return await api.post(
        f"/programmes/{pid}/bases/{base}/import",
        headers=school.curator,
        params=params,
        files={"file": (name, content)},
    )


async def _people(api: httpx.AsyncClient, school: School) -> dict[str, dict[str, Any]]:
    listed = await api.get("/participants", headers=school.curator, params={"limit": 1000})
    return {p["external_id"]: p for p in listed.json()["items"]}


async def _consented(api: httpx.AsyncClient, school: School, rows: list[list[Any]]) -> dict[str, str]:
    """The rows' people as cards with their consents, recorded through the API before the base is loaded
    (004 roadmap 5–6, 10: the consent before the bases). Key → id."""
    ids = {}
    for row in rows:
        ids[row[0]] = await person(api, school.curator, kind="teacher", full_name=row[1], external_id=row[0])
        await consent_all(api, school.curator, ids[row[0]], minor=False)
    return ids


async def test_the_template_has_the_import_columns_and_a_help_sheet(
    api: httpx.AsyncClient, school: School
) -> None:
    response = await api.get("/bases/mentors/template", headers=school.curator)
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == header(Base.MENTORS)
    assert book.worksheets[0].max_row == 1
    assert book.sheetnames == ["База наставников", "Справка"]
    assert book["Справка"]["A2"].value == "Табельный номер"


async def test_one_bad_row_in_the_middle_stores_nothing_and_is_named(
    api: httpx.AsyncClient, school: School
) -> None:
    pid = await programme(api, school)
    await _consented(api, school, MENTEE_ROWS)
    refused = await _import(api, school, pid, "mentees", _xlsx(MENTEE_ROWS), "база.xlsx")
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["rule"] == "import_rows_invalid"
    assert "строках 4" in problem["detail"]
    assert {(e["row"], e["column"], e["rule"], e["message"]) for e in problem["errors"]} == {
        (4, "Класс", "less_than_equal", "Не больше 11."),
        (4, "Стаж, лет", "float_parsing", "Нужно число."),
    }
    assert not any(p["new_hire"] for p in (await _people(api, school)).values())  # the cards as they were
    assert (await api.get(f"/programmes/{pid}/mentees", headers=school.curator)).json() == []


async def test_the_curator_may_take_the_valid_rows_and_is_told_which_were_skipped(
    api: httpx.AsyncClient, school: School
) -> None:
    pid = await programme(api, school)
    await _consented(api, school, [r for r in MENTEE_ROWS if r[0] != "У-103"])
    taken = await _import(
        api, school, pid, "mentees", _xlsx(MENTEE_ROWS), "база.xlsx", accept_valid_rows=True
    )
    assert taken.status_code == 200, taken.text
    result = taken.json()
    assert (result["rows"], result["created"], result["updated"], result["unchanged"]) == (5, 0, 4, 0)
    assert {s["row"] for s in result["skipped"]} == {4}
    people = await _people(api, school)
    assert sorted(people) == ["У-101", "У-102", "У-104", "У-105"]
    assert people["У-101"]["new_hire"] is True and people["У-102"]["stated_difficulty"] is True
    mentees = {
        m["participant_id"]: m
        for m in (await api.get(f"/programmes/{pid}/mentees", headers=school.curator)).json()
    }
    volkov = mentees[people["У-102"]["id"]]
    assert volkov["requests"] == ["ФГОС", "ИКТ"] and volkov["form"] == "teacher_teacher"


async def test_importing_the_same_file_again_creates_nobody_twice(
    api: httpx.AsyncClient, school: School
) -> None:
    pid = await programme(api, school)
    fixed = [row[:] for row in MENTEE_ROWS]
    fixed[2][4], fixed[2][5] = None, 1
    content = _xlsx(fixed)
    cards = (await _import(api, school, pid, "mentees", content, "база.xlsx", accept_valid_rows=True)).json()
    assert cards["created"] == 0 and all(s["card_saved"] for s in cards["skipped"])  # no consents yet
    ids = {key: p["id"] for key, p in (await _people(api, school)).items()}
    for someone in ids.values():
        await consent_all(api, school.curator, someone, minor=False)
    first = (await _import(api, school, pid, "mentees", content, "база.xlsx")).json()
    assert (first["created"], first["updated"], first["unchanged"]) == (0, 5, 0)
    again = (await _import(api, school, pid, "mentees", content, "база.xlsx")).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)
    fixed[0][8] = "классное руководство; ФГОС"
    changed = (await _import(api, school, pid, "mentees", _xlsx(fixed), "база.xlsx")).json()
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 4)
    assert {key: p["id"] for key, p in (await _people(api, school)).items()} == ids
    assert len((await api.get(f"/programmes/{pid}/mentees", headers=school.curator)).json()) == 5
    audit = await api.get(
        "/audit", headers=school.curator, params={"subject_id": pid, "action": "base_imported"}
    )
    imports = [e["details"] for e in audit.json()["items"]]
    assert [(d["created"], d["updated"], d["unchanged"]) for d in imports] == [
        (0, 0, 0),
        (0, 5, 0),
        (0, 0, 5),
        (0, 1, 4),
    ]
    assert sorted(imports[0]["created_ids"]) == sorted(ids.values())  # the cards, kept without consent
    assert imports[3]["corrected"] == {}  # the requests changed, not the card
    assert "Смирнова" not in str(imports)  # ids and counts, never names
    fixed[4][5] = 4  # a year of experience more: the card is corrected, and the audit names the field
    await _import(api, school, pid, "mentees", _xlsx(fixed), "база.xlsx")
    audit = await api.get(
        "/audit", headers=school.curator, params={"subject_id": pid, "action": "base_imported"}
    )
    assert audit.json()["items"][-1]["details"]["corrected"] == {ids["У-105"]: ["years_of_experience"]}


async def test_an_exported_base_edited_as_csv_imports_back_unchanged(
    api: httpx.AsyncClient, school: School
) -> None:
    pid = await programme(api, school)
    rows = [
        [
            "Т-1",
            "Кузнецова Ирина Петровна",
            "Педагог",
            "",
            "",
            "20",
            "нет",
            "",
            "классное руководство; ФГОС",
            "2",
            "10.09.2026",
            "12.09.2026",
            "01.10.2026",
        ],
        [
            "Т-2",
            "Орлов Сергей Николаевич",
            "педагог",
            "",
            "",
            "15,5",
            "",
            "",
            "ИКТ",
            "1",
            "10.09.2026",
            "",
            "",
        ],
    ]
    csv_file = to_csv(Sheet("База", header(Base.MENTORS), rows))
    await _consented(api, school, rows)
    created = await _import(api, school, pid, "mentors", csv_file, "наставники.csv")
    assert created.status_code == 200, created.text
    assert created.json()["updated"] == 2
    mentors = (await api.get(f"/programmes/{pid}/mentors", headers=school.curator)).json()
    kuz = next(m for m in mentors if m["capacity"] == 2)
    assert (kuz["questionnaire_on"], kuz["interview_on"], kuz["trained_on"]) == (
        "2026-09-10",
        "2026-09-12",
        "2026-10-01",
    )
    people = await _people(api, school)
    assert people["Т-2"]["years_of_experience"] == 15.5

    for fmt in ("csv", "xlsx"):
        exported = await api.get(
            f"/programmes/{pid}/bases/mentors/export", headers=school.curator, params={"format": fmt}
        )
        assert exported.status_code == 200
        back = (await _import(api, school, pid, "mentors", exported.content, f"export.{fmt}")).json()
        assert (back["created"], back["updated"], back["unchanged"]) == (0, 0, 2), fmt
    exported = await api.get(
        f"/programmes/{pid}/bases/mentors/export", headers=school.curator, params={"format": "csv"}
    )
    text = exported.content.decode("utf-8-sig")
    assert text.splitlines()[1] == (
        'Т-1;Кузнецова Ирина Петровна;педагог;;;20;нет;нет;"классное руководство; ФГОС";2;'
        "10.09.2026;12.09.2026;01.10.2026"
    )


async def test_a_repeated_key_a_missing_key_and_missing_columns_are_refused(
    api: httpx.AsyncClient, school: School
) -> None:
    pid = await programme(api, school)
    rows = [MENTEE_ROWS[0], [*MENTEE_ROWS[1][:0], "У-101", *MENTEE_ROWS[1][1:]], [None, *MENTEE_ROWS[3][1:]]]
    await _consented(api, school, rows[:1])
    refused = (await _import(api, school, pid, "mentees", _xlsx(rows), "база.xlsx")).json()
    assert {(e["row"], e["rule"]) for e in refused["errors"]} == {
        (3, "duplicate_key"),
        (4, "external_id_required"),
    }
    no_columns = await _import(api, school, pid, "mentees", _xlsx([["Иванов"]], ["ФИО"]), "база.xlsx")
    assert no_columns.status_code == 422 and no_columns.json()["rule"] == "columns_missing"
    assert "«Табельный номер»" in no_columns.json()["detail"]
    garbage = await _import(api, school, pid, "mentees", b"PK\x03\x04 not a workbook", "база.xlsx")
    assert garbage.status_code == 422 and garbage.json()["rule"] == "file_format"


async def test_only_the_schools_curator_imports_and_a_key_is_unique_in_the_school(
    api: httpx.AsyncClient, school: School, school_factory: Callable[..., Any]
) -> None:
    pid = await programme(api, school)
    other: School = await school_factory()
    content = _xlsx(MENTEE_ROWS[:1])
    elsewhere = await api.post(
        f"/programmes/{pid}/bases/mentees/import", headers=other.curator, files={"file": ("b.xlsx", content)}
    )
    assert elsewhere.status_code == 404
    head = await api.post(
        f"/programmes/{pid}/bases/mentees/import", headers=school.head, files={"file": ("b.xlsx", content)}
    )
    assert head.status_code == 403
    await person(api, school.curator, kind="teacher", full_name="Первый", external_id="У-777")
    twice = await api.post(
        "/participants",
        headers=school.curator,
        json={"kind": "teacher", "full_name": "Второй", "external_id": "У-777"},
    )
    assert twice.status_code == 409 and twice.json()["rule"] == "external_id_unique"
    elsewhere_same_key = await api.post(
        "/participants",
        headers=other.curator,
        json={"kind": "teacher", "full_name": "Третий", "external_id": "У-777"},
    )
    assert elsewhere_same_key.status_code == 201  # the key is the school's own


async def test_a_person_erased_on_request_is_not_imported_back(
    api: httpx.AsyncClient, school: School
) -> None:
    pid = await programme(api, school)
    await _consented(api, school, MENTEE_ROWS[:2])
    first = await _import(api, school, pid, "mentees", _xlsx(MENTEE_ROWS[:2]), "база.xlsx")
    assert first.status_code == 200, first.text
    erased_id = (await _people(api, school))["У-101"]["id"]
    erasure = await api.post(
        f"/participants/{erased_id}/erasure",
        headers=school.curator,
        json={"basis": "Заявление от 20.11.2026"},
    )
    assert erasure.status_code == 200, erasure.text
    again = (await _import(api, school, pid, "mentees", _xlsx(MENTEE_ROWS[:2]), "база.xlsx")).json()
    assert [(e["row"], e["rule"]) for e in again["errors"]] == [(2, "not_erased")]


PUPIL_HEADERS = ["Табельный номер", "ФИО", "Категория", "Дата рождения", "Класс", "Запросы"]


async def test_personal_data_consent_first_a_row_without_it_is_refused_by_row_and_name(
    api: httpx.AsyncClient, school: School
) -> None:
    """The rule of the API (`personal_data_consent_first`, 004 roadmap 5–6, 10) holds for a file's rows: a
    minor's consent is the guardian's; the refusal names the row and the person; nothing is stored."""
    pid = await programme(api, school)
    teacher = await person(api, school.curator, kind="teacher", full_name="Смирнова Анна", external_id="У-1")
    await consent_all(api, school.curator, teacher, minor=False)
    pupil = await person(
        api,
        school.curator,
        kind="pupil",
        full_name="Сидорова Аня",
        birth_date="2014-05-02",
        external_id="У-2",
    )
    for kind in ("participation", "personal_data"):  # given by the pupil herself: not valid for a minor
        given = await api.post(
            f"/participants/{pupil}/consents",
            headers=school.curator,
            json={
                "kind": kind,
                "given_by": "self",
                "text_accepted": "Я даю согласие на обработку персональных данных.",
                "signed_at": "2026-09-15T10:00:00Z",
            },
        )
        assert given.status_code == 422  # the API refuses it too: a minor's consent is the guardian's
    rows: list[list[Any]] = [
        ["У-1", "Смирнова Анна", "педагог", None, None, "ИКТ"],
        ["У-2", "Сидорова Аня", "обучающийся", "02.05.2014", 6, "математика"],
        ["У-3", "Ким Саша", "обучающийся", "01.02.2013", 7, "физика"],
    ]
    refused = await _import(api, school, pid, "mentees", _xlsx(rows, PUPIL_HEADERS), "база.xlsx")
    assert refused.status_code == 422, refused.text
    errors = {e["row"]: e for e in refused.json()["errors"]}
    assert sorted(errors) == [3, 4]
    assert {e["rule"] for e in errors.values()} == {"personal_data_consent_first"}
    assert errors[3]["message"].startswith(
        "Строка 3, Сидорова Аня: сначала внесите согласие на обработку персональных данных "
        "от законного представителя"
    )
    assert errors[4]["message"].startswith("Строка 4, Ким Саша: сначала внесите согласие")
    assert (await api.get(f"/programmes/{pid}/mentees", headers=school.curator)).json() == []
    assert sorted(await _people(api, school)) == ["У-1", "У-2"]


async def test_personal_data_consent_first_the_card_is_kept_and_nothing_stored_is_lost(
    api: httpx.AsyncClient, school: School
) -> None:
    """Taking the valid rows, a row without the consent is treated as the same person added through the
    API is: the card is kept, the base record is not written, and a record stored before stays."""
    pid = await programme(api, school)
    ids = await _consented(api, school, MENTEE_ROWS[:1])
    stored = await _import(api, school, pid, "mentees", _xlsx(MENTEE_ROWS[:1]), "база.xlsx")
    assert stored.status_code == 200, stored.text
    before = (await api.get(f"/programmes/{pid}/mentees", headers=school.curator)).json()
    minor_now = [[*MENTEE_ROWS[0][:3], "01.09.2012", None, *MENTEE_ROWS[0][5:]], MENTEE_ROWS[1]]
    taken = await _import(api, school, pid, "mentees", _xlsx(minor_now), "база.xlsx", accept_valid_rows=True)
    assert taken.status_code == 200, taken.text
    skipped = {s["row"]: s for s in taken.json()["skipped"]}
    assert sorted(skipped) == [2, 3] and all(s["card_saved"] for s in skipped.values())
    assert skipped[2]["message"].startswith("Строка 2, Смирнова Анна Олеговна: сначала внесите согласие")
    assert skipped[3]["message"].endswith("Карточка сохранена, в базу наставляемых не включена.")
    assert (await api.get(f"/programmes/{pid}/mentees", headers=school.curator)).json() == before
    people = await _people(api, school)
    assert people["У-101"]["id"] == ids["У-101"] and "У-102" in people  # the new card is kept
    volkov = people["У-102"]["id"]
    refused = await api.put(  # the same person one by one through the API: the same rule
        f"/programmes/{pid}/mentees/{volkov}", headers=school.curator, json={"requests": ["ИКТ"]}
    )
    assert refused.status_code == 409 and refused.json()["rule"] == "personal_data_consent_first"
    assert "Волкова Павла Андреевича" in refused.json()["detail"]
