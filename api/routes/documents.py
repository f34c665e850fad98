"""The papers a school files, as .docx from templates: orders, the mentor registry, plans, consents.

Thin: application.documents scopes, checks and renders (000 §2.3–2.7, 001 §3.8, 001 §4.8).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application import documents
from application.documents import FileOut
from documents.render import DOCX, attachment
from domain.pair import ConsentKind

router = APIRouter(tags=["documents"], responses=PROBLEM_RESPONSES)
BINARY = {"type": "string", "format": "binary"}
DOCX_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"content": {DOCX: {"schema": BINARY}}, "description": "Документ .docx для печати и подписи"}
}


def file_response(file: FileOut) -> Response:
    return Response(file.content, media_type=file.media_type, headers=attachment(file.filename))


@router.get("/programmes/{programme_id}/documents/order", response_class=Response, responses=DOCX_RESPONSE)
def programme_order(
    programme_id: str,
    session: SessionDep,
    actor: CurrentActor,
    number: Annotated[str | None, Query(description="Номер приказа, если их по программе несколько")] = None,
) -> Response:
    """The head's order fixing the programme's pairs and groups (000 §2.7): exactly the pairs it fixed."""
    return file_response(
        documents.programme_order(session=session, actor=actor, programme_id=programme_id, number=number)
    )


@router.get("/pairs/{pair_id}/documents/order", response_class=Response, responses=DOCX_RESPONSE)
def pair_order(pair_id: str, session: SessionDep, actor: CurrentActor) -> Response:
    """The order fixing one pair or group; before the order is recorded, a draft with blanks to fill in."""
    return file_response(documents.pair_order(session=session, actor=actor, pair_id=pair_id))


@router.get(
    "/programmes/{programme_id}/documents/mentor-registry", response_class=Response, responses=DOCX_RESPONSE
)
def mentor_registry(
    programme_id: str,
    session: SessionDep,
    actor: CurrentActor,
    number: Annotated[
        str | None, Query(max_length=64, description="Номер приказа; пусто — вписать от руки")
    ] = None,
    signed_on: Annotated[date | None, Query(description="Дата приказа; пусто — вписать от руки")] = None,
) -> Response:
    """The order approving the registry of mentors selected by questionnaire and interview (001 §3.8)."""
    return file_response(
        documents.mentor_registry(
            session=session, actor=actor, programme_id=programme_id, number=number, signed_on=signed_on
        )
    )


@router.get("/pairs/{pair_id}/documents/plan", response_class=Response, responses=DOCX_RESPONSE)
def individual_plan(pair_id: str, session: SessionDep, actor: CurrentActor) -> Response:
    """The pair's individual plan (personalised programme, 001 §4.8) as last written."""
    return file_response(documents.individual_plan(session=session, actor=actor, pair_id=pair_id))


@router.get(
    "/participants/{participant_id}/documents/consent", response_class=Response, responses=DOCX_RESPONSE
)
def consent_form(
    participant_id: str,
    session: SessionDep,
    actor: CurrentActor,
    kind: Annotated[
        ConsentKind, Query(description="participation — на участие, personal_data — на обработку ПДн")
    ],
    role: Annotated[
        Literal["mentor", "mentee"] | None,
        Query(description="В какой роли участвует; по умолчанию — по базам"),
    ] = None,
    programme_id: Annotated[
        str | None, Query(description="Программа; по умолчанию — последняя, где участник")
    ] = None,
    guardian_name: Annotated[
        str | None, Query(max_length=300, description="ФИО законного представителя (для несовершеннолетнего)")
    ] = None,
) -> Response:
    """A consent pre-filled for signing; for a minor, the legal guardian's variant (000 §2.3–2.4, 152-ФЗ)."""
    return file_response(
        documents.consent_form(
            session=session,
            actor=actor,
            participant_id=participant_id,
            kind=kind,
            role=role,
            programme_id=programme_id,
            guardian_name=guardian_name,
        )
    )
