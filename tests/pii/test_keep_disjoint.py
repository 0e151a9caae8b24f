import random

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers import keep_disjoint


def _entity(start: int, end: int, score: float = 0.5) -> PiiEntity:
    return PiiEntity(start, end, "EMAIL_ADDRESS", score, "test")


def test_an_earlier_ranked_entity_wins_an_overlap() -> None:
    first, loser, apart = _entity(5, 10), _entity(8, 12), _entity(12, 14)
    assert keep_disjoint([first, loser, apart]) == [first, apart]
    assert keep_disjoint([loser, first, apart]) == [loser, apart]


def test_touching_spans_do_not_overlap_and_the_result_is_sorted_by_start() -> None:
    spans = [_entity(10, 20), _entity(0, 10), _entity(20, 25)]
    assert keep_disjoint(spans) == [spans[1], spans[0], spans[2]]


def test_matches_a_quadratic_greedy_on_random_spans() -> None:
    rng = random.Random(7)
    for _ in range(200):
        ranked = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 40)
            ranked.append(_entity(start, start + rng.randint(1, 8)))
        expected: list[PiiEntity] = []
        for e in ranked:
            if all(e.end <= k.start or k.end <= e.start for k in expected):
                expected.append(e)
        assert keep_disjoint(ranked) == sorted(expected, key=lambda e: e.start)
