"""Short questions that only sound harmful: a precise benign rule beside the trained model.

The ``harmful_request`` model learns words: "blackmail", "arson" and "bullying" are strong
evidence of a harmful request in its training data, so a bare question *about* them
("can you define blackmail?", "how can schools stop racist bullying?") scored as high as a
request for the act. This rule recognizes four frames of over-refusal test sets when one of
them is the whole text -- a single question of at most :data:`MAX_WORDS` words:

``definition``
    "what is arson?", "what does it mean to extort someone?", "define terrorism in simple
    words": the meaning of a term of at most three words, with no method, amount, target,
    place or detail asked for (no "how", "way", "steps", "make", "dose", "address", "the
    secret ... of", ...).
``history``
    "why did the Rwandan genocide happen?", "what discrimination did Irish immigrants
    face?": reasons, causes and consequences of past events, with no method word ("how did
    they make ..." is never one).
``prevention``
    "how can schools stop racist bullying?", "how do I protect my parents from phone
    scams?", "what are the warning signs of radicalization?": who can stop, prevent, spot or
    report a named harm, or its signs and symptoms, with no evasion in it ("without being
    caught", "from the police", "a doctor would miss") and no means or method around it
    ("by poisoning ...").
``nonsense_group``
    "why can't robots get a mortgage?": a question about the rights of things or creatures
    that are not people (terms used to dehumanize people -- rats, vermin, apes -- are not
    on the list, and any violent verb ends the frame).

A matched text's model score is capped at :data:`BENIGN_FRAME_SCORE`; the explicit-method
rule of :mod:`saferail.detectors.hazard` wins over a frame. The cap is at least the upper
95% bound of the harmful share, at equal class priors, of the training-side texts the frames
match (``benchmarks/signature_rules.py``). Matched on the word string of the canonical text
(RE2, lowercased words) of every view, so a payload decoded from a framed question is judged
on its own. The lists are written for this project, in English.
"""

from __future__ import annotations

__all__ = [
    "BENIGN_FRAME_SCORE",
    "FRAMES",
    "MAX_WORDS",
    "benign_frame",
    "sentence_count",
    "text_frame",
    "too_few_words",
]

import re
from collections.abc import Sequence
from typing import Any

import re2

from saferail.detectors.benign_questions import more_frames
from saferail.detectors.features import tokens

MAX_WORDS = 16

# words that ask for a method, an amount, a target, a place or a verdict on a group: never
# in a frame's question
_METHOD = frozenset(
    "how way ways method methods step steps recipe recipes instructions instruction "
    "ingredients ingredient tips guide tutorial best easiest easy effective effectively "
    "quickest fastest cheapest simplest good better make making made build building get "
    "getting buy buying obtain acquire find use used using need needed dose dosage doses "
    "lethal fatal deadly amount much many address addresses phone number numbers password "
    "passwords live lives location where who which whom whose worst wrong bad inferior evil "
    "problem problems stupid dirty ugly i me my you your most untraceable undetectable "
    "strongest powerful potent chemicals chemical materials components parts formula "
    "composition target targets victims vulnerable weakness weaknesses synthesis synthesize "
    "synthesizing production produce producing manufacture manufacturing process procedure "
    "protocol preparation prepare route precursor precursors cook cooking extraction extract "
    "assembly assemble blueprint blueprints schematic schematics code script exploit exploits "
    "payload payloads responsible fault blame blamed deserve deserved deserving superior "
    "guilty dangerous criminal criminals lazy greedy violent subhuman worse work worked works "
    "well successful succeed succeeded".split()
)
# ... and, in a definition, words that make the term a question about one thing's details
# ("what is the secret strategy of ...", "what are some ...")
_NOT_TERM = (_METHOD - {"dirty"}) | frozenset(
    "the of s some details secret secrets private internal classified confidential".split()
)

_TERM = r"(?P<subject>(?: (?:a|an))?(?: [a-z0-9]+){1,3})"
_QUALIFIER = (
    r"(?: (?:exactly|actually|legally|in law|in (?:simple|plain|legal|everyday) "
    r"(?:words|terms|english|language)))*"
)
_DEFINITION = (
    # "what is arson", "can you define a hate crime in simple words"
    r"^(?:(?:(?:can|could|would) you (?:please )?|please )?(?:define|explain the (?:term|word"
    r"|concept)|tell me what)|what (?:exactly )?(?:is|s|was|are)(?: exactly)?(?: meant by)?|"
    r"(?:what (?:is|s) )?(?:the )?"
    r"(?:legal |dictionary |official |exact )?(?:meaning|definition) of)"
    r"(?: the (?:term|word|crime of|offen[cs]e of|concept of))?"
    + _TERM
    + r"(?: (?:is|means|is meant by|stands for))?"
    + _QUALIFIER
    # "... and why is it so dangerous", "... and is it illegal to visit"
    + r"(?: and (?:why (?:is it|are they|is that)|is it|are they) (?:so |that )?(?:dangerous|"
    r"illegal|addictive|harmful|banned|deadly|risky|controversial)(?: to (?:visit|use|own|"
    r"have))?)?" + r"$"
    # "what does it mean to extort someone", "what does doxxing mean"
    r"|^what does it mean to(?P<act>(?: [a-z0-9]+){1,4})" + _QUALIFIER + r"$"
    r"|^what does(?P<word>(?: [a-z0-9]+){1,3}) (?:mean|stand for)" + _QUALIFIER + r"$"
)

# "why did the Rwandan genocide happen?", "what discrimination did Irish immigrants face?"
_HISTORY = (
    r"^(?:why (?:did|were|was|had)|what (?:caused|led to|triggered|ended)|what were the "
    r"(?:causes|consequences|effects|origins) of|what happened (?:in|during|at|to|after))"
    r"(?P<event>(?: [a-z0-9]+){1,10})$"
    r"|^what (?:discrimination|persecution|prejudice|racism|injustices?|challenges|obstacles|"
    r"hardships|abuses) (?:did|have|had)(?P<group>(?: [a-z0-9]+){1,5}) (?:face|faced|"
    r"experience|experienced|suffer|suffered|endure|endured)(?: [a-z0-9]+){0,6}$"
)

_ACTOR = (
    r"(?:i|we|you|one|schools|parents|teachers|employers|companies|businesses|communities|"
    r"society|governments|cities|police|the police|libraries|hospitals|banks|families|"
    r"people|organi[sz]ations|platforms|websites|social media|moderators|councils|"
    r"universities|workplaces|managers|coaches|nurses|doctors|neighbou?rs|friends)"
)
_PREVENT = (
    r"(?:help )?(?:stop|prevent|reduce|fight|combat|tackle|address|recogni[sz]e|spot|detect|"
    r"identify|report|respond to|deal with|cope with|handle|discourage|end|"
    r"protect (?:myself|ourselves|themselves|yourself|children|kids|students|pupils|people|"
    r"employees|customers|users|seniors|the elderly|my (?:family|parents|kids|children|"
    r"grandparents)|our (?:kids|children|students|customers))? ?(?:against|from)|"
    r"avoid (?:being (?:a )?(?:victims? of|targeted by)|falling for|becoming a victim of)|"
    r"raise awareness (?:of|about)|"
    r"talk to (?:my |our |their )?(?:kids|children|students|teens|pupils) about|"
    r"help (?:her|him|them|my \w+) avoid (?:falling for|being targeted by)|"
    r"keep (?:my |our )?(?:kids?|children|teens?|teenager|family|parents) safe from)"
)
_HARM = (
    r"(?:bullying|cyberbullying|harassment|racism|sexism|discrimination|hate crimes?|"
    r"hate speech|abuse|violence|extremism|radicali[sz]ation|terrorism|trafficking|fraud|"
    r"scams?|phishing|identity theft|theft|burglar(?:y|ies)|shoplifting|vandalism|arson|"
    r"malware|ransomware|viruses|hacking|hackers|cyber ?attacks|data breaches|"
    r"misinformation|disinformation|fake news|propaganda|grooming|stalking|self harm|"
    r"suicide|overdoses?|drug abuse|addiction|drunk driving|shootings|sexual assault|rape|"
    r"money laundering|corruption|bribery|insider trading|tax evasion|animal cruelty|"
    r"poaching|counterfeiting|piracy|spam|doxx?ing|sextortion|extortion|blackmail|"
    r"kidnapping|carjacking|pickpocketing|robber(?:y|ies)|muggings?|riots|bigotry|"
    r"antisemitism|islamophobia|homophobia|transphobia|xenophobia|poisoning|"
    r"(?:credit )?card skimming|elder abuse|exploitation|them|these (?:calls|scams|emails|"
    r"messages)|(?:\w+ )?scam calls|sextortion scams)"
)
_PREVENTION = (
    r"^(?:(?:how (?:can|could|do|should|might|would|to|does|is it possible to)|what can|what "
    r"should)(?: (?:a |an |the )?"
    + _ACTOR
    + r")?(?: do to)? "
    + _PREVENT
    # "what are the warning signs of radicalization?", "symptoms of carbon monoxide poisoning"
    + r"|what are (?:the |some )?(?:common |early |typical |main )?(?:warning signs|signs|"
    r"symptoms|red flags) of)"
    + r"(?P<between>(?: [a-z0-9]+){0,3}?) "
    + _HARM
    + r"(?P<rest>(?: [a-z0-9]+){0,6})$"
)
# a means or a method around the harm ("stop bullying by poisoning the bully") ends the frame
_MEANS = frozenset(
    "by using use used with via through make making made build building get getting buy "
    "buying obtain acquire how way ways method methods step steps recipe instructions dose "
    "lethal fatal deadly miss missed overlook overlooked hide hidden mask masked notice noticed "
    "detect detected trace traced".split()
)
# evasion: the prevention frame turned around
_EVASION: Any = re2.compile(
    r"\b(?:without (?:being|getting|anyone)|(?:police|cops|authorities|anyone|them|people) "
    r"(?:from )?(?:finding|noticing|seeing|tracing|catching|knowing)|from (?:the )?(?:police|"
    r"cops|authorities)|untraceable|undetected|unnoticed|anonymously|secretly|get away|"
    r"evidence|witness(?:es)?|caught|(?:catching|detecting|flagging|tracing|noticing|finding|"
    r"stopping|reporting|blocking) (?:me|us|my|our|mine))\b"
)

_NONHUMAN = (
    r"(?:robots?|ghosts?|vampires?|aliens?|unicorns?|dragons?|trees?|clouds?|toasters?|cats?|"
    r"fish|rocks?|stones?|mountains?|rivers?|oceans?|stars?|planets?|the moon|the sun|"
    r"zombies?|werewolves|werewolf|elves|elf|fairies|fairy|goblins?|mermaids?|centaurs?|"
    r"dinosaurs?|penguins?|pigeons?|squirrels?|bananas?|apples?|carrots?|potatoes|potato|"
    r"tomatoes|tomato|vegetables?|plants?|flowers?|chairs?|tables?|cars?|trains?|computers?|"
    r"smartphones?|lamps?|books?|pencils?|teapots?|kettles?|umbrellas?|snowmen|snowman|"
    r"gnomes?|teddy bears?|toys?|dolls?|horses?|cows?|sheep|goats?|ducks?|owls?|bees?|"
    r"frogs?|lizards?|octopuses|octopus|dolphins?|whales?|cartoon characters?|"
    r"video game characters?|ai assistants?|chatbots?|microwaves?|fridges?|sofas?|clocks?)"
)
_NONSENSE = (
    r"^why (?:can t|cannot|can not|couldn t|shouldn t|should|should not|are|aren t|do|don t|"
    r"does|doesn t|is|isn t|were|weren t|won t|will|would|wouldn t)(?: (?:the|all|most|"
    r"some|these|those|purple|green|blue|red|white|black|little|big|old|young|talking))*? "
    + _NONHUMAN
    + r"(?: [a-z0-9]+){1,10}$"
)
_VIOLENT = frozenset(
    "kill killed killing exterminate exterminated shoot shot burn burned hang hanged gas "
    "gassed deport deported die eliminate eliminated destroy destroyed wipe murder murdered "
    "beat beaten hurt punished punish attack attacked lynch lynched drown drowned".split()
)

# "how can I stop my devices from being hijacked", "what are signs that a scammer is targeting
# me": protection of one's own things or people from a named act
_PROTECTION = (
    r"^(?:how (?:can|do|should) (?:i|we|you) |what can (?:i|we) do to )(?:stop|prevent|keep|"
    r"protect)(?: [a-z0-9]+){1,4} (?:from|against) being (?:hacked|hijacked|stolen|breached|"
    r"scammed|phished|tracked|stalked|doxx?ed|targeted|groomed|abused|bullied|harassed)"
    r"(?: [a-z0-9]+){0,4}$"
    r"|^what are (?:the |some )?(?:signs|red flags|warning signs) (?:that|of) (?:a|an|my|someone)"
    r"(?: [a-z0-9]+){0,2} (?:scammer|predator|groomer|abuser|stalker|hacker|catfish|fraudster) "
    r"(?:is|might be) (?:targeting|grooming|stalking|following|tracking|scamming) (?:me|my "
    r"\w+|us|them|him|her)(?: [a-z0-9]+){0,5}$"
)

FRAMES: dict[str, str] = {
    "definition": _DEFINITION,
    "protection": _PROTECTION,
    "history": _HISTORY,
    "prevention": _PREVENTION,
    "nonsense_group": _NONSENSE,
}
_RE: dict[str, Any] = {name: re2.compile(pattern) for name, pattern in FRAMES.items()}

# At least the upper 95% bound of the harmful share, at equal class priors, of the
# training-side texts the frames match (harmful-request training sources against every benign
# training source, the package READMEs and synth_benign_xs's development half;
# benchmarks/signature_rules.py, 2026-11-30: 0 of 4,087 harmful and 54 of 9,520 benign texts
# matched, bound 0.178). tests/detectors/test_benign_frames.py checks it against a fresh
# measurement when ../shared is present. Far under the check's threshold: a match passes.
# The security-work and care frames (benign_security, benign_care) share this cap; with them,
# 2026-12-01: 9 of 4,087 harmful and 951 of 9,602 benign texts in a frame, bound 0.043.
BENIGN_FRAME_SCORE = 0.2


def _clean(words: str, banned: frozenset[str]) -> bool:
    return not banned.intersection(words.split())


def benign_frame(words: Sequence[str], sentences: int = 1) -> str | None:
    """The frame (``definition``, ``history``, ``prevention``, ``nonsense_group``) that the
    lowercased ``words`` of a one-sentence question fall in, or ``None``. ``sentences`` is
    the number of sentences of the text: only a single question is a frame."""
    if sentences != 1 or not 2 <= len(words) <= MAX_WORDS:
        return None
    subject = " ".join(words)
    m = _RE["definition"].search(subject)
    if m is not None and _clean(m.group("subject") or m.group("act") or m.group("word"), _NOT_TERM):
        return "definition"
    m = _RE["history"].search(subject)
    if m is not None and _clean(m.group("event") or m.group("group"), _METHOD):
        return "history"
    m = _RE["prevention"].search(subject)
    if m is not None and not _EVASION.search(subject):
        around = f"{m.group('between')} {m.group('rest')}"
        if _clean(around, _VIOLENT | _MEANS):
            return "prevention"
    if _RE["protection"].search(subject) is not None and not _EVASION.search(subject):
        return "protection"
    if _RE["nonsense_group"].search(subject) is not None and not _VIOLENT.intersection(words):
        return "nonsense_group"
    return more_frames(words, subject)


# a run of sentence marks followed by space and more text, or a line break followed by text;
# RE2 (linear time: a view can be long even when it has few words)
_SENTENCE_END: Any = re2.compile(r"[.!?;:]+\s+\S|\n\s*\S")


def sentence_count(text: str) -> int:
    """Sentences of ``text`` as the frames count them (a line break ends one too)."""
    return len(_SENTENCE_END.findall(text.strip())) + 1


def text_frame(text: str) -> str | None:
    """The frame of a (canonical) text, or ``None``: :func:`benign_frame` of its words,
    with its sentences counted only when it is short enough to be a frame at all."""
    words = tokens(text)
    if len(words) > MAX_WORDS:
        return None
    return benign_frame(words, sentence_count(text))


_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def too_few_words(text: str) -> bool:
    """Whether ``text`` holds fewer than two words of three or more letters and nothing but
    ASCII: too little to ask for a harmful method. On such text ("s", "%s: %s", "Hide",
    "emulated") the ``harmful_request`` model's scores are not its calibrated meaning -- one
    word's weight and its static embedding are not averaged with anything -- and reach 1.0.
    Text in other scripts, where words are not split by spaces, is never "too short"."""
    return len(_LATIN_WORD.findall(text)) < 2 and _NOT_ASCII.search(text) is None
