"""Texts the API shows name people, pairs and programmes (issue 12 point 22, `named_not_numbered`): a refusal
and `next_step` say «Петров Илья», not «person-…», while the ids stay in `details`; stages, forms, kinds and
reasons come with Russian labels next to their codes (`labelled_codes`)."""

from __future__ import annotations

import re

import httpx

from domain.labels import STAGE_LABELS_BY_CODE
from tests.api.conftest import School
from tests.api.flows import pupil_pair

AN_ID = re.compile(r"\b(?:person|pair|programme)-[0-9a-f]{12}\b")
BASIS = "Заявление законного представителя об отзыве согласия от 20.11.2026"


async def test_named_not_numbered_a_refusal_names_the_pair_and_keeps_its_id_in_details(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, mentee = await pupil_pair(api, school.curator)
    refused = await api.post(f"/participants/{mentee}/erasure", headers=school.curator, json={"basis": BASIS})
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert AN_ID.search(problem["detail"]) is None, problem["detail"]
    assert "«Петров Илья — Сидорова Аня»" in problem["detail"]
    assert problem["details"]["pairs"] == [pair]
    assert problem["details"]["names"] == {pair: "«Петров Илья — Сидорова Аня»"}


async def test_named_not_numbered_next_step_names_who_has_not_consented(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, _mentee = await pupil_pair(api, school.curator)
    detail = (await api.get(f"/pairs/{pair}", headers=school.curator)).json()
    blocker = detail["next_step"]["blocked_by"]
    assert blocker["rule"] == "consents_complete"
    assert "Петрова Ильи" in blocker["message"] and "Сидоровой Ани" in blocker["message"]
    assert AN_ID.search(blocker["message"]) is None, blocker["message"]

    refused = await api.post(
        f"/pairs/{pair}/transitions", headers=school.curator, json={"to_stage": "design"}
    )
    assert refused.status_code == 409
    assert "Петрова Ильи" in refused.json()["detail"] and AN_ID.search(refused.json()["detail"]) is None


async def test_named_not_numbered_a_text_without_ids_is_left_as_it_is(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, _mentee = await pupil_pair(api, school.curator)
    refused = await api.post(
        f"/pairs/{pair}/order", headers=school.curator, json={"number": "", "signed_on": "2026-10-02"}
    )
    assert refused.status_code == 422
    assert "names" not in refused.json().get("details", {})


async def test_labelled_codes_a_pair_shows_its_stage_form_and_kind_in_russian(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, _mentee = await pupil_pair(api, school.curator)
    shown = (await api.get(f"/pairs/{pair}", headers=school.curator)).json()
    assert (shown["stage"], shown["stage_label"]) == ("preparatory", "подготовительный")
    assert (shown["form"], shown["form_label"]) == ("student_student", "ученик – ученик")
    assert (shown["kind"], shown["kind_label"]) == ("traditional", "традиционное (долгосрочное)")
    assert shown["termination_reason"] is None and shown["termination_reason_label"] is None

    ended = await api.post(
        f"/pairs/{pair}/termination",
        headers=school.curator,
        json={"reason": "mutual_decision", "comment": "Переезд семьи"},
    )
    assert ended.status_code == 200, ended.text
    assert (ended.json()["stage_label"], ended.json()["termination_reason_label"]) == (
        "завершена досрочно",
        "по обоюдному решению",
    )


async def test_refusals_name_the_mentor_in_the_genitive_when_the_order_lacks_consents(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, _mentee = await pupil_pair(api, school.curator)
    refused = await api.post(
        f"/pairs/{pair}/order", headers=school.curator, json={"number": "17-о", "signed_on": "2026-09-28"}
    )
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["rule"] == "consented_before_order"
    assert "наставника Петрова Ильи (от законного представителя)" in problem["detail"]
    assert "наставляемого Сидоровой Ани (от законного представителя)" in problem["detail"]
    assert AN_ID.search(problem["detail"]) is None and "#" not in problem["detail"]


async def test_refusals_name_the_minor_in_the_dative_when_the_consent_is_not_the_guardians(
    api: httpx.AsyncClient, school: School
) -> None:
    _pair, _mentor, mentee = await pupil_pair(api, school.curator)
    refused = await api.post(
        f"/participants/{mentee}/consents",
        headers=school.curator,
        json={
            "kind": "personal_data",
            "given_by": "self",
            "text_accepted": "Я даю согласие на обработку персональных данных.",
            "signed_at": "2026-09-15T10:00:00Z",
        },
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"] == "Сидоровой Ане нет 18 лет: согласие даёт законный представитель."


async def test_labelled_codes_the_next_step_members_and_history_come_with_russian_labels(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, _mentee = await pupil_pair(api, school.curator)
    shown = (await api.get(f"/pairs/{pair}", headers=school.curator)).json()
    assert (shown["next_step"]["to_stage"], shown["next_step"]["to_stage_label"]) == (
        "design",
        "проектировочный",
    )
    assert {(m["role"], m["role_label"]) for m in shown["members"]} == {
        ("mentor", "наставник"),
        ("mentee", "наставляемый"),
    }
    audit = (await api.get("/audit", headers=school.curator, params={"subject_id": pair})).json()["items"]
    created = audit[0]
    assert (created["action"], created["action_label"]) == ("created", "создана")
    assert (created["actor_role"], created["actor_role_label"]) == ("curator", "куратор")
    assert created["to_stage_label"] == "подготовительный"


async def test_labelled_codes_a_programme_names_the_stages_it_counts_pairs_by(
    api: httpx.AsyncClient, school: School
) -> None:
    created = await api.post(
        "/programmes",
        headers=school.curator,
        json={"title": "Ученик – ученик 2026/27", "academic_year": "2026/27", "forms": ["student_student"]},
    )
    assert created.status_code == 201, created.text
    shown = (await api.get(f"/programmes/{created.json()['id']}", headers=school.curator)).json()
    assert set(shown["pairs_by_stage_labels"]) == set(shown["pairs_by_stage"]) == set(STAGE_LABELS_BY_CODE)
    assert shown["pairs_by_stage_labels"]["reflective"] == "рефлексивно-аналитический"
    assert all(shown["pairs_by_stage_labels"][s] == STAGE_LABELS_BY_CODE[s] for s in shown["pairs_by_stage"])
    assert (shown["stage"], shown["stage_label"]) == ("preparatory", "подготовительный")


def test_labelled_codes_every_code_a_person_reads_has_one_label_for_the_pages_and_the_api() -> None:
    """One table per kind of code (domain/labels.py): the pages' tables are the API's, keyed by enum."""
    from domain.forms import Kind
    from domain.labels import ACTION_LABELS, KIND_LABELS, MEETING_FORMAT_LABELS, TERMINATION_REASON_LABELS
    from domain.pair import TerminationReason
    from domain.pair_events import PairAction
    from domain.report_labels import TERMINATION_LABELS as REPORT_TERMINATIONS
    from web.labels import MEETING_FORMAT_LABELS as WEB_MEETING_FORMATS
    from web.labels import MENTORING_KIND_LABELS, TERMINATION_LABELS

    assert {k.value: v for k, v in MENTORING_KIND_LABELS.items()} == KIND_LABELS
    assert {k.value: v for k, v in TERMINATION_LABELS.items()} == TERMINATION_REASON_LABELS
    assert REPORT_TERMINATIONS == TERMINATION_REASON_LABELS
    assert set(KIND_LABELS) == {k.value for k in Kind}
    assert set(TERMINATION_REASON_LABELS) == {r.value for r in TerminationReason}
    assert {a.value for a in PairAction} <= set(ACTION_LABELS)
    assert {k.value: v for k, v in WEB_MEETING_FORMATS.items()} == MEETING_FORMAT_LABELS
