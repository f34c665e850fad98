"""Search attributes that let the Temporal UI filter pairs and programmes (issue 13 §6).

Ids and stage facts only — the organisation's and programme's ids, the stage and the kind of mentoring —
never a name or a text (they would stay in Temporal's visibility store beyond any erasure, 152-FZ).
Upserting an attribute the server does not know fails the workflow task for good, so every server the
system runs against registers them (`python -m temporal_setup`, the dev server's `--search-attribute`
flags) and the worker refuses to start without them (`temporal_setup.check_search_attributes`).
"""

from __future__ import annotations

from temporalio import workflow
from temporalio.common import (
    SearchAttributeKey,
    SearchAttributePair,
    SearchAttributeUpdate,
    TypedSearchAttributes,
)

with workflow.unsafe.imports_passed_through():
    from domain.events import LifecycleEvent
    from domain.pair import PairState
    from domain.programme import ProgrammeState

ORGANISATION = SearchAttributeKey.for_keyword("NastavnikOrganisation")
PROGRAMME = SearchAttributeKey.for_keyword("NastavnikProgramme")
STAGE = SearchAttributeKey.for_keyword("NastavnikStage")
KIND = SearchAttributeKey.for_keyword("NastavnikKind")  # вид наставничества (001 §4.4)
SEARCH_ATTRIBUTES = (ORGANISATION, PROGRAMME, STAGE, KIND)

# Workflows that upsert them on each stage change; histories recorded before replay without the command.
SEARCH_ATTRIBUTES_PATCH = "search-attributes-v1"


def _pairs(state: PairState | ProgrammeState) -> list[SearchAttributePair[str]]:
    pairs = [
        SearchAttributePair(ORGANISATION, state.organisation_id),
        SearchAttributePair(STAGE, state.stage.value),
    ]
    if isinstance(state, ProgrammeState):
        pairs.append(SearchAttributePair(PROGRAMME, state.programme_id))
    else:
        if state.programme_id:
            pairs.append(SearchAttributePair(PROGRAMME, state.programme_id))
        pairs.append(SearchAttributePair(KIND, state.kind.value))
    return pairs


def at_start(state: PairState | ProgrammeState) -> TypedSearchAttributes:
    """What a workflow is started with, so the UI finds it before its first task."""
    return TypedSearchAttributes(_pairs(state))


def updates(state: PairState | ProgrammeState) -> list[SearchAttributeUpdate[str]]:
    """What a workflow upserts when its stage changes (all of them: a run started before has none)."""
    return [pair.key.value_set(pair.value) for pair in _pairs(state)]


def upsert_on_stage_change(event: LifecycleEvent, state: PairState | ProgrammeState) -> None:
    """Inside a workflow: on its creation and each change of stage, the attributes follow the state."""
    if (event.seq == 1 or event.from_stage != event.to_stage) and workflow.patched(SEARCH_ATTRIBUTES_PATCH):
        workflow.upsert_search_attributes(updates(state))
