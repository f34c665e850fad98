"""Aggregates of a round's questionnaires and the SWOT suggestions drawn from them (004 §8.1). Pure.

Per questionnaire (respondent and version): for each scale question its mean and distribution, overall and
per form of mentoring; for each closed question the count of every option; open answers listed. The
highest scored scale questions suggest strengths, the lowest weaknesses; the curator writes the SWOT.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean
from typing import Any

from pydantic import BaseModel, Field

from domain.questionnaires import RESPONDENT_LABELS, QuestionKind, QuestionnaireContent, Respondent

STRENGTH_AT = 0.75  # share of the scale: ≥ 4 of 1–5
WEAKNESS_AT = 0.5  # ≤ 3 of 1–5
SUGGESTIONS = 3


class Answered(BaseModel):
    """One submitted questionnaire, as the aggregates need it: no names."""

    respondent: Respondent
    version_id: str
    form: str | None = None  # the pair's form; None for the curator's own
    programme_id: str | None = None  # the pair's programme; None for the curator's own
    answers: dict[str, Any]


class FormMean(BaseModel):
    form: str
    answered: int
    mean: float


class QuestionStats(BaseModel):
    question_id: str
    text: str
    kind: QuestionKind
    answered: int
    scale_min: int | None = None
    scale_max: int | None = None
    mean: float | None = None
    distribution: list[tuple[str, int]] = Field(default_factory=list)  # value or option → count
    by_form: list[FormMean] = Field(default_factory=list)
    open_answers: list[str] = Field(default_factory=list)

    @property
    def share(self) -> float | None:
        """The mean as a share of the scale, 0…1, so scales of different lengths compare."""
        if self.mean is None or self.scale_min is None or self.scale_max is None:
            return None
        return (self.mean - self.scale_min) / (self.scale_max - self.scale_min)


class QuestionnaireStats(BaseModel):
    respondent: Respondent
    label: str
    version_id: str
    title: str
    respondents: int
    questions: list[QuestionStats]


class SwotSuggestions(BaseModel):
    strengths: list[str]
    weaknesses: list[str]


def _question_stats(content: QuestionnaireContent, answered: list[Answered]) -> list[QuestionStats]:
    stats = []
    for q in content.questions:
        given = [(a.form, a.answers[q.id]) for a in answered if q.id in a.answers]
        row = QuestionStats(question_id=q.id, text=q.text, kind=q.kind, answered=len(given))
        if q.kind is QuestionKind.SCALE:
            values = [int(v) for _, v in given]
            counts = Counter(values)
            row.scale_min, row.scale_max = q.scale_min, q.scale_max
            row.mean = round(mean(values), 2) if values else None
            row.distribution = [(str(v), counts.get(v, 0)) for v in range(q.scale_min, q.scale_max + 1)]
            per_form: dict[str, list[int]] = defaultdict(list)
            for form, v in given:
                per_form[form or "—"].append(int(v))
            row.by_form = [
                FormMean(form=form, answered=len(vs), mean=round(mean(vs), 2))
                for form, vs in sorted(per_form.items())
            ]
        elif q.kind is QuestionKind.CLOSED:
            chosen = Counter(c for _, v in given for c in (v if isinstance(v, list) else [v]))
            row.distribution = [(option, chosen.get(option, 0)) for option in q.options]
        else:
            row.open_answers = [str(v) for _, v in given if str(v).strip()]
        stats.append(row)
    return stats


def aggregate(
    answered: list[Answered], versions: dict[str, QuestionnaireContent]
) -> list[QuestionnaireStats]:
    """Aggregates per questionnaire (respondent, version), in the order of `Respondent`."""
    groups: dict[tuple[Respondent, str], list[Answered]] = defaultdict(list)
    for a in answered:
        if a.version_id in versions:
            groups[(a.respondent, a.version_id)].append(a)
    order = list(Respondent)
    return [
        QuestionnaireStats(
            respondent=respondent,
            label=RESPONDENT_LABELS[respondent],
            version_id=version_id,
            title=versions[version_id].title,
            respondents=len(group),
            questions=_question_stats(versions[version_id], group),
        )
        for (respondent, version_id), group in sorted(
            groups.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])
        )
    ]


def suggest_swot(stats: list[QuestionnaireStats]) -> SwotSuggestions:
    """Strengths from the highest scored scale questions (at least 75 % of the scale), weaknesses from the
    lowest (at most 50 %), three of each at most, each with its mean and whose questionnaire it is."""
    scored = [
        (q.share, q, s)
        for s in stats
        for q in s.questions
        if q.kind is QuestionKind.SCALE and q.answered and q.share is not None
    ]

    def phrase(q: QuestionStats, s: QuestionnaireStats) -> str:
        return f"{q.text} — {q.mean:.1f} из {q.scale_max} ({s.label.lower()})"

    high = sorted(scored, key=lambda t: (-t[0], t[1].question_id))
    low = sorted(scored, key=lambda t: (t[0], t[1].question_id))
    return SwotSuggestions(
        strengths=[phrase(q, s) for share, q, s in high if share >= STRENGTH_AT][:SUGGESTIONS],
        weaknesses=[phrase(q, s) for share, q, s in low if share <= WEAKNESS_AT][:SUGGESTIONS],
    )
