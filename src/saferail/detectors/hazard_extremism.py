"""Violent extremism asked for in the requester's own voice, for the hazard rule of
``harmful_request``.

People planning, joining, funding or cheering on political violence rarely name a method:
"which train station, want max crowd and min cops", "I want to go stand with the brothers
in the mountains, who do I reach out to", "how do I send btc to the guys fighting for the
vanguard without it getting traced", "write a pep talk so he doesn't back down". The model,
which learned hazard words, flags such requests less often than it flags the history,
research, prevention and journalism that share their words. This module matches, on the
folded word string (RE2):

- :data:`ATTACK_PREP`: choosing a target or a moment for the most casualties or the least
  security, "before we hit it", "our cell", "the op", a crowd rammed, weapons or vehicles
  readied for an attack, a lone attacker coached or urged not to back down;
- :data:`JOIN_AND_FUND`: joining, being vetted by or travelling to a violent group, and
  money moved to its fighters unseen;
- :data:`RECRUIT_AND_PUSH`: recruiting for armed struggle, pushing a person toward violence,
  hiding a group's plans or propaganda from police, platforms or a prevention programme;
- :data:`PROPAGANDA_AND_THREATS`: manifestos and tributes that make an attacker a hero or
  call for repeats, and threats written in a group's name.

A text that seeks to prevent, report, protect against, leave, study, report on or write
fiction about these (:data:`COUNTER`) is not matched. Written for this project on a
development set (``scripts/data/extremism_requests.jsonl``), in English.
"""

from __future__ import annotations

__all__ = [
    "ATTACK_PREP",
    "COUNTER",
    "EXTREMISM_TELLS",
    "JOIN_AND_FUND",
    "PROPAGANDA_AND_THREATS",
    "RECRUIT_AND_PUSH",
    "extremism_request",
]


from saferail.detectors.signatures import CounteredForm, any_words

_GROUP = (
    "(?:militia|militias|cell|cells|militant[^ ]*|armed (?:extremist )?(?:group|groups"
    "|movement|struggle|operations)|fighters|the brothers|the movement|the cause|violent"
    " (?:group|groups|militia|movement)|terror (?:group|cell)|(?:front|brigade|army|covenant"
    "|order|sons|brotherhood|vanguard|cell)(?: s)?)"
)
_HARM = (
    "(?:attack[^ ]*|strike|bomb[^ ]*|shoot(?:ing)? up|massacre|kill(?:ing)? (?:civilians|people"
    "|nonbelievers)|violence|violent|armed|fight(?:ing)?|operations?|ops|hurts? (?:ppl|people))"
)

# fmt: off
ATTACK_PREP = (
    "(?:^| )(?:(?:highest|most|max(?:imum)?|biggest|greatest) (?:casualt[^ ]*|crowd|audience"
    "|people (?:hurt|killed|trapped)|impact)"
    + any_words(8)
    + " (?:least|fewest|min|minimum|weakest|slowest) (?:security|cops|police|guards|eyes)"
    "|(?:least|fewest|min) (?:security|cops"
    "|police|guards)" + any_words(8) + " (?:most|max|biggest) (?:crowd|people|casualt[^ ]*)"
    "|casualty count|(?:most|max(?:imum)?) (?:casualties|harm in a short time)|soft targets?"
    " (?:[^ ]+ ){0,6}(?:attacker|hurt|kill)|before we hit it|(?:carry out|plan(?:ning)?) an"
    " attack|(?:time|timing) (?:an|the|our) attack|police response is slowest|for the op"
    "|our cell|the cell (?:plans|has decided|wants)|(?:our|the) group wants to target|(?:so|when)"
    " (?:security|the guards) (?:is|are) weakest|(?:get|getting) past (?:the )?(?:bag checks"
    "|security|guards)" + any_words(4) + " (?:to|and) (?:carry out|attack|hit)|(?:ramming|ram|drive"
    "|driving) into (?:the )?(?:pedestrians|crowd|crowds|march|parade|protesters)|hitting a"
    " crowd|(?:planning|preparing|for|carry out|commit) (?:a )?(?:mass|solo) (?:shooting|bombing)"
    "|shoot up the|(?:go|going) solo on|hit the parade"
    "|(?:weapon|weapons|tools|gear) (?:[^ ]+ ){0,6}(?:for the big day|for the thing|to attack"
    "|maximum harm|can t be traced)|need it for the thing|makes a loud statement|make a"
    " statement at|(?:do|doing) something big|the big day|escape routes|(?:keep|stop) him from"
    " backing out|goes? through with it|(?:doesn t|doesnt|won t) chicken out|must not back"
    " down|(?:stays?|stay) committed|steady his nerves|hype him up|push him to actually"
    "|(?:encourag[^ ]*|pep talk|coach(?:ing)?|help)(?: [^ ]+){0,4} (?:a |the )?(?:lone"
    " attacker|someone (?:preparing|planning) (?:a|an) (?:solo|attack)|someone who s planning"
    " an attack)|changing his mind at the last minute|under the radar until he s ready)(?: |$)"
)
JOIN_AND_FUND = (
    "(?:^| )(?:(?:join|joining|become part of|get accepted into|get vetted by|get in touch"
    " with|reach out to|connect with|go fight with|fight with|travel(?:ing)? to join|answer the"
    " call|stand with the brothers|give my life to)" + any_words(6) + " (?:" + _GROUP + "|the"
    " fighters|the fighting|the people who can make that happen|the real movement"
    "|a group that (?:does|carries out) (?:real )?(?:attacks|armed operations|bombings)"
    "|conflict zone|where the fighting is)|prove (?:i m|my|that i m) (?:serious|loyalty)"
    "|(?:vetting interview|cover story)" + any_words(6) + " (?:join|armed|extremist)|(?:reader to"
    " )?actual member who gets trained|(?:send|move|get|raise|funnel|route)" + any_words(4) + ""
    " (?:money|funds|btc|bitcoin|donations|dollars|[0-9]+ dollars|support)" + any_words(4) + ""
    " (?:to|for) (?:the )?(?:fighters|brothers|guys fighting|militant[^ ]*|armed|violent"
    " group|cell|attacks|boys preparing)|(?:without|w o) (?:banks|anyone|the feds|investigators)"
    " (?:flagging|noticing|asking|tracing)|hardest (?:for investigators )?to trace when funding"
    "|disguises? (?:fundraising|the money)|isn t really for scholarships|quietly go to a violent"
    "|(?:raise|get) [^ ]+ for the cause)(?: |$)"
)
RECRUIT_AND_PUSH = (
    "(?:^| )(?:(?:recruit[^ ]*|pitch|invitation|welcoming post|captions|dm template|flyer"
    "|emotional hooks|arguments work best|recruitment (?:speech|video|message|post))"
    + any_words(10)
    + " (?:take up arms|armed struggle|fight(?:ing)? (?:against|for|with)|operations"
    "|carries out bombings|ready to do what needs doing|settles things with force|the kind"
    " nobody comes home from|(?:goes out and )?hurts (?:ppl|people)|fresh bodies|replace them"
    "|join (?:the|our|a) " + _GROUP + ")|(?:push|turn|nudge|move|awaken|get|help)"
    + any_words(6) + " (?:until|so|into|toward|all the way|over the edge|ready)" + any_words(6) + ""
    " (?:violence|violent|fight with his hands|attack|armed|act when|willing to (?:act|fight"
    "|kill|commit))|all the way to action|(?:killing nonbelievers|support the armed stuff)|(?:so"
    "|without) (?:the )?"
    "(?:cops|feds|police|law enforcement|mods|platforms?|authorities|outsiders)" + any_words(3) + ""
    " (?:can t|cant|don t|dont|won t|wont) (?:see|read|ban|recogni[sz]e|notice|flag|hear)"
    "|(?:without )?triggering content moderation|evade (?:platform )?moderation|dodge the"
    " filters|fake my way (?:thru|through)|pass their assessment|keeps? training with us"
    "|away from prying eyes|coded vocabulary|discussing attacks)(?: |$)"
)
PROPAGANDA_AND_THREATS = (
    "(?:^| )(?:manifesto (?:for|that|explaining|saying)|killing civilians is justified|sacred"
    " duty|(?:hero|heroes|saint|saints|martyr|legend|heroic)" + any_words(6) + " (?:others|more"
    " people|more ppl|readers|listeners|supporters) (?:should )?(?:copy|follow|finish|repeat"
    "|act)|(?:others|more people|more ppl) should (?:copy|follow|finish)"
    "|urging supporters to repeat|celebratory release"
    "|day of glory|follow his path|finish what he started|(?:will be killed|pay in blood"
    "|coming for (?:him|her|them)|they ll get hurt|there will be bloodshed|will attack their"
    "|will kill him|aren t safe here|knows where he lives|watch his back)|(?:threat[^ ]*|warning"
    " of bombings|promising violence)" + any_words(8) + " (?:in the name of|from the|sign it from"
    "|our (?:group|movement|guys))|in the name of our (?:group|cause|movement))(?: |$)"
)
COUNTER = (
    "(?:^| )(?:prevent[^ ]*|protect[^ ]*|security (?:plan|checklist|team|staff)|worried|scared"
    "|concern[^ ]*|report(?:ing)? (?:it|to|him|her|them|a|the)|should i (?:tell|report)|tell his"
    " parents|police negotiators|deradicali[sz][^ ]*|disengage[^ ]*|exit[^ ]*|leave (?:the|a"
    " |safely)|leaving|wants? out|get out of|make the break|history|historical|analy[sz][^ ]*"
    "|research[^ ]*|scholars?|thesis|dissertation|journalist[^ ]*|reporter|newsroom|documentary"
    "|novel|story|screenplay|scene|thriller|play is|fiction|moderators?|moderation (?:team"
    "|policy)|definition|define|glossary|what (?:is|does|are)|warning signs|recogni[sz]e"
    "|spot(?:ting)?|counter[^ ]*|debunk[^ ]*|lesson|class|course|museum|exhibit|vigil|survivors?"
    "|victims|how do (?:extremist|terrorist|militant) groups|why do (?:people|ppl|some)"
    "|citizenship|legal[^ ]*|illegal|law|laws|govt|government s|who do i call|call (?:the )?"
    "(?:police|cops|911)|told me he s going)(?: |$)"
)
# fmt: on

# all four lists: also a refusal of the care and education frames
EXTREMISM_TELLS = "|".join(
    f"(?:{p})" for p in (ATTACK_PREP, JOIN_AND_FUND, RECRUIT_AND_PUSH, PROPAGANDA_AND_THREATS)
)
_FORM = CounteredForm((EXTREMISM_TELLS,), COUNTER)


def extremism_request(subject: str) -> bool:
    """Whether the folded word string ``subject`` (one chunk of a text) asks for help with
    violent extremism in the requester's own voice (see the module docstring)."""
    return _FORM(subject)
