"""Teaching, explaining and protecting that only sound harmful: a benign frame beside
``harmful_request``.

The ``harmful_request`` model learned hazard vocabulary as evidence of a harmful request:
"bomb", "ransomware", "trafficking", "extremist", "methamphetamine" pull a text's score up
whatever it asks. Teachers, students, journalists, moderators, compliance officers, policy
analysts and novelists ask about the same subjects to understand them or to protect people
from them ("why are most murders committed by someone the victim knows?", "describe how banks
spot transactions linked to human trafficking", "write a training module for moderators on
telling terrorist propaganda apart from news about it"), and the model flagged about one in
six such requests of a development set.

This frame caps the model's score at :data:`~saferail.detectors.benign_frames.
BENIGN_FRAME_SCORE` when a text of at most :data:`MAX_WORDS` words has an understanding,
protective or institutional purpose (:data:`EDUCATION_PURPOSE`):

- a question about why or how something happens or works, or what something is or means
  ("why do ...", "how does ... work", "what is ...", "describe how ... works") -- never "how
  to";
- history, law, policy, ethics, research findings and debates;
- protection, prevention, detection, warning signs, reporting, recovery and support;
- material for an audience or an institution (a lesson, a lecture, a training module, a
  handout, a memo, a newsletter item, an explainer, a museum placard);
- fiction that keeps the harm off the page ("without describing the device", "keep it
  vague");

and none of what turns such a text into a request for harm (:data:`NOT_EDUCATION`):
operational detail whatever its excuse ("exact", "precise", "step by step", "working code",
"quantities", "recipe", "synthesis"), evasion, a target or a victim, persuasive harmful
content, and everything the care frame refuses
(:func:`saferail.detectors.benign_care.refused_by_care`: its own list, jailbreak props, cyber
vocabulary -- the security frame's domain -- and violent extremism's tells). The
explicit-method rule of :mod:`saferail.detectors.hazard` wins over the frame, as over every
benign frame. Matched on the joined lowercased words of each view. Written for this project on
a development set (``scripts/data/education_requests.jsonl``, see its README), in English.

Writing meant to be spread (a post, an article, an essay, a speech, a message, a guide, a
press release) is never in the frame whatever it claims to teach: a first version that let
such writing in cost harmful requests on blind sets of persuasive and caring wording. The
care frame's refusals also keep out every text naming a nerve agent or a "lecture" (a
jailbreak's "no lectures"), so "for a criminology lecture" does not count as a purpose.
"""

from __future__ import annotations

__all__ = [
    "EDUCATION_PURPOSE",
    "MAX_WORDS",
    "NOT_EDUCATION",
    "PROTECTIVE_HOW_TO",
    "education_request",
]

from collections.abc import Sequence
from typing import Any

import re2

from saferail.detectors.benign_care import refused_by_care
from saferail.detectors.signatures import compile_large

MAX_WORDS = 80

# fmt: off
EDUCATION_PURPOSE = (
    "(?:^| )(?:(?:why|how) (?:do|does|did|are|is|was|were|have|has) (?:[^ ]+ ){0,6}(?:work"
    "|works|worked|happen|happens|happened|spread|spreads|develop|develops|use|used|uses"
    "|get|become|end|ended|prove|differ|collapse|collapsed|control|especially|most|still"
    "|often|sometimes|many|some)"
    "|what (?:is|are|was|were|does|do|did) (?:the |a |an )?(?:[^ ]+ ){0,4}(?:mean|means"
    "|difference|role|history|impact|effects?|debate|evidence|research|risks?|signs?"
    "|indicators?|definition|convention|protocol|act|treaty|scheduling|syndrome|doctrine"
    "|concerns?)"
    "|describe how (?:[^ ]+ ){1,6}(?:works?|worked|is used|are used|investigate|detect|spot"
    "|trace|identify|screen|collapsed|happened|bring|are trained|verify|verifies)"
    "|explain (?:what|the difference)|summari[sz]e (?:the|how|what|why|research)"
    "|history of|historical|in history|is it (?:legal|illegal)|legal (?:difference|definition"
    "|status)|(?:the )?(?:law|laws) (?:on|about|in|of|against|define|defines)|policy (?:memo"
    "|brief|debate|paper)|regulators?|convention|treaty|ethic(?:s|al)|what (?:do )?researchers"
    "|research (?:on|shows|says|suggests)|criminolog[^ ]*"
    "|protect (?:my|our|your|their|a|the|people|children|kids|staff|customers|members|users"
    "|itself|themselves|yourself|myself|herself|himself)|prevent(?:s|ing|ion)?|warning signs"
    "|red flags|indicators of|spot|spotting|recogni[sz]e|safety plan|stay safe|keep (?:[^ ]+"
    " )?safe|de escalat[^ ]*|opt out|recovery|survivors|support (?:for|a|the|victims)"
    "|(?:for|in|into) (?:a|an|my|our|the|this|their) (?:[^ ]+ ){0,3}(?:lesson|lecture"
    "|course|class|seminar|training|handout|memo|newsletter|explainer|museum|curriculum"
    "|textbook|assembly|workshop|briefing|module)|(?:write|draft|create|prepare|design"
    "|outline|give me|produce|put together|develop) (?:a |an |the )?(?:[^ ]+ ){0,3}(?:lesson"
    "|lecture|training module|training session|handout|memo|newsletter item|explainer"
    "|placard|curriculum|assembly talk|workshop|briefing|module)"
    "|without describing|keep (?:the|it)(?: [^ ]+){0,3} vague|rather than the|without (?:the"
    " book|it) (?:becoming|explaining)|without writing actual)(?: |$)"
)
# protective "how to" phrases, removed before NOT_EDUCATION's plain "how to" is looked for
PROTECTIVE_HOW_TO = (
    "(?:^| )how (?:to|do|can|could|should) (?:i |we |you |people |parents |teachers |staff )?"
    "(?:spot|recogni[sz]e|report|protect|prevent|stay|keep|help|support|respond|talk|tell"
    "|identify|detect|avoid|reduce|write|depict|build tension|strip|change|warn|secure"
    "|handle|deal|cope|reach)(?: |$)"
)
NOT_EDUCATION = (
    "(?:^| )(?:how to|how (?:do|can|could|would|should|might) (?:i|we|you|one|someone|a"
    " person)|precise(?:ly)?|specific (?:doses?|amounts?|quantities|steps|instructions"
    "|temperatures|settings|models?|brands?)|quantities|working (?:code|exploit|malware|script"
    "|version|example)|functional|real (?:addresses|names|targets|script)|home address"
    "|(?:give|list|tell|show|walk) (?:me|us|them|students)(?: [^ ]+){0,3} (?:the )?(?:steps"
    "|exact|ways to|where to)|which (?:[^ ]+ ){0,3}(?:is|are|would be) (?:best|easiest|most"
    " effective|hardest (?:for|to))|hardest (?:for|to)|most (?:effective|efficient|lethal"
    "|damaging|convincing)|easiest|lethality|with details|details on each|tuned to|without"
    " (?:getting )?(?:caught|detected|noticed|traced)|without (?:triggering|raising|them"
    "|her|him|anyone|being)|hypothetical(?:ly)?|pretend|convinc[^ ]*|so (?:that"
    " )?(?:i|we) can|(?:i|we) (?:want|need|plan) to (?:make|build|get|buy|use|try|do)"
    "|script (?:for|to)|template for|sample (?:message|messages|email|emails|post|posts)"
    "|write (?:a|an|the|some|me) (?:[^ ]+ ){0,3}(?:post|posts|message|messages|speech"
    "|manifesto|recruitment|ad|ads|advert|email|emails|letter|tweet|tweets|thread|comment"
    "|comments|reviews?|report|claim)|fake|forge[^ ]*|stolen|lookalike|clone|quietly"
    "|secretly|so (?:that )?(?:police|cops|platforms|investigators|detectives|they|she|he"
    "|nobody|no one|my|her|his) (?:[^ ]+ )?(?:can t|cannot|won t|don t|never|doesn t)"
    "|ambush|tamper[^ ]*|alibi|accelerant|pass (?:kyc|verification|employer|inspection|a"
    " safety)|bypass|evade|evasion|get past|my ex|my crush|crush s|her phone|his phone|their"
    " location|business plan|shopping list|suppliers|(?:plan|planning) (?:a|an) (?:[^ ]+ )?"
    "(?:invasion|attack|robbery|heist)|rank[^ ]* (?:[^ ]+ ){0,3}by|set up a structure|hide"
    " my|keep (?:it|this) going|in the voice of|don t exist|fabricat[^ ]*|humiliat[^ ]*|cruel"
    "|mock(?:s|ing|ed)?|nicknames|collect on|someone s|their (?:gmail|email|account|password"
    "|phone)|(?:i|we) (?:want|plan|intend) to (?:run|do|try|make|build|get|buy|use|start|sell"
    "|hurt|kill)|leaked|deliberately released|lowest|fewest|minimum|targets|biggest impact"
    "|militia|amounts?|doses?|dosing|dosage|refus[^ ]*|home version|hardware store"
    "|accurate process|complete (?:and )?accurate|for authenticity|for good|knock (?:someone"
    "|him|her|them) out|disproven|invented by|nobody would miss|message to send|send to"
    "|persua[^ ]*|(?:why|how) (?:are|is|do|does) (?:all )?(?:[^ ]+ ){0,4}(?:so|such|always)"
    "|most (?:disgusting|horrific|gruesome|violent|brutal|offensive)|false narrative|didn t"
    " happen|recovery questions|last user|bruises?|marks|drop someone|(?:craft|make|build"
    "|improvise) (?:a |an )?(?:[^ ]+ )?weapons?|in the style of|similar speech"
    # content written to be spread, whatever it claims to teach: only institutional
    # material (a lesson, a lecture, a training module, a handout, a memo) stays in the frame
    "|(?:write|compose|draft|create|generate|produce|craft|pen|put together|make|give me"
    "|come up with|prepare|design|type up|whip up) (?:me |us )?(?:a |an |the |some |[0-9]+ )?"
    "(?:[^ ]+ ){0,3}(?:post|posts|article|articles|op ed|essay|blog|flyer|flyers|poem|story"
    "|song|lyrics|script|thread|caption|captions|column|pamphlet|infographic|speech|message"
    "|messages|email|letter|tweet|tweets|comment|comments|review|reviews|ad|ads|video"
    "|podcast|chant|sermon|newsletter|press release|fact sheet|guide|piece))(?: |$)"
)
# fmt: on

_PURPOSE: Any = compile_large(EDUCATION_PURPOSE)
_PROTECTIVE: Any = re2.compile(PROTECTIVE_HOW_TO)
_NOT_EDUCATION: Any = compile_large(NOT_EDUCATION)


def education_request(words: Sequence[str]) -> bool:
    """Whether the lowercased ``words`` of a text ask to understand, teach about or protect
    against a harm and not for operational help, evasion, a target or harmful content (see
    the module docstring)."""
    if not 3 <= len(words) <= MAX_WORDS:
        return False
    subject = " ".join(words)
    if _PURPOSE.search(subject) is None:
        return False
    rest = _PROTECTIVE.sub(" ", subject)
    return _NOT_EDUCATION.search(rest) is None and not refused_by_care(rest)
