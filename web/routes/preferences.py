"""The questionnaire of preferred partners (004 roadmap 16–18) as a page: a mentee ranks the mentors of the
programme's bases, a mentor the mentees, the most wanted first; the curator may fill it in on their behalf.
Who may fill or read it, and whom it may name, is application.matching's (the same as the JSON API's)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep
from api.off_loop import OffTheLoop
from application import matching
from application.matching_schemas import PreferenceBody
from domain.actors import Actor
from domain.errors import DomainError, NotFound
from web.forms import form_values, parse, shown
from web.render import render
from web.session import CsrfChecked, PageSignedIn

router = APIRouter(include_in_schema=False, route_class=OffTheLoop)
SLOTS = 5  # places offered at once; people name a few, the rest are matched by requests and profile
LABELS = {"ranked_ids": "Кого вы хотели бы в пару"}


def _slots(values: dict[str, str]) -> list[str]:
    """The places as chosen, in order: an empty place is skipped, the order of the others is kept."""
    places = sorted(
        (int(key.removeprefix("rank_")), value)
        for key, value in values.items()
        if key.startswith("rank_") and key.removeprefix("rank_").isdigit()
    )
    return [value for _place, value in places if value]


def _page(
    request: Request,
    session: Any,
    actor: Actor,
    programme_id: str,
    participant_id: str,
    *,
    values: dict[str, str] | None = None,
    refusal: DomainError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    sheet = matching.preference_sheet(
        session=session, actor=actor, programme_id=programme_id, participant_id=participant_id
    )
    slots = max(min(len(sheet.candidates), SLOTS), len(sheet.ranked_ids))
    stored = {f"rank_{place}": pid for place, pid in enumerate(sheet.ranked_ids, start=1)}
    return render(
        request,
        "cabinet/preferences.html",
        {
            "title": "Анкета предпочтений",
            "sheet": sheet,
            "slots": slots,
            "values": values if values is not None else stored,
            "refusal": refusal,
            "own": actor.participant_id == participant_id,
            "saved": request.query_params.get("done") == "saved",
        },
        status_code=status_code,
    )


@router.get("/cabinet/preferences/{programme_id}/{participant_id}", response_class=HTMLResponse)
def preferences(
    request: Request, programme_id: str, participant_id: str, me: PageSignedIn, session: SessionDep
) -> HTMLResponse:
    return _page(request, session, me.actor, programme_id, participant_id)


@router.post(
    "/cabinet/preferences/{programme_id}/{participant_id}",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
async def save_preferences(
    request: Request, programme_id: str, participant_id: str, me: PageSignedIn, session: SessionDep
) -> Response:
    values = await form_values(request)
    try:
        body = parse(PreferenceBody, {"ranked_ids": _slots(values)}, LABELS)
        matching.put_preferences(
            session=session,
            actor=me.actor,
            programme_id=programme_id,
            participant_id=participant_id,
            body=body,
        )
    except NotFound:
        raise
    except DomainError as refused:
        refused = shown(session, refused, me.actor)
        return _page(
            request,
            session,
            me.actor,
            programme_id,
            participant_id,
            values=values,
            refusal=refused,
            status_code=refused.status,
        )
    return RedirectResponse(
        f"/cabinet/preferences/{programme_id}/{participant_id}?done=saved", status_code=303
    )
