"""«Анкеты» (004 §8.1): the questionnaire versions in force in the district, and the coordinator's new
version of one of them, question by question. Publishing is application.questionnaire_forms' (as
POST /questionnaires/{respondent}/versions): rounds opening from now on use it, open rounds keep theirs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from application import questionnaire_forms
from domain.actors import Actor
from domain.errors import DomainError, InvalidInput, NotFound
from domain.questionnaires import QuestionKind, QuestionnaireContent, Respondent
from web.forms import form_values, lines, refusal_from_validation
from web.render import render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)
SPARE = 3  # empty question blocks offered for new questions
KIND_LABELS = {
    QuestionKind.OPEN.value: "открытый: ответ своими словами",
    QuestionKind.CLOSED.value: "закрытый: выбор из вариантов",
    QuestionKind.SCALE.value: "оценка по шкале",
}
FIELD_LABELS = {
    "title": "Название анкеты",
    "text": "Вопрос",
    "kind": "Тип вопроса",
    "options": "Варианты ответа",
    "scale_min": "Шкала от",
    "scale_max": "Шкала до",
    "questions": "Вопросы",
}


def _respondent(value: str) -> Respondent:
    if value not in {r.value for r in Respondent}:
        raise NotFound("not_found", "Такой анкеты нет.")
    return Respondent(value)


@router.get("/cabinet/questionnaires", response_class=HTMLResponse)
def questionnaires(request: Request, me: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return render(
        request,
        "cabinet/questionnaires/list.html",
        {
            "title": "Анкеты",
            "versions": questionnaire_forms.versions_in_force(session=session, actor=me.actor),
            "publishes": questionnaire_forms.publishes_questionnaires(me.actor),
        },
    )


def _values_of(version: questionnaire_forms.QuestionnaireVersionRead) -> dict[str, str]:
    values = {"title": version.title}
    for i, q in enumerate(version.questions):
        values |= {
            f"q{i}_id": q.id,
            f"q{i}_text": q.text,
            f"q{i}_kind": q.kind.value,
            f"q{i}_required": "yes" if q.required else "",
            f"q{i}_options": "\n".join(q.options),
            f"q{i}_multiple": "yes" if q.multiple else "",
            f"q{i}_scale_min": str(q.scale_min),
            f"q{i}_scale_max": str(q.scale_max),
        }
    return values


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    respondent: Respondent,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    history = questionnaire_forms.version_history(session=session, actor=actor, respondent=respondent)
    current = history[0]
    shown = values if values is not None else _values_of(current)
    blocks = 1 + max((int(k[1:].split("_")[0]) for k in shown if k.startswith("q") and "_" in k), default=-1)
    return render(
        request,
        "cabinet/questionnaires/edit.html",
        {
            "title": current.respondent_label,
            "current": current,
            "history": history,
            "publishes": questionnaire_forms.publishes_questionnaires(actor),
            "blocks": blocks + SPARE if values is None else blocks,
            "values": shown,
            "refusal": refusal,
            "kind_labels": KIND_LABELS,
            "done": request.query_params.get("done"),
        },
        status_code=status_code,
    )


@router.get("/cabinet/questionnaires/{respondent}", response_class=HTMLResponse)
def questionnaire(request: Request, respondent: str, me: PageSignedIn, session: SessionDep) -> HTMLResponse:
    return _page(request, session, me.actor, _respondent(respondent))


def _content(values: dict[str, str]) -> tuple[dict[str, Any], list[int]]:
    """The form's question blocks as the content's questions (a block without a question's text is left
    out), and which block each question came from."""
    indices = sorted(
        {int(k[1:].split("_")[0]) for k in values if k.startswith("q") and k[1:].split("_")[0].isdigit()}
    )
    used = {values.get(f"q{i}_id", "") for i in indices}
    questions: list[dict[str, Any]] = []
    blocks: list[int] = []
    for i in indices:
        text = values.get(f"q{i}_text", "").strip()
        if not text:
            continue
        question_id = values.get(f"q{i}_id", "")
        if not question_id:
            n = len(indices) + 1
            while f"q{n}" in used:
                n += 1
            question_id = f"q{n}"
            used.add(question_id)
            values[f"q{i}_id"] = question_id
        kind = values.get(f"q{i}_kind", "")
        questions.append(
            {
                "id": question_id,
                "text": text,
                "kind": kind,
                "required": values.get(f"q{i}_required") == "yes",
                "options": lines(values.get(f"q{i}_options")) if kind == QuestionKind.CLOSED.value else [],
                "multiple": values.get(f"q{i}_multiple") == "yes" and kind == QuestionKind.CLOSED.value,
                "scale_min": values.get(f"q{i}_scale_min") or 1,
                "scale_max": values.get(f"q{i}_scale_max") or 5,
            }
        )
        blocks.append(i)
    return {"title": values.get("title", "").strip(), "questions": questions}, blocks


def _refusal(error: ValidationError, blocks: list[int]) -> InvalidInput:
    """The first problem, naming the question by its number on the page and marking its field."""
    first = error.errors()[0]
    loc = list(first.get("loc", ()))
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int) and loc[1] < len(blocks):
        block = blocks[loc[1]]
        name = str(loc[2]) if len(loc) > 2 else "text"
        if first.get("type") == "value_error":
            text = str(first.get("msg", "")).removeprefix("Value error, ")
            name = "options" if "вариант" in text else "scale_max" if "шкала" in text else name
        else:
            text = refusal_from_validation(error, FIELD_LABELS).message.split(": ", 1)[-1].rstrip(".")
            text = f"«{FIELD_LABELS.get(name, name)}»: {text}"
        return InvalidInput(str(first.get("type")), f"Вопрос {block + 1}: {text}.", f"q{block}_{name}")
    if first.get("type") == "value_error":
        return InvalidInput(
            "value_error", str(first.get("msg", "")).removeprefix("Value error, ") + ".", "title"
        )
    return refusal_from_validation(error, FIELD_LABELS)


@router.post("/cabinet/questionnaires/{respondent}", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def publish(request: Request, respondent: str, me: PageSignedIn, session: SessionDep) -> Response:
    chosen = _respondent(respondent)
    values = await form_values(request)
    content, blocks = _content(values)
    try:
        try:
            body = QuestionnaireContent.model_validate(content)
        except ValidationError as error:
            raise _refusal(error, blocks) from error
        _version, created = questionnaire_forms.publish_questionnaire(
            session=session, actor=me.actor, respondent=chosen, body=body
        )
    except DomainError as refused:
        return _page(
            request, session, me.actor, chosen, values=values, refusal=refused, status_code=refused.status
        )
    return RedirectResponse(
        f"/cabinet/questionnaires/{chosen.value}?done={'published' if created else 'same'}", status_code=303
    )
