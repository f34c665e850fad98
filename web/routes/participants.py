"""The bases (Участники): people with kind, grade or experience and consents; add a person and a consent,
correct a card, erase on request. Every rule and message is application.participants'."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep, TemporalDep
from api.off_loop import OffTheLoop
from application import matching, pair_voices, pairs, participants
from application.pair_voices import AgreementBody
from application.records import user_names
from application.schemas import ConsentCreate, ErasureBody, ParticipantCorrection, ParticipantCreate
from domain.actors import Actor
from domain.errors import DomainError, NotFound
from domain.forms import ParticipantKind
from web.forms import form_values, parse, shown
from web.render import render
from web.routes.pairs import iso_day
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)
PAGE_SIZE = 25

FIELD_LABELS = {
    "kind": "Кто это",
    "full_name": "ФИО",
    "birth_date": "Дата рождения",
    "grade": "Класс",
    "years_of_experience": "Стаж, лет",
    "given_by": "Кто дал согласие",
    "guardian_name": "ФИО законного представителя",
    "text_accepted": "Текст согласия",
    "signed_at": "Дата подписания",
    "basis": "Основание",
    "number": "Номер соглашения",
    "signed_on": "Дата соглашения",
}
CONSENT_TEXT = "Согласие на участие в программе наставничества и на обработку персональных данных."


def _card(values: dict[str, str]) -> dict[str, Any]:
    return {
        "kind": values.get("kind"),
        "full_name": values.get("full_name", "").strip(),
        "birth_date": iso_day(values.get("birth_date", "")),
        "grade": values.get("grade"),
        "years_of_experience": values.get("years_of_experience", "").replace(",", "."),
        "new_hire": values.get("new_hire") == "yes",
        "stated_difficulty": values.get("stated_difficulty") == "yes",
    }


def _list_page(
    request: Request,
    session: Any,
    actor: Actor,
    *,
    kind: str = "",
    name: str = "",
    page: int = 1,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    chosen = ParticipantKind(kind) if kind in {k.value for k in ParticipantKind} else None
    listed = participants.list_participants(
        session=session,
        actor=actor,
        kind=chosen,
        name=name or None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        by_name=True,
    )
    return render(
        request,
        "cabinet/participants/list.html",
        {
            "title": "Участники",
            "listed": listed,
            "page": page,
            "pages": max(1, -(-listed.total // PAGE_SIZE)),
            "filters": {"kind": kind, "name": name},
            "values": values or {},
            "refusal": refusal,
            "added": request.query_params.get("added"),
        },
        status_code=status_code,
    )


@router.get("/cabinet/participants", response_class=HTMLResponse)
def participant_list(
    request: Request,
    me: PageSignedIn,
    session: SessionDep,
    kind: str = "",
    name: str = Query(default="", max_length=300),
    page: int = Query(default=1, ge=1),
) -> HTMLResponse:
    return _list_page(request, session, me.actor, kind=kind, name=name, page=page)


@router.post("/cabinet/participants", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def add_participant(request: Request, me: PageSignedIn, session: SessionDep) -> Response:
    values = await form_values(request)
    try:
        body = parse(ParticipantCreate, _card(values), FIELD_LABELS)
        created = participants.create_participant(session=session, actor=me.actor, body=body)
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _list_page(
            request, session, me.actor, values=values, refusal=refused, status_code=refused.status
        )
    return RedirectResponse(f"/cabinet/participants/{created.id}?done=added", status_code=303)


DONE = {
    "added": "Участник добавлен в базу.",
    "consent": "Согласие внесено.",
    "corrected": "Карточка исправлена.",
    "erased": "Данные участника удалены по запросу.",
    "agreement": "Дополнительное соглашение внесено.",
}


def _card_page(
    request: Request,
    session: Any,
    actor: Actor,
    participant_id: str,
    *,
    open_form: str | None = None,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    person = participants.read_participant(session=session, actor=actor, participant_id=participant_id)
    consents = participants.list_consents(session=session, actor=actor, participant_id=participant_id)
    agreements = pair_voices.list_agreements(session=session, actor=actor, participant_id=participant_id)
    card_values = {
        "kind": person.kind.value,
        "full_name": person.full_name,
        "birth_date": person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "",
        "grade": str(person.grade or ""),
        "years_of_experience": f"{person.years_of_experience:g}"
        if person.years_of_experience is not None
        else "",
        "new_hire": "yes" if person.new_hire else "",
        "stated_difficulty": "yes" if person.stated_difficulty else "",
    }

    return render(
        request,
        "cabinet/participants/card.html",
        {
            "title": person.full_name,
            "person": person,
            "consents": consents,
            "pairs": pairs.list_pairs(
                session=session, actor=actor, participant_id=participant_id, limit=50
            ).items,
            "agreements": agreements,
            "preference_sheets": matching.preference_programmes(
                session=session, actor=actor, participant_id=participant_id
            ),
            "agreement_offered": pair_voices.may_have_agreement(person.kind, person.external),
            "recorders": user_names(
                session, {c.recorded_by for c in consents} | {a.recorded_by for a in agreements}
            ),
            "card_values": values if open_form == "correct" else card_values,
            "open_form": open_form,
            "values": values or {},
            "refusal": refusal,
            "consent_text": CONSENT_TEXT,
            "done": DONE.get(request.query_params.get("done") or ""),
        },
        status_code=status_code,
    )


@router.get("/cabinet/participants/{participant_id}", response_class=HTMLResponse)
def participant_card(
    request: Request, participant_id: str, me: PageSignedIn, session: SessionDep
) -> HTMLResponse:
    return _card_page(request, session, me.actor, participant_id)


@router.post(
    "/cabinet/participants/{participant_id}/{command}",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def participant_command(
    request: Request,
    participant_id: str,
    command: str,
    me: PageSignedIn,
    session: SessionDep,
    temporal: TemporalDep,
) -> Response:
    values = await form_values(request)
    actor = me.actor
    try:
        if command == "consent":
            day = iso_day(values.get("signed_at", ""))
            body = parse(
                ConsentCreate,
                {**values, "signed_at": f"{day}T12:00:00" if day else ""},
                FIELD_LABELS,
            )
            await participants.record_consent(
                session=session, actor=actor, temporal=temporal, participant_id=participant_id, body=body
            )
        elif command == "agreement":
            agreement = parse(
                AgreementBody,
                {
                    "number": values.get("number", "").strip(),
                    "signed_on": iso_day(values.get("signed_on", "")),
                },
                FIELD_LABELS,
            )
            pair_voices.record_agreement(
                session=session, actor=actor, participant_id=participant_id, body=agreement
            )
        elif command == "correct":
            card = _card(values)
            correction = parse(ParticipantCorrection, card, FIELD_LABELS)
            participants.correct_participant(
                session=session, actor=actor, participant_id=participant_id, body=correction
            )
            command = "corrected"
        elif command == "erase":
            erasure = parse(ErasureBody, values, FIELD_LABELS)
            participants.erase(session=session, actor=actor, participant_id=participant_id, body=erasure)
            command = "erased"
        else:
            raise NotFound("not_found", "Такой страницы нет или она вам недоступна.")
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _card_page(
            request,
            session,
            actor,
            participant_id,
            open_form=command,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(f"/cabinet/participants/{participant_id}?done={command}", status_code=303)
