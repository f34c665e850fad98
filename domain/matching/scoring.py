"""The fit score of a pair, in 0..100 points, built so that a curator can read where each point comes from.

- up to 80 points for how well the mentor's competences cover the mentee's requests, weighted by how
  much each request matters to the mentee (001 §4.3: the mentor's profile must fit the requests);
- up to 10 points when the mentee named the mentor in the questionnaire, and up to 10 when the mentor
  named the mentee (mutual interest after the group meeting, 004 roadmap 16–18): 10 for the first
  place, 2 less for each place below, never less than 2 for a named person.
"""

from __future__ import annotations

COVERAGE_POINTS = 80
PREFERENCE_POINTS = 10
PREFERENCE_STEP = 2
PREFERENCE_FLOOR = 2


def normalise_tag(tag: str) -> str:
    """«Математика », «математика» and «МАТЕМАТИКА» are one request."""
    return " ".join(tag.split()).casefold()


def coverage_points(covered_weight: int, total_weight: int) -> int:
    """Share of the requested weight the mentor covers, in whole points, rounded half up in integers
    so that every machine gives the same number."""
    if total_weight <= 0:
        return 0
    return (2 * COVERAGE_POINTS * covered_weight + total_weight) // (2 * total_weight)


def preference_points(rank: int | None) -> int:
    """Points for being named at `rank` (1 = first) in the other side's questionnaire."""
    if rank is None:
        return 0
    return max(PREFERENCE_POINTS - PREFERENCE_STEP * (rank - 1), PREFERENCE_FLOOR)
