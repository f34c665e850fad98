"""No free text in workflow histories (issue 13 §4; PITFALLS §8): a school runs a programme and pairs with
names and texts found nowhere else, then every workflow history of that school — pairs, programme, items,
monitoring — is fetched and searched for them. Texts stay in the database, histories carry their ids."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlmodel import select
from temporalio.client import Client

from activities.items import item_workflow_id
from db.models import OverdueItemRow, Pair, Programme
from db.session import session_scope
from tests.api.conftest import School, user
from tests.api.flows import consent_all, person
from workflows.monitoring import monitoring_workflow_id

NAMES = ["Вольдемар Распутинский", "Евлампия Зыкина", "Серафима Опекунова", "Гедеон Кулибин", "Фёкла Ожогина"]
TEXTS = {
    "advance": "Комментарий Альфа к переходу",
    "override": "Особая причина Бета для срока",
    "fulfilled": "План исполнен Гамма досрочно",
    "terminate": "Прекращение Дельта по семейным обстоятельствам",
    "trial": "Пробная встреча Эпсилон не задалась",
    "title": "Программа Ёжиков Тестовых",
    "programme": "Переход программы Зета",
    "request": "Запрос Эта про олимпиады",
    "competence": "Компетенция Тета по шахматам",
    "problem": "Проблема Йота с дисциплиной",
    "content": "Содержание Каппа: разбор уроков",
    "planned": "Планируемый результат Лямбда",
}
ADULT = "1980-01-01"


def days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


async def ok(
    api: httpx.AsyncClient, headers: dict[str, str], path: str, body: object, put: bool = False
) -> dict:
    response = await (api.put if put else api.post)(path, headers=headers, json=body)
    assert response.status_code in (200, 201), (path, response.text)
    return dict(response.json())


async def teacher_pair(
    api: httpx.AsyncClient,
    school: School,
    mentor: str,
    mentee: str,
    *,
    design_only: bool = False,
    **extra: object,
) -> str:
    """A teacher pair up to implementation (or only to design, where the trial meeting is held)."""
    for someone in (mentor, mentee):
        await consent_all(api, school.curator, someone, minor=False)
    body = {
        "form": "teacher_teacher",
        "mentor_ids": [mentor],
        "mentee_ids": [mentee],
        "planned_start": days_ago(40),
        "planned_end": (date.today() + timedelta(days=200)).isoformat(),
    }
    pair = await ok(api, school.curator, "/pairs", body | extra)
    pid = pair["id"]
    await ok(api, school.curator, f"/pairs/{pid}/order", {"number": "9-о", "signed_on": days_ago(30)})
    await ok(
        api, school.curator, f"/pairs/{pid}/transitions", {"to_stage": "design", "comment": TEXTS["advance"]}
    )
    if design_only:
        return pid
    plan = {
        "problem": TEXTS["problem"],
        "content": TEXTS["content"],
        "planned_results": TEXTS["planned"],
        "goals": ["Освоить классное руководство"],
        "schedule": [days_ago(20)],
        "cadence_days": 14,
        "format": "mixed",
        "starts_on": days_ago(40),
        "ends_on": (date.today() + timedelta(days=200)).isoformat(),
    }
    await ok(api, school.curator, f"/pairs/{pid}/plan", plan)
    await ok(api, school.curator, f"/pairs/{pid}/transitions", {"to_stage": "implementation"})
    return pid


async def test_no_name_or_text_sent_reaches_any_workflow_history(
    api: httpx.AsyncClient, school: School, client: Client
) -> None:
    curator = school.curator
    mentor = await person(api, curator, kind="teacher", full_name=NAMES[0], years_of_experience=20)
    mentee = await person(api, curator, kind="teacher", full_name=NAMES[1], years_of_experience=1)
    second_mentee = await person(api, curator, kind="teacher", full_name=NAMES[3], years_of_experience=2)

    # A programme with a title, its bases and a comment on a transition it refuses.
    programme = await ok(
        api,
        curator,
        "/programmes",
        {"title": TEXTS["title"], "academic_year": "2026/27", "forms": ["teacher_teacher"]},
    )
    prog = programme["id"]
    for someone in (mentor, mentee):  # 004 roadmap 5–6, 10: the personal-data consent before the bases
        await consent_all(api, curator, someone, minor=False)
    await ok(api, curator, f"/programmes/{prog}/mentees/{mentee}", {"requests": [TEXTS["request"]]}, put=True)
    competences = {"competences": [TEXTS["competence"]], "capacity": 2}
    await ok(api, curator, f"/programmes/{prog}/mentors/{mentor}", competences, put=True)
    refused = await api.post(
        f"/programmes/{prog}/transitions",
        headers=curator,
        json={"to_stage": "design", "comment": TEXTS["programme"]},
    )
    assert refused.status_code == 409, refused.text

    # A pair to its end with every kind of comment, and one ended after the trial meeting.
    first = await teacher_pair(api, school, mentor, mentee, role_model="опытный педагог – молодой специалист")
    extension = {
        "new_end": (date.today() + timedelta(days=500)).isoformat(),
        "mentor_agrees": True,
        "mentee_agrees": True,
        "override_reason": TEXTS["override"],
    }
    await ok(api, curator, f"/pairs/{first}/extension", extension)
    await ok(
        api,
        curator,
        f"/pairs/{first}/meetings",
        {"kind": "regular", "held_on": days_ago(3), "format": "online"},
    )
    await ok(api, curator, f"/pairs/{first}/plan/fulfilled", {"comment": TEXTS["fulfilled"]})
    await ok(
        api,
        curator,
        f"/pairs/{first}/termination",
        {"reason": "mutual_decision", "comment": TEXTS["terminate"]},
    )

    second = await teacher_pair(api, school, mentor, second_mentee, design_only=True)
    their_account = await user(
        api, "mentee", organisation_id=school.organisation_id, participant_id=second_mentee
    )
    await ok(
        api,
        curator,
        f"/pairs/{second}/meetings",
        {"kind": "trial", "held_on": days_ago(2), "format": "online"},
    )
    await ok(api, their_account, f"/pairs/{second}/fit", {"fits": False, "comment": TEXTS["trial"]})
    ended = (await api.get(f"/pairs/{second}", headers=curator)).json()
    assert ended["stage"] == "terminated"

    # The texts are kept and readable where people read them...
    timeline = (await api.get(f"/pairs/{first}", headers=curator)).json()["timeline"]
    assert {TEXTS["advance"], TEXTS["override"], TEXTS["fulfilled"], TEXTS["terminate"]} <= {
        e["reason"] for e in timeline
    }

    # ...and in no history.
    with session_scope() as session:
        ids = [
            p.workflow_id
            for p in session.exec(select(Pair).where(Pair.organisation_id == school.organisation_id))
        ]
        ids += [
            p.workflow_id
            for p in session.exec(
                select(Programme).where(Programme.organisation_id == school.organisation_id)
            )
        ]
        # An item a pair holds has no workflow of its own: its ladder is in the pair's history, scanned.
        ids += [
            i.held_by or item_workflow_id(i.item_id)
            for i in session.exec(
                select(OverdueItemRow).where(OverdueItemRow.organisation_id == school.organisation_id)
            )
        ]
        ids = list(dict.fromkeys(ids))
    ids.append(monitoring_workflow_id(school.organisation_id, "2026/27"))
    scanned = 0
    for workflow_id in ids:
        history = await client.get_workflow_handle(workflow_id).fetch_history()
        raw = history.to_json().encode() + b"".join(e.SerializeToString() for e in history.events)
        assert school.organisation_id.encode() in raw  # the scan reads what histories carry: ids
        for needle in [*NAMES, *TEXTS.values()]:
            for form in (needle.encode(), needle.encode("unicode_escape")):
                assert form not in raw, f"{needle!r} is in the history of {workflow_id}"
        scanned += 1
    kinds = {workflow_id.split("-")[0] for workflow_id in ids}
    assert kinds >= {"pair", "programme", "item", "monitoring"} and scanned >= 5  # 2 pairs hold their items
    print(
        f"\nhistory scan: {scanned} histories ({', '.join(sorted(kinds))})"
        f" free of {len(NAMES)} names and {len(TEXTS)} texts"
    )
