"""The individual plan holds what 001 §4.8 lists (its problem, content and planned results read back, and in
the document), and a change of an agreed plan takes effect only with both sides' agreement (001 §4.13)."""

from __future__ import annotations

import io

import httpx
from docx import Document
from sqlmodel import select

from db.models import AuditEvent
from db.session import session_scope
from domain.bounds import MAX_PLAN_TEXT_CHARS
from tests.api.conftest import School, user
from tests.api.flows import PLAN, consent_all, pupil_pair
from tests.api.helpers_matrix import assert_problem, ok

TEXTS = {
    "problem": "Аня теряется на контрольных.\nБоится отвечать у доски.",
    "content": "Разбор задач после уроков; пробные контрольные.",
    "planned_results": "Контрольные на «4» к маю.",
}


async def _pair_with_plan(api: httpx.AsyncClient, school: School) -> tuple[str, str, str]:
    pair, mentor, mentee = await pupil_pair(api, school.curator)
    for who in (mentor, mentee):
        await consent_all(api, school.curator, who, minor=True)
    await ok(api, school.curator, f"/pairs/{pair}/plan", PLAN | TEXTS)
    return pair, mentor, mentee


def _document_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


async def test_the_plan_holds_the_problem_content_and_planned_results(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, _mentee = await _pair_with_plan(api, school)
    [plan] = (await api.get(f"/pairs/{pair}/plans", headers=school.curator)).json()
    assert {k: plan[k] for k in TEXTS} == {k: v.strip() for k, v in TEXTS.items()}
    document = await api.get(f"/pairs/{pair}/documents/plan", headers=school.curator)
    assert document.status_code == 200, document.text
    text = _document_text(document.content)
    for line in ("Аня теряется на контрольных.", "Боится отвечать у доски.", TEXTS["content"]):
        assert line in text
    assert TEXTS["planned_results"] in text and "_" * 72 not in text


async def test_the_plans_texts_are_bounded(api: httpx.AsyncClient, school: School) -> None:
    pair, _mentor, _mentee = await pupil_pair(api, school.curator)
    too_long = PLAN | {"content": "я" * (MAX_PLAN_TEXT_CHARS + 1)}
    assert_problem(await api.post(f"/pairs/{pair}/plan", headers=school.curator, json=too_long), 422)


async def test_plan_change_agreed_by_both_sides(api: httpx.AsyncClient, school: School) -> None:
    curator = school.curator
    pair, mentor, mentee = await _pair_with_plan(api, school)
    mentor_token = await user(api, "mentor", organisation_id=school.organisation_id, participant_id=mentor)
    mentee_token = await user(api, "mentee", organisation_id=school.organisation_id, participant_id=mentee)

    # The curator changes the agreed plan: it waits as a draft, the plan in force stays.
    change = PLAN | TEXTS | {"content": "Добавить подготовку к олимпиаде."}
    await ok(api, curator, f"/pairs/{pair}/plan", change)
    [draft] = (await api.get(f"/pairs/{pair}/plan/drafts", headers=mentee_token)).json()
    assert (
        draft["change"]
        and draft["agreements"] == []
        and sorted(draft["awaiting"])
        == [
            "Петров Илья",
            "Сидорова Аня",
        ]
    )
    approval = f"/pairs/{pair}/plan/{draft['id']}/approval"
    refused = assert_problem(
        await api.post(approval, headers=curator), 409, "plan_change_agreed_by_both_sides"
    )
    assert "нет согласия наставника Петрова Ильи и наставляемого Сидоровой Ани" in refused["detail"]

    agreed = await ok(api, mentor_token, f"/pairs/{pair}/plan/{draft['id']}/agreement", {})
    assert agreed["awaiting"] == ["Сидорова Аня"]
    refused = assert_problem(
        await api.post(approval, headers=curator), 409, "plan_change_agreed_by_both_sides"
    )
    assert "нет согласия наставляемого Сидоровой Ани" in refused["detail"]
    [plan] = (await api.get(f"/pairs/{pair}/plans", headers=curator)).json()
    assert plan["content"] == TEXTS["content"]  # still the agreed one

    for _twice in range(2):  # agreeing again is the same agreement
        agreed = await ok(api, mentee_token, f"/pairs/{pair}/plan/{draft['id']}/agreement", {})
    assert agreed["awaiting"] == [] and len(agreed["agreements"]) == 2
    shown = await ok(api, curator, approval, {})
    # The pair's history reads in order: the first plan, both agreements to the change, the change.
    actions = [e["action"] for e in shown["timeline"]]
    assert actions[-4:] == ["plan_approved", "plan_agreed", "plan_agreed", "plan_approved"]
    plans = (await api.get(f"/pairs/{pair}/plans", headers=curator)).json()
    assert plans[-1]["content"] == "Добавить подготовку к олимпиаде."
    with session_scope() as session:
        audited = session.exec(
            select(AuditEvent).where(AuditEvent.subject_id == pair, AuditEvent.action == "plan_agreed")
        ).all()
    assert sorted(e.details["role"] for e in audited) == ["mentee", "mentor"]


async def test_plan_agreed_by_a_member(api: httpx.AsyncClient, school: School) -> None:
    curator = school.curator
    pair, mentor, _mentee = await _pair_with_plan(api, school)
    await ok(api, curator, f"/pairs/{pair}/plan", PLAN | {"content": "Другое содержание."})
    [draft] = (await api.get(f"/pairs/{pair}/plan/drafts", headers=curator)).json()
    path = f"/pairs/{pair}/plan/{draft['id']}/agreement"
    # The curator enters a member's written agreement, naming the member; nobody else's.
    assert_problem(await api.post(path, headers=curator, json={}), 422, "plan_agreed_by_a_member")
    assert_problem(
        await api.post(path, headers=curator, json={"participant_id": "someone-else"}),
        422,
        "plan_agreed_by_a_member",
    )
    assert_problem(await api.post(path, headers=school.head, json={"participant_id": mentor}), 422)
    agreed = await ok(api, curator, path, {"participant_id": mentor})
    assert [a["full_name"] for a in agreed["agreements"]] == ["Петров Илья"]


async def test_plan_change_agreed_by_both_sides_for_a_change_of_the_kind(
    api: httpx.AsyncClient, school: School
) -> None:
    curator = school.curator
    pair, mentor, mentee = await pupil_pair(api, curator)
    # Even the first plan: the curator's plan that moves the pair to virtual mentoring waits for both sides.
    shown = await ok(api, curator, f"/pairs/{pair}/plan", PLAN | TEXTS | {"kind": "virtual"})
    assert shown["kind"] == "traditional"
    [draft] = (await api.get(f"/pairs/{pair}/plan/drafts", headers=curator)).json()
    assert (draft["kind"], draft["change"]) == ("virtual", True)
    approval = f"/pairs/{pair}/plan/{draft['id']}/approval"
    refused = assert_problem(
        await api.post(approval, headers=curator), 409, "plan_change_agreed_by_both_sides"
    )
    assert refused["detail"].startswith("Смена вида наставничества")
    for member in (mentor, mentee):  # agreements given on paper, entered by the curator
        await ok(api, curator, f"/pairs/{pair}/plan/{draft['id']}/agreement", {"participant_id": member})
    approved = await ok(api, curator, approval, {})
    assert approved["kind"] == "virtual"
    event = [e for e in approved["timeline"] if e["action"] == "plan_approved"][-1]
    assert event["details"]["kind"] == {"from": "traditional", "to": "virtual"}
    assert (await api.get(f"/pairs/{pair}", headers=curator)).json()["kind"] == "virtual"


async def test_the_mentees_proposals_and_petition_are_read_back_and_the_petition_not_by_the_mentor(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, mentor, mentee = await pupil_pair(api, school.curator)
    mentor_token = await user(api, "mentor", organisation_id=school.organisation_id, participant_id=mentor)
    mentee_token = await user(api, "mentee", organisation_id=school.organisation_id, participant_id=mentee)
    await ok(api, mentee_token, f"/pairs/{pair}/plan/proposals", {"text": "Встречаться по субботам"})
    [proposal] = (await api.get(f"/pairs/{pair}/plan/proposals", headers=mentor_token)).json()
    assert (proposal["participant_name"], proposal["text"]) == ("Сидорова Аня", "Встречаться по субботам")
    await ok(api, mentee_token, f"/pairs/{pair}/petitions", {"text": "Не удаётся договориться"})
    for reader in (mentee_token, school.curator, school.head):
        [petition] = (await api.get(f"/pairs/{pair}/petitions", headers=reader)).json()
        assert petition["text"] == "Не удаётся договориться"
    [petition] = (await api.get(f"/pairs/{pair}/petitions", headers=mentor_token)).json()
    assert petition["text"] is None and petition["decision_label"] == "на рассмотрении у руководителя"
