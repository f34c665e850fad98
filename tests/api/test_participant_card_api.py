"""A participant's card can be corrected by the school's curator, the change audited by the fields it
touched (never their values); the base is found by a part of the name in any case."""

from __future__ import annotations

import httpx
from sqlmodel import select

from db.models import AuditEvent
from db.session import session_scope
from tests.api.conftest import School
from tests.api.flows import person
from tests.api.helpers_matrix import assert_problem


async def test_the_curator_corrects_a_card_and_the_audit_names_the_fields_not_the_values(
    api: httpx.AsyncClient, school: School, school_factory: object
) -> None:
    pupil = await person(
        api, school.curator, kind="pupil", full_name="Сидорва Аня", birth_date="2014-05-02", grade=5
    )
    fixed = await api.patch(
        f"/participants/{pupil}", headers=school.curator, json={"full_name": "Сидорова Аня", "grade": 6}
    )
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["full_name"], fixed.json()["grade"], fixed.json()["birth_date"]) == (
        "Сидорова Аня",
        6,
        "2014-05-02",
    )
    again = await api.patch(f"/participants/{pupil}", headers=school.curator, json={"grade": 6})
    assert again.status_code == 200  # nothing changed: nothing audited

    with session_scope() as session:
        rows = session.exec(
            select(AuditEvent).where(
                AuditEvent.subject_id == pupil, AuditEvent.action != "participant_created"
            )
        ).all()
    assert [(r.action, r.details) for r in rows] == [("corrected", {"fields": ["full_name", "grade"]})]
    assert "Сидорова" not in str(rows[0].model_dump())

    assert_problem(
        await api.patch(f"/participants/{pupil}", headers=school.head, json={"grade": 7}), 403, "curator_only"
    )
    other = await school_factory()  # type: ignore[operator]
    assert_problem(
        await api.patch(f"/participants/{pupil}", headers=other.curator, json={"grade": 7}), 404, "not_found"
    )
    refused = await api.patch(f"/participants/{pupil}", headers=school.curator, json={"grade": 12})
    assert refused.status_code == 422


async def test_the_base_is_found_by_a_part_of_the_name_in_any_case(
    api: httpx.AsyncClient, school: School
) -> None:
    await person(
        api, school.curator, kind="pupil", full_name="Петров Илья", birth_date="2010-03-01", grade=10
    )
    await person(api, school.curator, kind="teacher", full_name="Иванова Мария", years_of_experience=12)
    for part in ("петров", "Петров", "ИЛЬЯ".capitalize()):
        page = (await api.get("/participants", headers=school.curator, params={"name": part})).json()
        assert [p["full_name"] for p in page["items"]] == ["Петров Илья"], part
