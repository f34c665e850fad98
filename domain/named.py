"""Placeholders a domain text uses for whom it names: ids, never names (the domain knows no names).

A refusal about a person says «нет согласия у наставника {person(id, Case.GENITIVE)}»; at the edge where
the text is shown (application/naming.py) each placeholder becomes the person's name in that case
(«у наставника Петрова Ильи»), a pair's «наставник — наставляемый», a programme's or a school's title.
A bare id is a placeholder in the nominative, so texts written before the cases still read.
"""

from __future__ import annotations

import re

from domain.russian_names import Case

_CASES = "|".join(c.value for c in Case if c is not Case.NOMINATIVE)
# person-…, pair-…, programme-… with an optional «#case»; a school as «organisation:<its id>».
PLACEHOLDER = re.compile(
    r"\b(?P<id>(?:person|pair|programme)-[0-9a-f]{12})\b(?:#(?P<case>" + _CASES + r"))?"
    r"|\borganisation:(?P<organisation>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)"
)


def person(participant_id: str, case: Case = Case.NOMINATIVE) -> str:
    """The placeholder for a person's name in `case`."""
    return participant_id if case is Case.NOMINATIVE else f"{participant_id}#{case.value}"


def school(organisation_id: str) -> str:
    """The placeholder for an organisation's name."""
    return f"organisation:{organisation_id}"


def key_of(found: re.Match[str]) -> str:
    """What a found placeholder names: the id, or «organisation:<id>» for a school."""
    return found.group("id") or f"organisation:{found.group('organisation')}"


def case_of(found: re.Match[str]) -> Case:
    return Case(found.group("case")) if found.group("case") else Case.NOMINATIVE
