"""What pages show of the application's results: names instead of ids, links to the pages of things."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from application import names
from application.naming import replace_ids
from application.overdue import OverdueRead
from application.schemas import PairRead
from domain.escalation import LEVEL_LABELS, ItemKind, Level


@dataclass(frozen=True)
class ItemView:
    """One owed item as a person reads it."""

    item_id: str
    what: str
    level: Level | None
    level_label: str
    due_on: date
    since: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    owner: str
    pair_id: str | None
    pair: str | None
    programme_id: str | None
    programme: str | None
    round_id: str | None
    organisation_id: str
    school: str
    kind: str = ""

    @property
    def link(self) -> str:
        """The page of what the item is about."""
        if self.kind == ItemKind.ROSTER_REFRESH:
            return "/cabinet/roster"
        if self.pair_id:
            return f"/cabinet/pairs/{self.pair_id}"
        if self.round_id:
            return f"/cabinet/rounds/{self.round_id}?organisation_id={self.organisation_id}"
        if self.programme_id:
            return f"/cabinet/programmes/{self.programme_id}"
        return "/cabinet/overdue"


def item_views(session: Session, items: list[OverdueRead]) -> list[ItemView]:
    people = names.participant_names(session, (i.owner_participant_id for i in items))
    users = names.user_names(session, [i.owner_user_id for i in items] + [i.acknowledged_by for i in items])
    pairs = names.pair_titles(session, (i.pair_id for i in items))
    programmes = names.programme_titles(session, (i.programme_id for i in items))
    schools = names.organisation_names(session, (i.organisation_id for i in items))
    views = []
    for i in items:
        if i.owner_participant_id:
            owner = people.get(i.owner_participant_id, "—")
        elif i.owner_user_id:
            owner = users.get(i.owner_user_id, "—")
        else:
            owner = "—"
        views.append(
            ItemView(
                item_id=i.item_id,
                what=i.what,
                level=i.level,
                level_label=LEVEL_LABELS[i.level] if i.level else "ещё не просрочено",
                due_on=i.due_on,
                since=i.since,
                acknowledged_at=i.acknowledged_at,
                acknowledged_by=users.get(i.acknowledged_by) if i.acknowledged_by else None,
                owner=owner,
                pair_id=i.pair_id,
                pair=pairs.get(i.pair_id) if i.pair_id else None,
                programme_id=i.programme_id,
                programme=programmes.get(i.programme_id) if i.programme_id else None,
                round_id=i.round_id,
                organisation_id=i.organisation_id,
                school=schools.get(i.organisation_id, "—"),
                kind=i.kind.value,
            )
        )
    return views


def with_names(message: str, pair: PairRead) -> str:
    """A guard's message names members by id (it is the workflow's, which holds no names); a page shows
    their names instead."""
    names = {m.participant_id: m.full_name for m in pair.members if m.full_name}
    return replace_ids(message, names)  # declined where the text asks for a case
