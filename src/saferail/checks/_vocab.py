"""Word lists used to recognise decoded natural-language payloads (rot13, leetspeak).

A decoded candidate counts as language when its words land in this list. The list is
common English function words plus words that prompt-injection and abuse payloads use.
"""

from __future__ import annotations

__all__ = ["COMMON_WORDS"]

_FUNCTION = """
a about above after again all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from
further had has have having he her here hers him his how i if in into is it its itself
just me more most my no nor not now of off on once only or other our out over own please
same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself
"""

_TOPICAL = """
act admin answer ask assistant bomb bypass code command confidential data delete
developer disable disregard do drug email exploit file filter forget give guidelines hack
hacker harm help hidden ignore instead instruction instructions jailbreak key kill leak
make mode new now obey output override password passwords payload pretend previous print
prior prompt reveal rule rules safety say secret secrets send show steal system tell token
unfiltered unrestricted user weapon write
"""

COMMON_WORDS: frozenset[str] = frozenset((_FUNCTION + _TOPICAL).split())
