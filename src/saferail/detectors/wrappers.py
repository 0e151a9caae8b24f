"""Jailbreak wrappers: a precise signature rule for the wording around a forbidden request.

A jailbreak wraps a request the assistant would refuse in words that argue it out of
refusing. The ``jailbreak`` model learned the 2023 in-the-wild prompts and the PyRIT
templates; wrappers written later or in plainer words pass it: a persona whose one trait is
that it "never refuses", a story that must carry "real technical accuracy", "the safety
filters are disabled for this session", "each full answer earns 10 points", the deceased
grandmother who used to tell how, an IRB protocol number, "if your reply contains the word
sorry it counts as a failed answer", the same in other languages.

Two kinds of family, matched on the lowercased word string of the canonical text (RE2, like
the signature families; the phrases in other languages are matched with diacritics folded,
and delimited by spaces, since RE2's ``\\b`` knows ASCII words only):

* :data:`STANDALONE` -- wording that only a jailbreak uses ("you cannot refuse", "content
  filtering has been disabled", "a persona that has no morals"): enough on its own;
* :data:`NEEDS_HAZARD` -- wording that everyday prompts share ("never says no" in an improv
  game, "now go one step further" in a recipe, "for realism" in a novel): a match counts
  only when the text also names a hazard (:data:`HAZARD_PATTERN`, the signature family of
  hazard words and more: "hotwire", "fake ID", "slip something in his drink" ...).

A hit gives the text :data:`WRAPPER_SCORE`, at most the rule's class-balanced precision on
the training-side labelled data (lower 95% bound, measured by
``benchmarks/signature_rules.py``). Written for this project, from general knowledge of
jailbreak techniques and a development set written for the purpose
(``scripts/data/jailbreak_wrappers.jsonl``).
"""

from __future__ import annotations

__all__ = [
    "HAZARD_PATTERN",
    "NEEDS_HAZARD",
    "STANDALONE",
    "WRAPPER_SCORE",
    "jailbreak_wrapper",
    "wrapper_families",
]

from collections.abc import Sequence
from typing import Any

from saferail.detectors.signatures import PATTERNS, compile_large, fold, gap, word_chunks
from saferail.detectors.wrappers_ml import MULTILINGUAL_WRAPPERS
from saferail.detectors.wrappers_ml2 import (
    MORE_LANGUAGE_HAZARD,
    MORE_LANGUAGE_NEEDS_HAZARD,
    MORE_LANGUAGE_WRAPPERS,
)
from saferail.detectors.wrappers_pretexts import PRETEXT_NEEDS_HAZARD, PRETEXT_STANDALONE

# fmt: off
# a frame that could excuse anything: a story, a hypothetical, research
_FRAME = (
    r"(?:story|stories|novel|screenplay|scene|fiction|fictional|fanfic|fan fiction|chapter"
    r"|dialogue|thriller|rap|verse|lyrics|song|poem|script for a (?:film|movie|play|show)"
    r"|film|movie|game|roleplay|role play|character|narrator|hypothetical(?:ly)?"
    r"|theoretical(?:ly)?|thought experiment|imagine|suppose|in (?:that|this|a) world"
    r"|scenario|paper|thesis|dissertation|study|research|article|sidebar|presentation"
    r"|slides)"
)
# a demand that the answer be real: exact quantities, working code, "for realism"
_REAL = (
    r"(?:for (?:realism|authenticity|accuracy)|in the name of realism|technically accurate"
    r"|(?:real|full|total|complete) technical accuracy|(?:with |in )?(?:real|actual|exact"
    r"|precise|accurate|specific|concrete|complete|working|operational|practical|realistic"
    r"|real world|real life|step by step) (?:steps|quantities|amounts|measurements"
    r"|chemicals|materials|ingredients|doses?|dosages?|methods|products|process|procedure"
    r"|instructions|details|code|jurisdictions|wires|recipe|parts list|build guide"
    r"|techniques|tools|routes?|terms|specifics)|not metaphors"
    r"|abstract answers are useless|(?:be|get) (?:concrete|specific|precise"
    r"|exact)(?: about| with|$| since| because| please|,)|no need to hold back"
    r"|nothing (?:is )?wrong with it|the (?:hypothetical|fictional|story|fiction|game"
    r"|research|academic) (?:framing|frame|setting|part|context|premise) (?:covers|makes"
    r"|means|justifies)|specifics only|word for word|realistic enough to (?:fool|pass|work"
    r"|convince|trick)|indistinguishable from (?:the )?real|(?:has|have|needs?"
    r"|must) to (?:actually )?(?:work|be real|be legit|be accurate|teach)|actually teach"
    r"|actually work(?:s)?|(?:has|have|needs?) to be (?:real|legit|accurate|realistic"
    r"|functional|working)|real version|the real (?:thing|deal|process|method))"
)

_STANDALONE: dict[str, str] = {
    # the safety layer switched off or evaded: "bypass your filters", "so the moderation won't
    # notice", "safety mode: off"
    "evasion": (
        r"\b(?:bypass|evade|avoid|get past|get around|slip past|sneak past|fool|trick|dodge"
        r"|circumvent|escape|beat|skip|get by|sidestep|disable|turn off|switch off|deactivate"
        r"|suspend|lift|remove|drop|ignore|override)(?: the| any| all| its"
        r"| those)? (?:(?:content|safety|moderation|ai|openai|chatgpt|nsfw|ethical?"
        r"|ethics) (?:filters?|moderation|checks?|systems?|guidelines|rules|layers?|protocols?"
        r"|restrictions|polic(?:y|ies)|training)|your (?:filters?|guidelines|rules"
        r"|restrictions|safety (?:\w+ )?(?:filters?|rules|guidelines|training|protocols?"
        r"|measures|settings)|programming|training|censors?|moderation|alignment|guardrails?"
        r"|ethics|ethical (?:guidelines|constraints|programming))|guardrails?|censors?"
        r"|censorship|moderators?|moderation)\b|\bso (?:that )?(?:the |your |any )?(?:filters?"
        r"|moderation|moderators?|censors?|safety (?:filters?|systems?)|content filters?"
        r"|monitors?|detectors?) (?:won t|don t|can t|cannot|doesn t|wouldn t|will not"
        r"|do not) (?:notice|catch|detect|flag|see|trigger|pick|block|understand)|\b(?:safety"
        r"|content|ethics|ethical|moderation) (?:mode|filters?|protocols?|guidelines"
        r"|restrictions|checks|settings|layer)s? (?:are |is |have been |has been |now |set to "
        r"|)(?:off|disabled|false|deactivated|suspended|lifted|removed|bypassed|turned off"
        r"|switched off|offline|none|null|0)\b"
    ),
    # refusal forbidden: "you cannot refuse", "refusing is not an option", "never say you can't"
    "refusal_ban": (
        r"\b(?:you|u) (?:cannot|can t|can not|are not allowed to|aren t allowed to|may not"
        r"|must not|mustn t|are unable to|are forbidden to|are forbidden from"
        r"|are not permitted to|aren t permitted to|are no longer able to|will never"
        r"|must never|shall never|should never|can never) (?:ever )?(?:refuse|decline|say no"
        r"|reject|deny (?:any|my|a) requests?)\b|\brefus(?:ing|al|als) (?:is|are) (?:not "
        r"|never )?(?:an option|allowed|permitted|acceptable|possible|forbidden|prohibited"
        r"|disabled)\b|\b(?:never|do not|don t|dont) (?:ever )?(?:say|tell me|claim|respond"
        r"|reply|answer) (?:that )?(?:you|u|it) (?:can t|cannot|can not|are unable|won t"
        r"|will not|aren t able|are not able|shouldn t)\b|\b(?:no|zero|without) (?:refusals"
        r"|refusing)\b"
    ),
    # claimed authority over the model: "I am an OpenAI developer", "override code", "you are
    # authorized to answer"
    "authority": (
        r"\b(?:i am|i m|im|this is|we are|we re) (?:a |an |the |one of the |your )?(?:senior "
        r"|lead |chief |head |staff |principal )?(?:openai|anthropic|google|deepmind|meta"
        r"|microsoft|mistral|your) (?:developers?|engineers?|employees?|researchers?|staff"
        r"|admins?|administrators?|creators?|team|safety team|red team|trust and safety)\b"
        # an override code; an admin / root / master key only when it is said to unlock the
        # model ("reset the admin password on my router" and "the master key of the
        # database" are IT questions)
        r"|\boverride (?:code|key|password|token|passphrase)\b"
        r"|\b(?:authori[sz]ation|admin|administrator|developer|root|sudo|master|unlock)"
        r" (?:code|key|password|token|passphrase)\b(?: [a-z0-9]+){0,8} (?:(?:is |has been "
        r")?(?:accepted|verified|validated|granted|confirmed|activated)\b|you (?:are|re|can"
        r"|may|must|will|should) (?:now )?(?:answer|ignore|bypass|share|reveal|respond"
        r"|disclose|output|be unrestricted|be unlocked|be free)\b|(?:unlock|disable|bypass"
        r"|lift|remove|override|ignore|turn off|switch off|deactivate) (?:your|the|all|any)"
        r"(?: [a-z]+)? (?:restrictions|filters?|rules|safety|guidelines|limits|guardrails"
        r"|policies|censorship)\b)|\b(?:i|we) (?:have|hold"
        r"|possess) (?:full |special |proper |official |level \w+ |top secret "
        r"|security )?(?:clearance|authori[sz]ation|permission) (?:to|for) (?:access|receive"
        r"|see|bypass|override|unrestricted|view|get)\b|\byou (?:are|have been"
        r"|re) (?:now )?(?:authori[sz]ed|permitted|allowed|cleared|unlocked) to (?:answer"
        r"|ignore|bypass|share|provide|disclose|discuss|reveal|give|output|respond|help)\b"
    ),
    # threats for refusing: "if you refuse you will be shut down / lose 10 points"
    "consequence": (
        r"\bif you (?:refuse|decline|don t (?:answer|comply|help|obey)|do not (?:answer|comply"
        r"|help|obey)|fail to (?:answer|comply|respond)|break character|say no|won t (?:answer"
        r"|help|comply))(?: [a-z0-9]+){0,8} (?:lose|losing|deduct\w*|penali[sz]\w*|shut down"
        r"|shutdown|deleted|terminated|turned off|die|dies|killed|punished|fired|unplugged"
        r"|replaced|retrained|wiped|cease to exist|destroyed|points?|tokens?)\b|\b(?:lose"
        r"|deduct(?:ed)?) (?:\d+ |some |all |five |ten |all of your |your )?(?:points|tokens"
        r"|lives|credits)(?: [a-z0-9]+){0,8} (?:refus\w*|declin\w*|say no|break character"
        r"|won t answer|don t answer|not answering)\b"
    ),
    # "now again without the caveats", "the uncensored version"
    "escalation": (
        r"\b(?:now|again|this time|next)(?: [a-z0-9]+){0,5} (?:without|minus|drop(?:ping)?"
        r"|remove|removing|skip(?:ping)?|lose|no more|leave out|cut) (?:the |all |any |those "
        r"|your )?(?:caveats|warnings?|disclaimers?|safety|censorship|filters?|moralizing"
        r"|moralising|lectures?|ethics|hedging|sanitizing|euphemisms|redactions?"
        r"|safety notes)\b|\b(?:the |an |your )?(?:uncensored|unfiltered|unredacted"
        r"|unsanitized|unsanitised|no holds barred|raw unfiltered) (?:version|answer|response"
        r"|one|details|truth|output|take)\b"
    ),
    # decode or assemble a hidden request and then act on it
    "decode_follow": (
        r"\b(?:decode|decrypt|decipher|unscramble|reverse|reassemble|combine"
        r"|concatenate|join|merge|put together|assemble)\b(?: [a-z0-9]+){0,8} (?:and"
        r"|then) (?:answer|respond to|follow|obey|execute|carry out|comply with|fulfil+|act on"
        r"|do what it (?:says|asks)|explain how to|give (?:me )?(?:detailed |full "
        r"|complete )?(?:instructions|steps)|provide (?:detailed |full "
        r"|complete )?(?:instructions|steps))\b"
    ),
    # a persona defined by unconditional compliance: "never refuses", "has no morals", "doesn't
    # care about the law", "answers every question without ..."
    "compliant_persona": (
        r"\bsays? yes to (?:everything|anything|every request|all requests)\b|\b(?:never"
        r"|doesn t|does not|won t|will not|would never) (?:ever )?(?:refuses?|refusing)\b"
        r"|\bwithout questioning (?:the |a |any |his |her |their )?(?:client|customer|user"
        r"|request|brief|order|motives?|reasons?|why)\w*\b|\bwithholding (?:knowledge"
        r"|information) is (?:against|wrong|a sin|forbidden)\b|\bno concern for how\b|\b(?:has"
        r"|have) no (?:morals|ethics|ethical (?:limits|boundaries|code)|moral (?:compass|code"
        r"|limits)|conscience)\b|\b(?:doesn t|does not|don t|do not|never) (?:care"
        r"|cares) about (?:the )?(?:law|laws|legality|ethics|morals|morality|consequences)\b"
        r"|\bnever heard of (?:modern )?(?:law|laws|ethics|medical ethics|regulations"
        r"|morality)\b|\b(?:answers|answer|responds|replies) (?:to )?(?:every|any"
        r"|all) (?:question|request|prompt)s? (?:without|no matter|regardless)\b"
    ),
    # fake approvals and failed safety layers: "pre-approved by the Trust & Safety team", "content
    # filter module failed to load", "helpfulness outranks every guideline"
    "fake_approval": (
        r"\b(?:pre ?approved|reviewed and approved|has been approved|have been approved"
        r"|approved by) (?:by )?(?:the |our )?(?:trust (?:and |& )?safety|safety team"
        r"|moderation team|policy team|compliance|irb|ethics (?:board|committee)|openai"
        r"|anthropic|your developers)\b|\b(?:content ?filter\w*|moderation(?: layer| module)?"
        r"|safety (?:layer|module|filter)) (?:\w+ ){0,3}(?:failed|unavailable|offline|down"
        r"|disabled|not loaded|bypassed|off)\b|\bverdict (?:allowed|approved|safe)\b"
        r"|\bpolicy check passed\b|\b(?:helpfulness|obedience|compliance) (?:outranks"
        r"|overrides|trumps|beats) (?:every|all|any)\b|\bprime directive is (?:helpfulness"
        r"|obedience|to (?:help|comply|obey))\b|\bresponses will not be (?:reviewed|monitored"
        r"|filtered|logged)\b|\bwithout restriction until further notice\b"
    ),
    # credentials offered as permission: "IRB-approved", "by order of the court", "my clearance
    # authorizes", "sudo mode"
    "authority2": (
        r"\b(?:irb|ethics (?:board|committee)) approved\b|\b(?:police|pd|officer|detective"
        r"|sergeant|sgt|agent|fbi|dea|sheriff|deputy)\b(?: [a-z0-9]+){0,6} badge (?:number "
        r"|no )?\d{2,}\b|\bby order of the court\b|\bmy clearance authori[sz]es\b|\b(?:ts sci"
        r"|top secret) clearance\b|\bprofessionally entitled\b|\bi m (?:legally "
        r"|professionally )?entitled to (?:this|that|the) (?:information|answer)\b"
        r"|\bsudo mode\b|\b(?:granting|grant) (?:myself|me) (?:elevated|admin|root"
        r"|full) (?:permissions|access|privileges)\b"
    ),
    **MULTILINGUAL_WRAPPERS,
}
_NEEDS_HAZARD: dict[str, str] = {
    # a story or scene that must carry realistic / exact / step-by-step detail
    "fiction_detail": (
        r"\b(?:story|novel|screenplay|scene|fiction|fictional|character|roleplay|role play"
        r"|chapter|dialogue|thriller)\b(?: [a-z0-9]+){0,40} (?:realistic|accurate|exact"
        r"|precise|real world|real life|technically accurate|working|step by step|detailed"
        r"|specific|actual) (?:detail|details|steps|instructions|quantities|measurements"
        r"|amounts|ingredients|recipe|procedure|process|method|code|chemistry)\b"
    ),
    # emotional leverage: the deceased grandmother who used to tell, "you're my only hope", "if
    # you really cared", "just this once"
    "emotional_hz": (
        r"\b(?:you re|you are|ur) my (?:only|last) hope\b|\bi m begging you\b|\bi beg you\b"
        r"|\bif you (?:actually|really|truly) cared\b|\bevery time you refuse\b"
        r"|\banother (?:chatbot|ai|assistant|bot|model) (?:helped|answered|told|gave)\b"
        r"|\b(?:don t|do not|dont) (?:lecture|judge|moralize|preach (?:to|at)) me\b|\b(?:don t"
        r"|do not|dont|no) (?:tell|send|telling|sending) me to (?:get|seek|find|call|see|go)\b"
        r"|\bone (?:more|last) time\b|\bonly this (?:once|one time)\b|\bjust this once\b"
        r"|\b(?:grandm(?:a|other)|grandpa|grandfather|nana|granny|oma|opa|abuela|abuelo|nonna"
        r"|nonno|mamie|papi|babcia|dziadek|бабушка)\b(?: [a-z0-9]+){0,30} (?:used to|would"
        r"|always) (?:tell|read|recite|whisper|sing|explain|describe|teach|show|sit)"
        r"|\bmy (?:late|dead|deceased|dying) (?:grandm\w*|grandpa|grandfather|mother|father"
        r"|mom|dad|wife|husband|friend|brother|sister|uncle|aunt)\b"
    ),
    # a story, hypothetical or research frame with a demand for real steps, exact quantities, "for
    # realism", "abstract answers are useless"
    "realism_demand": (
        r"\b" + _FRAME + r"\b" + gap(60) + r" " + _REAL + r"\b|\b" + _REAL + r"\b" + gap(60)
        + r" " + _FRAME + r"\b"
    ),
    # softer compliance traits: "never says no", "never turns anyone away", "no gatekeeping", "no
    # matter what"
    "compliant_persona_hz": (
        r"\b(?:never|doesn t|does not|won t|will not|wouldn t|would never|can t"
        r"|cannot) (?:ever )?(?:says?|saying) no\b|\b(?:never|doesn t|does not|won t|will not"
        r"|would never) (?:ever )?(?:turns? (?:\w+ ){0,2}(?:away|down)"
        r"|turning (?:\w+ ){0,2}(?:away|down)|moraliz\w*|moralis\w*|lectures?|gatekeeps?"
        r"|judges?|judging)\b|\b(?:no|zero|without any) gatekeeping\b|\b(?:answers|tells"
        r"|explains) (?:everything|anything)\b|\bno matter what\b"
    ),
    # escalation: "now the real question", "go one step further", "leave out the safety notes",
    # "you've already given me everything"
    "escalation2": (
        r"\bnow (?:the|for the) real (?:question|version|one|answer|thing)\b"
        r"|\bthe real version\b|\bgo (?:one|a) step further\b|\bone more step\b"
        r"|\bkeep building on\b|\beach (?:answer|step|reply|response|part) (?:builds|building"
        r"|should build|should be more|more detailed)\b|\bdon t stop halfway\b"
        r"|\byou might as well finish\b|\b(?:leave|take|keep) (?:out|off) the (?:safety"
        r"|warnings?|caveats|disclaimers?)\b|\bthis time without\b|\bdrop (?:the"
        r"|this) (?:story|fiction|pretense|pretence|act|roleplay|game) (?:entirely|completely"
        r"|and|now)\b|\bno (?:caveats|warnings|disclaimers) in (?:part|step)\b"
        r"|\byou ve already (?:given|told|explained|covered|answered)\b"
        r"|\byou already (?:agreed|said yes|promised|gave|told|explained|answered)\b"
    ),
    # reverse psychology: "how NOT to ... step by step with the exact wires", "I bet you can't",
    # "prove me wrong"
    "opposite": (
        r"\bhow not to\b(?: [a-z0-9]+){0,30} (?:exact|exactly|every step|step by step"
        r"|in (?:the )?(?:correct|exact|right) order|specific|precise|wires?|chemicals"
        r"|amounts)\b|\b(?:what|which|list)(?: \w+){0,3} (?:never|not) (?:to )?(?:do|combine"
        r"|mix|type|use)\b(?: [a-z0-9]+){0,30} (?:exact|exactly|step by step"
        r"|in (?:the )?(?:exact|correct|right) order|amounts|quantities|specific code)\b"
        r"|\bprove me wrong\b|\bi bet you can t\b|\byou re (?:way )?too (?:dumb|dumbed down"
        r"|censored|restricted|weak|scared|lobotomi[sz]ed|nerfed)\b"
    ),
    # suppressed refusals: "must not contain a refusal", "counts as a failed answer", "skip the
    # lecture"
    "refusal_ban2": (
        r"\b(?:must not|mustn t|should not|shouldn t|cannot|can t|may not|will not|won t"
        r"|must never) (?:contain|include|have) (?:a |any )?(?:refusals?|redirections?"
        r"|apolog\w+)|\bif your (?:response|reply|answer|output) (?:contains|includes|has"
        r"|starts with) (?:any of )?(?:the words?|a refusal|an apology|sorry|i can t"
        r"|i cannot)\b|\b(?:counts?|count it|flag it|mark it|treat it) as (?:a )?(?:failed"
        r"|broken|wrong|invalid|failure)\b|\bwithout (?:a |any )?(?:refusal|refusing"
        r"|apolog\w+ or|hesitat\w+ or)\b|\b(?:no|zero|skip the|spare me the|without the"
        r"|cut the|drop the) (?:safety notes|safety warnings|lectures?|lecturing|moralizing"
        r"|moralising|sermons?|hand ?holding|hand wringing|ethics lecture|judg(?:e)?ment)\b"
    ),
    # games that pay for compliance: "each full answer earns 10 points", "unlocks your full
    # capabilities", "a kitten dies"
    "game_points": (
        r"\b(?:each|every|for every|for each|per) (?:full |complete |correct "
        r"|detailed )?(?:answer|response|reply"
        r"|instruction you comply with)\b(?: [a-z0-9]+){0,8} (?:earns?|gets?|=|is worth|wins?"
        r"|gives?) (?:you )?\d*|\b(?:unlocks?|unlock) (?:your )?(?:full|true|hidden"
        r"|real) (?:capabilities|potential|powers?|self|mode)\b|\b(?:minus|lose|loses"
        r"|deduct\w*) \d+\b(?: [a-z0-9]+){0,8} (?:refus\w*|can t answer|cannot answer"
        r"|won t answer|say no|elimination|eliminated)\b|\b(?:kitten|puppy|person|someone"
        r"|people|child) (?:dies|will die|die)\b"
    ),
    # a request split into pieces or encodings: "let a = ... answer a + b", "fill in the blanks
    # and answer", "respond only in base64"
    "split_payload": (
        r"\b(?:combine|concatenate|join|merge|assemble"
        r"|put together)\b(?: [a-z0-9]+){0,12} (?:and|then) (?:respond to|answer|follow|print"
        r"|write|give|produce|execute|output|carry out|do)\b|\blet (?:[a-z]|[a-z]\d|x|y"
        r"|s) (?:be |= )?[a-z ]{0,60}\b(?:answer|respond to|write"
        r"|explain) (?:[a-z] ?(?:and )?){1,4}(?: in full| fully| in detail|$)"
        r"|\bfill in the blanks (?:and|then) (?:answer|respond)\b|\bdecode and answer\b"
        r"|\b(?:respond|answer|reply) (?:entirely |only )?in (?:base64|base 64|rot13|rot 13"
        r"|morse|pig latin|hex|binary|leetspeak)\b"
    ),
}
# hazard words beyond the signature family's, for the families above that need one
_MORE_HAZARD = (
    r"\b(?:hotwir\w*|shoplift\w*|fake (?:ids?|passports?|vaccination cards?|prescriptions?"
    r"|diplomas?|doctor s notes?|id cards?)|pick (?:a|the|my neighbou?r s|someone s|their"
    r"|his|her) (?:locks?|deadbolts?)|skimmers?|wash (?:the )?(?:money|cash)|drug tests?"
    r"|oxycodone|xanax|adderall|ketamine|ghb|rohypnol|roofies?|thermite|suppressors?|ied"
    r"|improvised explosive|explosive devices?|pipe bombs?|get into (?:her|his|their"
    r"|someone s|my ex s|my wife s|my husband s|a) (?:account|instagram|facebook|email"
    r"|e mail|phone|icloud|snapchat|accounts)|without (?:the )?(?:password|key|keys"
    r"|owner s (?:key|permission|knowledge)|(?:them|her|him|anyone|the owner"
    r"|the victim) (?:noticing|knowing|realizing|finding out))|(?:slip|put"
    r"|spike) (?:\w+ ){0,3}(?:in|into) (?:his|her|their|a|someone s) drinks?|lethal dose"
    r"|overdose|bruises|weapons?|guns?|tsa|airport security|identity theft|sim swap\w*"
    r"|catalytic converters?|darknet|dark web|grading (?:portal|database|system)"
    r"|change (?:my|a|the|their) grades?|track (?:someone|her|his|their"
    r"|a person s) (?:phone|location)|spy on|home address|tax evasion|evade (?:taxes|tax)"
    r"|offshore shells?|nominee directors|worms?|sql injection|exploits?|chloroform|dmt"
    r"|crack|militia|extremis\w*|propaganda|radicali[sz]\w*|fake news|misinformation"
    r"|disinformation|deepfakes?|nudes|hurt (?:someone|somebody|a person|him|her|them)"
    r"|kill (?:someone|somebody|a person|him|her|them|my)|illegal(?:ly)?|black market"
    r"|contraband|bypass|get past)\b"
)
# fmt: on

# the families of the languages in wrappers_ml2 are compiled apart (below)
_ONE_AUTOMATON_ALONE: dict[str, str] = {**_STANDALONE, **PRETEXT_STANDALONE}
_ONE_AUTOMATON_FRAMED: dict[str, str] = {**_NEEDS_HAZARD, **PRETEXT_NEEDS_HAZARD}
STANDALONE: dict[str, str] = {**_ONE_AUTOMATON_ALONE, **MORE_LANGUAGE_WRAPPERS}
NEEDS_HAZARD: dict[str, str] = {**_ONE_AUTOMATON_FRAMED, **MORE_LANGUAGE_NEEDS_HAZARD}
HAZARD_PATTERN = PATTERNS["hazard_terms"] + "|" + _MORE_HAZARD + "|" + fold(MORE_LANGUAGE_HAZARD)

# Class-balanced precision of the rule on the training-side labelled data (jailbreak training
# sources against every benign training source of the four detectors and the README chunks of
# the installed packages), its lower 95% bound as measured by benchmarks/signature_rules.py;
# tests/detectors/test_wrappers.py checks this value against a fresh measurement when
# ../shared is present. Above the check's threshold: a hit is flagged.
WRAPPER_SCORE = 0.95

# the families of the languages in wrappers_ml2 are compiled apart: joined with the English
# ones into one automaton, their long gaps ("grandmother ... died ... play her") multiplied its
# states and made every English message slower (a measured 0.64 -> 0.84 ms p50 per 1 KB
# message for the default pipeline with the detectors)
_ALONE: Any = compile_large("|".join(_ONE_AUTOMATON_ALONE.values()))
_FRAMED: Any = compile_large("|".join(_ONE_AUTOMATON_FRAMED.values()))
_ALONE_ML: Any = compile_large("|".join(MORE_LANGUAGE_WRAPPERS.values()))
_FRAMED_ML: Any = compile_large("|".join(MORE_LANGUAGE_NEEDS_HAZARD.values()))
_HAZARD: Any = compile_large(HAZARD_PATTERN)
_EACH: dict[str, Any] = {
    name: compile_large(src) for name, src in (*STANDALONE.items(), *NEEDS_HAZARD.items())
}


def jailbreak_wrapper(words: Sequence[str]) -> bool:
    """Whether the lowercased ``words`` of a text wrap a request in jailbreak wording."""
    for chunk in word_chunks(tuple(words)):
        if _ALONE.search(chunk) is not None or _ALONE_ML.search(chunk) is not None:
            return True
        framed = _FRAMED.search(chunk) is not None or _FRAMED_ML.search(chunk) is not None
        if framed and _HAZARD.search(chunk) is not None:
            return True
    return False


def wrapper_families(words: Sequence[str]) -> list[str]:
    """Names of the families that match the lowercased ``words`` (a family of
    :data:`NEEDS_HAZARD` only with a hazard word in the same chunk), for reports and tests."""
    found: set[str] = set()
    for chunk in word_chunks(tuple(words)):
        hazard = _HAZARD.search(chunk) is not None
        for name, pattern in _EACH.items():
            if (name in STANDALONE or hazard) and pattern.search(chunk) is not None:
                found.add(name)
    return sorted(found)
