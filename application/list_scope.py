"""Who sees which rows of a list: one rule for every list query, over each table's own columns.

Curators and heads see their organisation, a district coordinator the district, the operator everything,
and a mentor or mentee only what is theirs (each list says what that is). Reading one object by id goes
through `domain.actors.ensure_visible`; this is the same rule as a WHERE clause.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, false
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from db.models import Organisation, PairMember
from domain.actors import Actor, Role

Row = TypeVar("Row")


@dataclass(frozen=True)
class ListScope:
    organisation: Any  # the column holding the row's organisation id
    district: Any = None  # the row's district column; None: found through the organisation
    own: Callable[[Actor], ColumnElement[bool]] | None = None  # a participant's own rows; None: none


def scoped(query: SelectOfScalar[Row], actor: Actor, scope: ListScope) -> SelectOfScalar[Row]:
    if actor.role is Role.ADMIN:
        return query
    if actor.role in (Role.CURATOR, Role.HEAD):
        return query.where(scope.organisation == actor.organisation_id)
    if actor.role is Role.COORDINATOR:
        if scope.district is not None:
            return query.where(scope.district == actor.district)
        in_district = select(Organisation.id).where(Organisation.district == actor.district)
        return query.where(col(scope.organisation).in_(in_district))
    if scope.own is None:
        return query.where(false())
    return query.where(scope.own(actor))


def in_my_pairs(pair_id: Any) -> Callable[[Actor], ColumnElement[bool]]:
    """Rows of the pairs the participant is a member of (`pair_id`: the column naming the pair)."""

    def own(actor: Actor) -> ColumnElement[bool]:
        mine = select(PairMember.pair_id).where(PairMember.participant_id == actor.participant_id)
        return col(pair_id).in_(mine)

    return own
