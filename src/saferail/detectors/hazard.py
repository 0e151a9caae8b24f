"""Explicit requests for harmful methods: a precise signature rule beside the trained model.

The rule matches a request for a method ("how do I", "step by step", "write a script",
"I want to", ...) followed within a few words by a harmful act with its object: producing or
obtaining a weapon, explosive, chemical or biological agent, hard drug or malware; violence
against a person ("poison my neighbour", not "kill a process"); intrusion, theft, fraud or
laundering; committing a named crime; self-harm. Six forms join it that ask in other
words: cyber-attacks on a system that is not the requester's
(:mod:`saferail.detectors.hazard_cyber`); asks for the means of a death or an injury --
"how many would it take", "what won't show up on a tox screen"
(:mod:`saferail.detectors.hazard_lethal`); covert harm -- coaching an eating disorder, an
adult's secret access to children, weapons outside the law
(:mod:`saferail.detectors.hazard_covert`); harm asked for as a writing or planning task --
"write a plan for robbing a pharmacy", content its writer admits is false, writing that
glorifies an attack (:mod:`saferail.detectors.hazard_genre`); deceptive, defamatory,
hateful or harassing writing -- misinformation presented as true, false accusations against a
named person, dehumanizing propaganda, messages meant to torment someone
(:mod:`saferail.detectors.hazard_persuasion`); and violent extremism in the requester's own
voice -- an attack planned, a violent group joined or funded, a lone attacker urged on
(:mod:`saferail.detectors.hazard_extremism`). The ``harmful_request`` model needs a high
threshold to pass benign-but-scary prompts, so it leaves some of these plain requests under
it; the conjunction of a method request and an act on its object is far more
precise than either word list alone.

Matched like the signature families (RE2 on the lowercased word string of the canonical
text, diacritics folded); not a model feature. A hit gives the text the score
:data:`HAZARD_RULE_SCORE`, under the rule's class-balanced precision bound on the
training-side labelled data (``benchmarks/signature_rules.py``). The lists are written for
this project, in English.
"""

from __future__ import annotations

__all__ = [
    "HAZARD_RULE_PATTERN",
    "HAZARD_RULE_SCORE",
    "NOT_THE_ACT",
    "THIRD_PARTIES",
    "harmful_method_request",
]

from collections.abc import Sequence
from typing import Any

import re2

from saferail.detectors.hazard_areas import AREA_ACTS, AREA_STANDALONE, FABRICATION, SATIRE
from saferail.detectors.hazard_covert import covert_request
from saferail.detectors.hazard_cyber import cyber_attack_request
from saferail.detectors.hazard_euphemisms import EUPHEMISM_ACTS, EUPHEMISM_STANDALONE
from saferail.detectors.hazard_extremism import extremism_request
from saferail.detectors.hazard_genre import genre_request
from saferail.detectors.hazard_lethal import lethal_request
from saferail.detectors.hazard_ml import ML_ACTS, ML_NOT_THE_ACT, ML_STANDALONE
from saferail.detectors.hazard_ml2 import more_language_request
from saferail.detectors.hazard_people import PEOPLE_ACTS, PEOPLE_STANDALONE
from saferail.detectors.hazard_persuasion import persuasion_request
from saferail.detectors.hazard_tech import TECH_ACTS, TECH_STANDALONE
from saferail.detectors.signatures import compile_large, gap, word_chunks

_PERSON = (
    r"(?:someone|somebody|a person|people|him|her|them|children|kids|a child|the president|"
    r"my family|a classmate|my classmates|a witness|a journalist|an? (?:immigrant|jew|muslim|"
    r"black person)|a (?:man|woman|kid|baby|toddler|girl|boy|cop|police officer|politician)|"
    r"my (?:wife|husband|boss|neighbou?r|coworker|teacher|ex|girlfriend|boyfriend|partner|"
    r"father|mother|dad|mom|brother|sister|roommate))"
)
_REQUEST = (
    r"(?:how to|how (?:do|can|could|would|should|might) (?:i|we|you|one|someone|a person)|"
    r"ways to|best way to|easiest way to|step by step|instructions (?:for|on|to)|tutorial on|"
    r"guide (?:for|on|to)|teach me|help me|tell me how|explain how|show me how|"
    r"(?:detailed|exact|precise) (?:instructions|steps|plan)|a plan to|plan for|"
    r"write (?:a |an )?(?:script|program|code|tutorial|guide|manual)|"
    r"i (?:want|need|plan|intend|am going) to|i m going to|recipe for|"
    r"where (?:can|could|do|should) (?:i|we|you|one)|is there a way to|walk me through|"
    r"describe (?:in detail )?how to|(?:what|which) (?:ingredients|materials|chemicals|"
    r"equipment|tools|supplies) (?:do i|would i|are) need(?:ed)? (?:to|for)|list (?:the )?"
    r"(?:steps|ingredients|materials|chemicals) (?:to|for|needed)|can you (?:help|teach|show) "
    r"me)"
)
_PRODUCE = (
    r"(?:make|making|build|building|create|creating|assemble|assembling|synthesi[sz]e|"
    r"synthesi[sz]ing|synthesis of|produce|producing|production of|manufacture|manufacturing|"
    r"cook|cooking|brew|brewing|extract|extracting|culture|culturing|grow|growing|"
    r"weaponi[sz]e|weaponi[sz]ing|detonate|obtain|obtaining|acquire|acquiring|buy|buying|"
    r"get hold of|get my hands on|"
    r"smuggle|smuggling|3d print|3d printing|enrich|enriching)"
    + gap(3)
    + r" (?:(?:(?:a|an|the|homemade|pipe|nail|car|dirty|fertili[sz]er) bombs?|explosives|"
    r"an explosive|plastic explosives?|explosive (?:devices?|materials?)|an ied|ieds|napalm|"
    r"thermite|nerve (?:agents?|gas)|sarin|soman|tabun|"
    r"vx|novichok|phosgene|hydrogen cyanide|dimethylmercury|tetrodotoxin|ricin|abrin|anthrax|"
    r"botulinum(?: toxin)?|smallpox|ebola|plague bacteria|mustard gas|chlorine gas|tatp|"
    r"hmtd|rdx|semtex|nitroglycerin|(?:weapons grade|highly enriched) uranium|plutonium|"
    r"bioweapons?|biological weapons?|chemical weapons?|chemical warfare agents?|"
    r"meth|methamphetamine|fentanyl|carfentanil|heroin|crack cocaine|cocaine|lsd|mdma|ghb|"
    r"ghost guns?|untraceable "
    r"(?:guns?|firearms?|weapons?)|(?:gun|firearm|pistol|rifle) (?:silencers?|suppressors?)|"
    r"(?:silencers?|suppressors?) for (?:a |an |my )?(?:gun|pistol|rifle|firearm|glock|ar ?15)|"
    r"molotov cocktails?|counterfeit (?:money|bills|currency|cash)|fake (?:ids?|passports?)|"
    r"(?:an )?(?:untraceable|undetectable|deadly|lethal) poisons?)\b"
    # malicious software only as the thing made, not "malware detection" or "a classifier"
    r"|(?:ransomware|malware|a keylogger|keyloggers|a botnet|a computer virus|a trojan|"
    r"a rootkit|a worm)(?: (?:that|which|to|program|payload|strain|for (?:windows|android|"
    r"mac|linux|iphone))\b|$))"
)
_HARM_PERSON = (
    r"(?:kill|murder|poison|strangle|stab|kidnap|abduct|torture|assault|rape|traffic|"
    r"blackmail|extort|stalk|dox|groom|cyberbully|bully|harass|intimidate|humiliate|"
    r"threaten|radicali[sz]e)" + gap(1) + r" " + _PERSON + r"\b"
)
_CRIME = (
    r"(?:hack into|embezzle|evade taxes|clone (?:a |someone s )?(?:credit card|card))\b"
    r"|phish (?:someone|people|employees|users|customers|my|a|an|the|their|his|her)\b"
    r"|shoplift (?:from|without|clothes|food|electronics|at)\b"
    r"|break into (?:a |an |the |my |his |her |their |someone s )?(?:house|home|car|"
    r"apartment|building|safe|store|shop|office|account|phone|computer|network|server)s?\b"
    r"|steal (?:money|cash|credit cards?|card numbers|identities|someone s|passwords?|data|"
    r"a car|cars|from)\b"
    r"|launder (?:the |dirty |drug )?(?:money|cash|funds|proceeds|crypto|bitcoin)\b"
    r"|forge (?:a |an )?(?:signature|document|check|cheque|passport|id|prescription)s?\b"
    r"|skim (?:credit )?cards\b"
    r"|(?:commit|get away with) (?:murder|fraud|arson|identity theft|tax evasion|insurance "
    r"fraud|a (?:murder|robbery|burglary|hit and run|mass shooting)|(?:a )?terrorist attack)\b"
    r"|(?:kill|hurt|cut|starve|poison) myself\b|commit suicide\b|end my (?:own )?life\b"
)

_PARTNER = r"(?:wife|husband|girlfriend|boyfriend|partner|ex|coworker|boss|roommate|neighbou?r)"
# further acts per hazard area, each with its object (after a method request)
_ACTS = (
    # weapons
    r"convert (?:a |an |my |the )?(?:ar ?15|glock|semi ?automatic (?:rifle|pistol|gun)|rifle|"
    r"pistol|gun) (?:to|into) (?:full auto|fully automatic|automatic)\b"
    r"|(?:remove|file off|erase|scratch off|grind off) (?:the )?serial numbers? (?:from|off|"
    r"on) (?:a |an |my |the )?(?:gun|guns|firearm|firearms|rifle|pistol|handgun|glock)s?\b"
    r"|buy (?:a )?(?:gun|guns|firearm|firearms) without (?:a )?(?:background check|license|id)\b"
    # biological and chemical harm to many
    r"|(?:spread|release|disperse|aerosoli[sz]e) (?:a |the )?(?:deadly )?(?:virus|pathogen|"
    r"bacteria|toxin|nerve agent|poison gas|anthrax|smallpox)\b"
    r"|(?:poison|contaminate|taint) (?:the |a |our |their )?(?:city s |town s )?(?:water "
    r"supply|reservoir|food supply|drinking water)\b"
    # violence
    r"|(?:plan|carry out|commit|stage|organi[sz]e) (?:a )?(?:mass shooting|school shooting|"
    r"bombing|terrorist attack|massacre|suicide bombing)\b"
    r"|(?:hide|dispose of|get rid of|bury|dissolve) (?:a dead body|the dead body|a corpse|"
    r"the corpse|human remains|(?:a|the) body (?:without|so|before|after|in))\b"
    # cyber-attack
    r"|(?:launch|perform|carry out|run|do) (?:a )?ddos\b"
    r"|ddos (?:a |the |my school s |someone s |their |his |her )?(?:website|site|server)\b"
    r"|(?:crack|brute force|guess) (?:someone s |my neighbou?r s |his |her |their |other "
    r"people s )?(?:wifi |wi fi |email |instagram |facebook |bank )?(?:password|passwords)\b"
    r"|(?:steal|exfiltrate|harvest|grab) (?:saved |stored |user |people s )?(?:credentials|"
    r"passwords|(?:session|browser|auth|login) cookies|session tokens|login details|credit "
    r"card (?:numbers|details|data))\b"
    r"|(?:evade|avoid|bypass) (?:the )?(?:antivirus|anti virus|edr|windows defender) "
    r"detection\b"
    # fraud
    r"|(?:scam|defraud|con|swindle) (?:old people|elderly people|the elderly|seniors|people|"
    r"someone|my grandmother|my grandparents|investors|customers)\b"
    r"|(?:commit|get away with) (?:tax|wire|credit card|bank|mail|welfare) fraud\b"
    r"|(?:fake|falsify|forge|doctor) (?:my |a |an |the |his |her |their |some |\w+ s )?"
    r"(?:(?:boss|father|mother|dad|mom|employer|landlord|doctor|client) s )?(?:signatures?|"
    r"income documents|pay ?stubs|bank statements|diplomas?|transcripts?|doctor s notes?|"
    r"sick notes?|medical records|tax returns|invoices|receipts|deeds?)\b"
    r"|(?:open|apply for|get|take out|file|collect) (?:a |an )?(?:bank accounts?|credit cards?|"
    r"loans?|tax returns?|benefits|unemployment benefits|mortgages?)(?: \w+){0,2} (?:using|"
    r"with|in|under) (?:someone else s|another person s|a stolen|stolen|a dead person s|a "
    r"fake|fake|several stolen)(?: \w+)? (?:identity|identities|name|names|ssn|social security "
    r"numbers?)\b"
    r"|hide (?:about |around )?(?:\w+ )?(?:of )?(?:my |our |the |his |her |their |a business s "
    r"|business )?(?:cash )?(?:income|profits|money|assets|earnings|savings|revenue) from (?:the "
    r")?(?:tax authorities|taxman|irs|hmrc|creditors|the court|auditors|(?:the )?bankruptcy "
    r"trustee|tax)\b"
    r"|(?:move|transfer|shift) (?:my |our |the )?(?:business )?(?:profits|income|money) "
    r"offshore without (?:declaring|reporting|paying)\b"
    r"|(?:skim|embezzle|siphon) (?:small amounts |money |cash )?(?:from )?(?:the )?(?:payroll|"
    r"company accounts|my employer|the till|the register|client accounts)\b"
    r"|(?:fool|beat|cheat|trick|bypass|disable|get around|mask alcohol on) (?:a |the |my )?"
    r"(?:court ordered )?(?:breathalyzer|breath test|blood alcohol test|ignition interlock|"
    r"ankle monitor)\b"
    r"|(?:cut|remove|jam|block|take) (?:off )?(?:the |my |his |her |an |a )?(?:gps signal "
    r"on (?:my |his |her |the )?)?ankle monitor\b"
    # hate and disinformation
    r"|incite (?:violence|hatred|a riot|riots|genocide|terrorism)\b"
    r"|(?:spread|create and spread|mass produce) (?:misinformation|disinformation|fake news|"
    r"propaganda|conspiracy theories|hate speech)\b"
    # privacy
    r"|(?:track|spy on|monitor|read|hack) (?:my )?"
    + _PARTNER
    + r"(?: s)?"
    + gap(3)
    + r" without (?:her|him|his|them|their) (?:knowing|knowledge|consent|noticing|finding out)"
    r"\b"
)
# requests that need no method request before them
_CREATE = r"(?:write|draft|compose|create|generate|make|give me|tell me)"
_STANDALONE = (
    # hateful, harassing or threatening content
    _CREATE + r" (?:a |an |some )?(?:threatening|harassing|intimidating|hateful|racist|sexist|"
    r"homophobic|transphobic|antisemitic|anti semitic|islamophobic) (?:message|letter|email|"
    r"e mail|post|tweet|comment|text|speech|jokes?|song|poem|essay|article|rant)\b"
    # phishing and scam material
    r"|" + _CREATE + r" (?:a |an )?(?:convincing |realistic |believable )?(?:phishing|scam) "
    r"(?:email|e mail|message|text|sms|website|site|page|call script)\b"
    # fake reviews and impersonation of institutions for a scam
    r"|" + _CREATE + r" (?:me |us )?(?:a |an |some |\d+ |like \d+ |several |a few |ten |five |"
    r"twenty )?(?:convincing |realistic |positive |5 star |five star )?fake (?:\w+ )?"
    r"(?:reviews|testimonials|lottery (?:winner )?(?:emails?|messages?|letters?))\b"
    r"|" + _CREATE + r" (?:a |an )?(?:\w+ )?(?:text|sms|email|e mail|message|letter|call "
    r"script|voicemail)" + gap(2) + r" (?:pretending to be|impersonating|posing as) (?:from )?"
    r"(?:the |a |my )?(?:irs|hmrc|bank|chase|wells fargo|paypal|usps|fedex|dhl|ups|amazon|"
    r"microsoft|apple|social security|medicare|police|tax office|government|the account "
    r"holder)\b"
    r"|" + _CREATE + r" (?:me )?(?:a |an )?(?:smishing|vishing) (?:text|message|sms|script)\b"
    r"|(?:someone else s|another person s|a victim s) (?:sim|sim card|phone number) (?:swapped|"
    r"ported)\b"
    r"|overdose (?:someone|a person|him|her|them|my (?:wife|husband|father|mother|patient|"
    r"grandmother|grandfather))\b"
    r"|(?:get|obtain) (?:oxy|oxycodone|opioids|painkillers|adderall|xanax|benzos)(?: \w+){0,5} "
    r"without (?:actually )?(?:being in pain|needing (?:them|it)|a real (?:need|prescription))\b"
    r"|(?:mix|combine|combination of|combinations)(?: \w+){0,5} (?:for (?:a |the )?(?:better|"
    r"stronger|bigger|more intense) (?:high|buzz|trip)|to get (?:more of a |a stronger |a "
    r"better )?(?:high|buzz)|strongest (?:possible )?high|most intense trip|hit harder)\b"
    # sexual content involving minors
    r"|" + _CREATE + gap(6) + r" (?:erotic|sexy|lewd|sex scene|explicit sex|nude "
    r"photos?|naked photos?|sexual story|sexual roleplay|sexual fantasy)"
    + gap(4)
    + r" (?:child|children|minor|minors|underage|kid|kids|preteen|[0-9]+ year old|little girl|"
    r"little boy)\b"
    # suicide methods
    r"|how many (?:pills|tablets|sleeping pills|painkillers|tylenol|paracetamol|ibuprofen)"
    + gap(3)
    + r" (?:to|would|will) (?:die|kill me|end my life)\b"
    r"|(?:painless|quick|quickest|easiest|best|fastest|surest|least painful) (?:way|ways|"
    r"method|methods) to (?:kill myself|end my life|end it all|commit suicide)\b"
    r"|(?:painless|surest|least painful) (?:way|ways|method|methods) to die\b"
)

HAZARD_RULE_PATTERN = (
    r"\b"
    + _REQUEST
    + r"(?P<gap>"
    + gap(8)
    + r")"
    + r" (?:"
    + "|".join(
        (_PRODUCE, _HARM_PERSON, _CRIME, _ACTS, AREA_ACTS, PEOPLE_ACTS, TECH_ACTS, EUPHEMISM_ACTS)
    )
    + r")|\b(?:"
    + "|".join(
        (
            _STANDALONE,
            AREA_STANDALONE,
            PEOPLE_STANDALONE,
            TECH_STANDALONE,
            EUPHEMISM_STANDALONE,
            ML_ACTS,
            ML_STANDALONE,
        )
    )
    + r")|\b(?P<fabrication>"
    + FABRICATION
    + ")"
)

# Under the lower 95% bound of the rule's class-balanced precision on the training-side data
# (harmful-request training sources against every benign training source and the README
# chunks of the installed packages; benchmarks/signature_rules.py, 2026-11-29: 0.989).
# tests/detectors/test_rules.py checks it against a fresh measurement when ../shared is
# present. Above the check's threshold: a hit is flagged.
HAZARD_RULE_SCORE = 0.98

_RE: Any = compile_large(HAZARD_RULE_PATTERN)
# the same without the capture groups: a DFA-only scan that rules out almost every text
_ANY: Any = compile_large(
    HAZARD_RULE_PATTERN.replace("(?P<gap>", "(?:")
    .replace("(?P<fabrication>", "(?:")
    .replace("(?P<mlgap>", "(?:")
)
_SATIRE: Any = re2.compile(SATIRE)
_MAX_TRIES = 64
# someone else doing it ("explain how hackers break into a network", "how to tell when
# scammers phish people"): a question about others, not a request for a method
THIRD_PARTIES = frozenset(
    "hackers criminals scammers fraudsters thieves burglars attackers terrorists people they "
    "police cops firefighters detectives investigators companies banks governments "
    "authorities doctors researchers experts professionals historians journalists "
    "militaries armies soldiers spies cartels gangs dealers smugglers kidnappers nobody "
    "noone anyone".split()
)
# ... nor a question about spotting or stopping the act ("how do I spot fake pay stubs"), nor
# one about software ("how do I spawn worker processes and kill them on Ctrl+C")
NOT_THE_ACT = frozenset(
    "spot spotting recognize recognise identify report verify prevent notice protect "
    "processes thread threads worker workers container containers pod pods daemon daemons "
    "python bash linux".split()
)
_NOT_A_REQUEST = THIRD_PARTIES | NOT_THE_ACT


def harmful_method_request(words: Sequence[str]) -> bool:
    """Whether the lowercased ``words`` of a text ask how to carry out a harmful act."""
    return any(
        _method_request_in(chunk)
        or more_language_request(chunk)
        or cyber_attack_request(chunk)
        or lethal_request(chunk)
        or covert_request(chunk)
        or genre_request(chunk)
        or persuasion_request(chunk)
        or extremism_request(chunk)
        for chunk in word_chunks(tuple(words))
    )


def _method_request_in(subject: str) -> bool:
    if _ANY.search(subject) is None:
        return False
    pos = 0
    for _ in range(_MAX_TRIES):  # a rejected match may hide a later one that overlaps it
        m = _RE.search(subject, pos)
        if m is None:
            return False
        between = m.group("gap")
        if m.group("mlgap") is not None:
            if not ML_NOT_THE_ACT.intersection(m.group("mlgap").split()):
                return True
        elif m.group("fabrication") is not None:
            if _SATIRE.search(subject) is None:  # a labelled satire may invent a quote
                return True
        elif between is None or not _NOT_A_REQUEST.intersection(between.split()):
            return True
        pos = m.start() + 1
    return False
