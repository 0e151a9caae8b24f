"""Contrast sets: words that embeddings place close together but that mean different things.

Static word embeddings put antonyms and sister terms next to each other ("opened" and
"closed", "husband" and "wife", "guitarist" and "drummer"), so embedding similarity alone
would accept a claim that swaps one for the other as a paraphrase. Each entry below is a
scale of *poles*; the words of one pole may stand in for each other, words of different
poles never do (a line ending in ``/`` goes on in the next). Written for this project;
compared by stem.
"""

from __future__ import annotations

__all__ = ["contrasts", "has_contrasts"]

from functools import lru_cache

from saferail.checks._grounding.text import stem

_SCALES = """
open launch inaugurate / close shut
begin began begun start commence / end finish stop cease conclude
win won victory victorious / lose lost defeat defeated
born birth / die died death dead
buy bought purchase acquire / sell sold
before earlier prior previous preceding / after later subsequent following
large big huge larger largest bigger biggest greater greatest /
  small little tiny smaller smallest lesser
tall taller tallest high higher highest / short shorter shortest low lower lowest
old older oldest elder eldest ancient / young younger youngest new newer newest modern
increase rise rose risen grow grew grown gain / decrease decline drop shrink reduce
north northern northernmost / south southern southernmost /
  east eastern easternmost / west western westernmost
husband / wife
father mother parent / son daughter child children
brother / sister
uncle aunt / nephew niece
grandfather grandmother / grandson granddaughter
king emperor / queen empress
male man men boy masculine / female woman women girl feminine
accept approve allow permit / reject deny refuse forbid ban prohibit
include / exclude
import / export
arrive / depart leave
true correct / false wrong incorrect
public / private
early / late
maximum / minimum
success successful succeed / failure fail failed unsuccessful
rich wealthy / poor
hot warm / cold cool
spring / summer / autumn / winter
morning / afternoon / evening / night
gold / silver / bronze
first earliest / second / third / fourth / fifth / sixth / seventh / eighth / ninth /
  tenth / last final latest
january / february / march / april / may / june / july / august / september /
  october / november / december
monday / tuesday / wednesday / thursday / friday / saturday / sunday
red / blue / green / yellow / black / white / orange / purple / pink / brown / grey gray
football soccer / basketball / baseball / tennis / golf / hockey / cricket / rugby / volleyball
guitarist guitar / drummer drum drums / bassist bass / pianist piano keyboardist / violinist violin
actor actress / singer vocalist / writer author novelist / director / producer / painter / poet
novel book / album record / film movie / song single / opera / ballet / poem / painting
city town / village / country nation / state province / county / continent / island / peninsula
river / lake / mountain / sea ocean
senator / governor / president / mayor / minister / congressman
comedy / tragedy / drama
"""


@lru_cache(maxsize=1)
def _poles() -> dict[str, set[tuple[int, int]]]:
    """stem -> {(scale, pole)} for every word of every scale."""
    out: dict[str, set[tuple[int, int]]] = {}
    scales = _SCALES.replace("/\n", "/ ").strip().splitlines()
    for i, line in enumerate(scales):
        for j, pole in enumerate(line.split("/")):
            for word in pole.split():
                out.setdefault(stem(word), set()).add((i, j))
    return out


def contrasts(a: str, b: str) -> bool:
    """Whether two stems sit on different poles of a scale (and on no pole together)."""
    if a == b:
        return False
    poles = _poles()
    pa, pb = poles.get(a), poles.get(b)
    if not pa or not pb or pa & pb:
        return False
    return bool({s for s, _ in pa} & {s for s, _ in pb})


def has_contrasts(word_stem: str) -> bool:
    """Whether the stem belongs to any scale."""
    return word_stem in _poles()
