"""Erasure on request (152-FZ art. 9 §2, art. 21 §5): a guardian withdraws the consent to personal-data
processing; the curator ends the pair, then erases the child's data. The pair's record stays (ids, stages,
the audit); nothing that names or describes the child does."""

from __future__ import annotations

import httpx
from sqlmodel import select

from db.audit_chain import readable_texts
from db.models import AuditEvent, PairFitAnswer, QuestionnaireAnswer, ReflectionDocument
from db.notification_models import NotificationAddress
from db.session import session_scope, utcnow
from domain.erasure import ERASED_NAME, ERASED_TEXT, scrub_answers
from tests.api.conftest import School, user
from tests.api.flows import consent_all, pupil_pair
from tests.api.helpers_matrix import assert_problem, ok

BASIS = "Заявление законного представителя об отзыве согласия от 20.11.2026"


async def withdrawn_pupil(api: httpx.AsyncClient, school: School) -> tuple[str, str, str, dict[str, str]]:
    """A 6th-grader in a pair, with the guardian's consents and an account with an e-mail; the pair ended
    because the consent was withdrawn. Returns (pair, mentor, mentee, the mentee's token headers)."""
    pair, mentor, mentee = await pupil_pair(api, school.curator)
    await consent_all(api, school.curator, mentee, minor=True)
    account = await user(api, "mentee", organisation_id=school.organisation_id, participant_id=mentee)
    assert (
        await api.put("/me/email", headers=account, json={"email": "anya@example.test"})
    ).status_code == 200
    ending = {"reason": "mentee_initiative", "comment": "Законный представитель отозвал согласие"}
    await ok(api, school.curator, f"/pairs/{pair}/termination", ending)
    return pair, mentor, mentee, account


async def test_withdrawn_consent_erases_the_childs_data_and_keeps_the_pairs_record(
    api: httpx.AsyncClient, school: School
) -> None:
    pair, _mentor, mentee, account = await withdrawn_pupil(api, school)

    erased = await api.post(f"/participants/{mentee}/erasure", headers=school.curator, json={"basis": BASIS})
    assert erased.status_code == 200, erased.text
    card = (await api.get(f"/participants/{mentee}", headers=school.curator)).json()
    assert (card["full_name"], card["birth_date"], card["grade"]) == (ERASED_NAME, None, None)
    assert card["erased_at"] is not None
    consents = (await api.get(f"/participants/{mentee}/consents", headers=school.curator)).json()
    assert len(consents) == 2 and {c["guardian_name"] for c in consents} == {None}

    assert (await api.get("/me", headers=account)).status_code == 401  # the child's account is closed
    with session_scope() as session:
        emails = session.exec(select(NotificationAddress.email)).all()
        [audit] = session.exec(
            select(AuditEvent).where(AuditEvent.subject_id == mentee, AuditEvent.action == "erased")
        ).all()
        basis = readable_texts(session, [audit])
    assert "anya@example.test" not in emails
    assert (audit.action, basis[audit.reason_text_id or ""]) == ("erased", BASIS)

    kept = (await api.get(f"/pairs/{pair}", headers=school.curator)).json()
    assert kept["stage"] == "terminated" and mentee in {m["participant_id"] for m in kept["members"]}


async def test_a_person_in_an_active_pair_is_not_erased(api: httpx.AsyncClient, school: School) -> None:
    pair, _mentor, mentee = await pupil_pair(api, school.curator)
    refused = await api.post(f"/participants/{mentee}/erasure", headers=school.curator, json={"basis": BASIS})
    problem = assert_problem(refused, 409, "no_active_pair", "participant_id")
    assert problem["details"]["pairs"] == [pair] and "завершите пару досрочно" in problem["detail"]
    card = (await api.get(f"/participants/{mentee}", headers=school.curator)).json()
    assert card["full_name"] != ERASED_NAME and card["erased_at"] is None


async def test_erasure_is_done_once_and_the_person_is_not_paired_again(
    api: httpx.AsyncClient, school: School
) -> None:
    _pair, mentor, mentee, _account = await withdrawn_pupil(api, school)
    await ok(api, school.curator, f"/participants/{mentee}/erasure", {"basis": BASIS})
    again = await api.post(f"/participants/{mentee}/erasure", headers=school.curator, json={"basis": BASIS})
    assert_problem(again, 409, "not_erased", "participant_id")

    body = {
        "form": "student_student",
        "role_model": "успевающий — неуспевающий",
        "mentor_ids": [mentor],
        "mentee_ids": [mentee],
        "planned_start": "2026-12-01",
        "planned_end": "2027-05-20",
    }
    assert_problem(await api.post("/pairs", headers=school.curator, json=body), 409, "not_erased")


async def test_only_the_schools_curator_erases(api: httpx.AsyncClient, school: School) -> None:
    _pair, _mentor, mentee, _account = await withdrawn_pupil(api, school)
    refused = await api.post(f"/participants/{mentee}/erasure", headers=school.head, json={"basis": BASIS})
    assert_problem(refused, 403, "curator_only")


async def test_the_basis_of_an_erasure_is_required(api: httpx.AsyncClient, school: School) -> None:
    _pair, _mentor, mentee, _account = await withdrawn_pupil(api, school)
    refused = await api.post(f"/participants/{mentee}/erasure", headers=school.curator, json={"basis": ""})
    assert_problem(refused, 422, field="basis")


def test_free_text_answers_go_and_scores_stay() -> None:
    answers = {
        "satisfaction": 4,
        "would_continue": True,
        "comment": "Мне помогла Анна Петровна",
        "none": None,
    }
    assert scrub_answers(answers) == {
        "satisfaction": 4,
        "would_continue": True,
        "comment": "[удалено по запросу субъекта персональных данных]",
        "none": None,
    }


async def test_texts_the_child_wrote_are_replaced(api: httpx.AsyncClient, school: School) -> None:
    pair, _mentor, mentee, account = await withdrawn_pupil(api, school)
    account_id = (await api.get("/me", headers=account)).json()["user_id"]
    with session_scope() as session:
        session.add(
            ReflectionDocument(
                id=f"doc-{pair}",
                pair_id=pair,
                kind="mentee_reflection",
                text="Я, Аня С.",
                created_by=account_id,
                created_at=utcnow(),
            )
        )
        session.add(
            PairFitAnswer(
                pair_id=pair, participant_id=mentee, fits=False, comment="Не нравится", answered_at=utcnow()
            )
        )
        session.add(
            QuestionnaireAnswer(
                id=f"answers-{pair}",
                item_id=f"item-{pair}",
                round_id="2026-12",
                organisation_id=school.organisation_id,
                pair_id=pair,
                participant_id=mentee,
                answers={"score": 5, "comment": "Живу на ул. Ленина"},
                submitted_by=account_id,
                submitted_at=utcnow(),
            )
        )
        session.commit()

    await ok(api, school.curator, f"/participants/{mentee}/erasure", {"basis": BASIS})

    with session_scope() as session:
        reflection = session.get(ReflectionDocument, f"doc-{pair}")
        fit = session.get(PairFitAnswer, (pair, mentee))
        answers = session.get(QuestionnaireAnswer, f"answers-{pair}")
        assert reflection is not None and fit is not None and answers is not None
        assert (reflection.text, fit.comment, fit.fits) == (ERASED_TEXT, "", False)
        assert answers.answers == {"score": 5, "comment": ERASED_TEXT}
