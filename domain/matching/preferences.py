"""How each side ranks the other in stable mode, completed where the questionnaires are silent.

Questionnaires are partial: people name a few others, not everyone. The rankings are completed so that
every pair passing the hard rules is acceptable (004 stage 5: the search goes on for everyone):

- a mentee ranks the mentors they named, in their order, above all others; the rest follow by fit score
  (coverage of the requests, plus points when the mentor named the mentee). Mentors with equal score
  are equally good to the mentee; the solver tries them in an order spread over mentees, and blocking
  pairs are counted with such ties as indifference (weak stability);
- a mentor ranks returning mentees first (they go back into matching first, 004 stage 5), then the
  mentees they named, in their order, then the rest by fit score (plus points when the mentee named the
  mentor), then by mentee id — a strict order, encoded as one integer `mentor_key`, smaller is better.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from domain.errors import InvalidInput
from domain.matching.market import CoverageClass, Market, Pool, segments
from domain.matching.model import SCORE_MAX


def ranked_once(participant_id: str, ranked_ids: list[str]) -> None:
    """A questionnaire names each partner once, in one place, and never its own author (004 roadmap 16–18)."""
    if participant_id in ranked_ids:
        raise InvalidInput(
            "preference_of_others", "В анкете предпочтений нельзя назвать самого себя.", "ranked_ids"
        )
    if len(set(ranked_ids)) != len(ranked_ids):
        raise InvalidInput(
            "preference_ranked_once",
            "В анкете предпочтений один человек назван дважды: на каждом месте — другой человек.",
            "ranked_ids",
        )


class Bars(Protocol):
    """What deferred acceptance knows of the mentors' bars: whether every mentor of a pool or of a group
    would reject a mentee they rank `key` (when they did not name each other)."""

    def pool_rejects(self, pool: Pool, key: int) -> bool: ...

    def open_segments(
        self, coverage_class: CoverageClass, start: int, key: int
    ) -> Iterator[tuple[tuple[int, ...], int, int]]:
        """`segments(coverage_class, start)` without the groups whose every mentor would reject."""
        ...


class Rankings:
    def __init__(self, market: Market) -> None:
        self.market = market
        longest = max((max(ranks.values(), default=0) for ranks in market.mentor_rank), default=0)
        self.unlisted = longest + 1
        self.ranks_span = longest + 2

    def mentor_key(self, i: int, j: int) -> int:
        """Mentor j's rank of mentee i as one integer: smaller is better, no two mentees equal."""
        market = self.market
        tier = 0 if market.returning[i] else 1
        return self._key(tier, market.mentor_rank[j].get(i, self.unlisted), market.score(i, j), i)

    def generic_key(self, tier: int, score: int, i: int) -> int:
        """`mentor_key` for a mentor and a mentee who did not name each other, given the pair's score."""
        return self._key(tier, self.unlisted, score, i)

    def _key(self, tier: int, rank: int, score: int, i: int) -> int:
        place = (tier * self.ranks_span + rank) * (SCORE_MAX + 1) + (SCORE_MAX - score)
        return place * self.market.n_mentees + i

    def mentee_value(self, i: int, j: int) -> tuple[int, int]:
        """Mentee i's view of mentor j: smaller is better, equal values are equally good."""
        rank = self.market.mentee_rank[i].get(j)
        if rank is not None:
            return (0, rank)
        return (1, -self.market.score(i, j))

    def mentee_order(self, i: int, bars: Bars | None = None) -> Iterator[tuple[int, int]]:
        """(score, mentor) over the acceptable mentors of mentee i, best first; mentors with equal score
        come in an order spread over mentees.

        `bars` lets deferred acceptance pass over a group of equally fitting mentors, or the rest of the
        pool, at once when every one of them would reject the mentee (their rejections would change
        nothing: a mentor only ever raises its bar).
        """
        market = self.market
        ranks = market.mentee_rank[i]
        for j in sorted(ranks, key=ranks.__getitem__):
            if market.acceptable(i, j):
                yield market.score(i, j), j
        # Mentors who named the mentee carry preference points: merge them into the coverage classes.
        named_me = sorted(
            ((market.score(i, j), j) for j in market.named[i] if j not in ranks and market.acceptable(i, j)),
            key=lambda scored: (-scored[0], scored[1]),
        )
        k = 0
        tier = 0 if market.returning[i] else 1
        avoid = market.avoid(i)
        pool = market.pool[i]
        for coverage_class in market.classes(i):
            points = coverage_class.points
            while k < len(named_me) and named_me[k][0] >= points:
                yield named_me[k]
                k += 1
            key = self.generic_key(tier, points, i)
            if bars is not None and pool is not None and bars.pool_rejects(pool, key):
                break  # and every later class, where the mentee fits less and ranks lower still
            start = market.rotation(i, coverage_class)
            walk = (
                segments(coverage_class, start)
                if bars is None
                else bars.open_segments(coverage_class, start, key)
            )
            for group, start, stop in walk:
                for j in group[start:stop]:
                    if j not in avoid:
                        yield points, j
        yield from named_me[k:]
