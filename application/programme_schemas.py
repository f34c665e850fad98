"""Request and response models of the programme API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, computed_field

from application.schemas import NextStep, PairCreate
from domain import bounds
from domain.forms import Form
from domain.labels import FORM_LABELS, STAGE_LABELS_BY_CODE, label_of
from domain.programme import Award, CompletionFact, HeadAct, HeadApproval, RoadmapFacts
from domain.stages import Stage


class ProgrammeCreate(BaseModel):
    title: str = Field(min_length=1, max_length=300, examples=["Учитель–учитель 2026/27"])
    academic_year: Annotated[str, AfterValidator(bounds.rule(bounds.academic_year))] = Field(
        max_length=7, examples=["2026/27"]
    )
    forms: list[Form] = Field(default_factory=list, max_length=10)
    training_required: bool = True


class ProgrammeConfigure(BaseModel):
    curator_id: str | None = Field(default=None, max_length=64)
    forms: list[Form] | None = Field(default=None, max_length=10)
    roadmap: RoadmapFacts | None = None
    training_required: bool | None = None


class BaseCounts(BaseModel):
    mentees_with_requests: int
    mentors_selected: int
    mentors_trained: int
    feedback_questionnaires: int


class ProgrammeRead(BaseModel):
    id: str
    workflow_id: str
    organisation_id: str
    title: str
    academic_year: str
    training_required: bool
    stage: Stage
    stage_since: datetime | None
    curator_id: str | None
    forms: list[Form]
    completion: list[CompletionFact]

    # Russian labels next to the codes (`labelled_codes`, issue 12 point 22).
    @computed_field  # type: ignore[prop-decorator]
    @property
    def stage_label(self) -> str | None:
        return label_of(STAGE_LABELS_BY_CODE, self.stage)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def form_labels(self) -> list[str]:
        return [label_of(FORM_LABELS, form) or form for form in self.forms]


class ProgrammeDetail(ProgrammeRead):
    roadmap: RoadmapFacts | None = Field(
        default=None, description="Дорожная карта, утверждённая руководителем"
    )
    pairs_by_stage: dict[Stage, int]
    pairs_by_stage_labels: dict[str, str] = Field(
        default_factory=lambda data: {
            str(stage): STAGE_LABELS_BY_CODE.get(str(stage), str(stage)) for stage in data["pairs_by_stage"]
        },
        description="Этапы из pairs_by_stage по-русски",
    )
    base: BaseCounts
    next_step: NextStep | None
    head_approvals: dict[HeadAct, HeadApproval] = Field(
        default_factory=dict, description="Утверждения руководителя: реестр наставников, наставляемые"
    )


class MentorProfileBody(BaseModel):
    competences: list[bounds.Text] = Field(
        default_factory=list, max_length=bounds.MAX_LIST_ITEMS, description="Компетенции и профиль наставника"
    )
    capacity: int = Field(default=1, ge=1, le=20, description="Сколько наставляемых может вести")
    questionnaire_on: bounds.EraDate | None = None
    interview_on: bounds.EraDate | None = None
    trained_on: bounds.EraDate | None = None
    training_required: bool | None = Field(
        default=None, description="Нужно ли обучение этому наставнику; не указано — как в программе"
    )


class MentorProfileRead(MentorProfileBody):
    participant_id: str
    programme_id: str


class MenteeRequestBody(BaseModel):
    requests: list[bounds.Text] = Field(
        min_length=1, max_length=bounds.MAX_LIST_ITEMS, description="Запросы наставляемого"
    )
    mentors_needed: int = Field(default=1, ge=1, le=5)
    form: Form | None = Field(default=None, description="Форма подбора; по умолчанию первая форма программы")


class MenteeRequestRead(MenteeRequestBody):
    participant_id: str
    programme_id: str


class FeedbackBody(BaseModel):
    participant_id: str = Field(max_length=64)
    answers: Annotated[dict[str, Any], AfterValidator(bounds.rule(bounds.small_json))]


class OrderRef(BaseModel):
    number: str = Field(min_length=1, max_length=64)
    signed_on: bounds.EraDate


class FixPairsBody(BaseModel):
    """Pairs fixed by one order of the head (000 §2.7); their workflows start at once."""

    order: OrderRef
    pairs: list[PairCreate] = Field(min_length=1, max_length=500)


class CompletionBody(BaseModel):
    """A closing fact when it happens, with whom it concerns (000 §3.3–3.5): the winners of an award, the
    pair named best, the mentees offered to join the mentor base and those who joined."""

    fact: CompletionFact
    comment: str = Field(default="", max_length=2000)
    award: Award | None = Field(default=None, description="«Наставник года» или «Лучшая пара»")
    participant_ids: list[str] = Field(default_factory=list, max_length=500)
    pair_ids: list[str] = Field(default_factory=list, max_length=500)
    joined_ids: list[str] = Field(
        default_factory=list, max_length=500, description="Вошли в базу наставников"
    )


class HeadApprovalBody(BaseModel):
    """The head approves by an order (001 §3.8; 002 item 12)."""

    act: HeadAct = Field(
        description="mentor_registry — реестр наставников; mentees — отобранные наставляемые"
    )
    number: str = Field(min_length=1, max_length=64)
    signed_on: date


class ProgrammeTransition(BaseModel):
    to_stage: Stage
    comment: str = Field(default="", max_length=2000)
