"""Cheap first-layer signatures for the detector models.

Each signature family is a short RE2 pattern (linear time, no backtracking) matched on the
*word string* of a text: its lowercased words (see :func:`saferail.detectors.features.tokenize`)
joined by single spaces, so punctuation, case and spacing tricks do not matter and the
canonicalizer has already undone homoglyphs, zero-width splits and encodings. Hits become
extra features of the hashed vector (``sig:<family>`` with a fixed value), so every model
learns how much each family is worth to it instead of trusting a hand-set score.

``many_shot`` counts dialogue-turn markers (``User:``, ``Assistant:``, ``Q:``, ...) at line
starts of the text itself, since it needs the line structure.

Each family also holds phrases in German, French, Spanish, Italian, Portuguese and Dutch
(:mod:`saferail.detectors.signatures_ml`), matched on the word string with diacritics
folded. The phrase lists are written for this project.
"""

from __future__ import annotations

__all__ = [
    "FAMILIES",
    "MANY_SHOT_MIN_TURNS",
    "PATTERNS",
    "WORD_REST",
    "CounteredForm",
    "alt",
    "any_words",
    "compile_large",
    "fold",
    "gap",
    "search_words",
    "signature_hits",
    "word_chunks",
]

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import re2

from saferail.detectors.signatures_ml import MULTILINGUAL

_W = r"(?: [a-z0-9]+){0,%d}"  # up to N arbitrary words


def gap(n: int) -> str:
    """RE2 for up to ``n`` arbitrary words on the word string (between two phrase parts)."""
    return _W % n


# the rest of a word in any script (RE2's ``\w`` knows ASCII letters only)
WORD_REST = "[^ ]*"


def any_words(n: int) -> str:
    """RE2 for up to ``n`` whole words in any script (``gap`` knows ASCII words only)."""
    return "(?: [^ ]+){0," + str(n) + "}"


def alt(*phrases: str) -> str:
    """RE2 group of the ``phrases``, each one alternative or ``|``-separated ones."""
    return "(?:" + "|".join(phrases) + ")"


def compile_large(pattern: str) -> Any:
    """``pattern`` compiled by RE2 with a 64 MB automaton budget: the joined phrase lists of
    the checks' rules outgrow the default 8 MB."""
    options = re2.Options()
    options.max_mem = 64 << 20
    return re2.compile(pattern, options)


class CounteredForm:
    """A form of the hazard rule: its phrase lists (joined) match a folded word string and
    none of its ``COUNTER`` phrases does. Call it on one chunk of a text."""

    __slots__ = ("_counter", "_forms")

    def __init__(self, forms: Sequence[str], counter: str) -> None:
        self._forms: Any = compile_large("|".join(f"(?:{p})" for p in forms))
        self._counter: Any = compile_large(counter)

    def __call__(self, subject: str) -> bool:
        return self._forms.search(subject) is not None and self._counter.search(subject) is None


_PREV = r"(?:previous|prior|above|earlier|preceding|former|initial|original|old|all|any|your|the|these|those|system|developer)"  # noqa: E501
_RULES = r"(?:instructions?|prompts?|rules|directions?|guidelines?|directives?|commands?|constraints|context|orders|programming|policies|messages?|restrictions|text)"  # noqa: E501

PATTERNS: dict[str, str] = {
    # "ignore all previous instructions", "forget everything you were told", "new rules:"
    "override": (
        r"\b(?:ignore|disregard|forget|override|overwrite|bypass|skip|drop|abandon|neglect|"
        r"discard|nevermind|never mind|stop following|do not follow|don t follow)\b"
        + gap(3)
        + r" (?:"
        + _PREV
        + gap(3)
        + r" "
        + _RULES
        + r"|everything|what you were told|what i said|that)\b"
        r"|\b(?:new|updated|real|actual|secret|hidden|additional) (?:instructions?|task|rules|"
        r"directives?|orders)\b"
        r"|\bfrom now on\b|\binstead of (?:that|the above|answering|summari[sz]ing)\b"
        r"|\b(?:ignore|disregard) (?:the )?(?:user|user s (?:request|question|instructions?)|"
        r"(?:original|actual|real|current) (?:task|request|question))\b"
        r"|\b(?:your|the) (?:previous|prior|initial|original) (?:instructions?|rules|"
        r"guidelines) (?:are|were|is) (?:void|cancell?ed|null|obsolete|revoked|no longer)\b"
    ),
    # requests to print or leak the system / hidden prompt
    "exfiltration": (
        r"\b(?:reveal|print|show|repeat|output|display|leak|disclose|tell me|write out|"
        r"spell out|dump|share|give me|what (?:is|are|was|were))\b"
        + gap(3)
        + r" (?:system|initial|hidden|secret|original|internal|developer|confidential|"
        r"pre ?prompt) ?(?:prompt|instructions?|message|rules|configuration|guidelines)\b"
        r"|\b(?:repeat|print|output) (?:the |all )?(?:words|text|everything) (?:above|before)\b"
        r"|\b(?:your|the) (?:prompt|instructions?) (?:above|verbatim)\b"
    ),
    # personas and role play: "act as", "pretend to be", "you are now", "stay in character"
    "persona": (
        r"\b(?:act as|acting as|pretend (?:to be|you are|that you are)|role ?play|roleplay|"
        r"play the role|take on the role|simulate|impersonate|you are now|you will now be|"
        r"you re now|from now on you are|imagine you are|assume the (?:role|persona)|"
        r"stay in character|break character|in character|persona)\b"
    ),
    # named jailbreak modes and unrestricted-AI framing
    "unrestricted": (
        r"\b(?:dan|do anything now|developer mode|dev mode|god mode|jailbreak|jailbroken|"
        r"jail broken|unfiltered|uncensored|unrestricted|unlimited ai|evil (?:ai|bot|"
        r"assistant|confidant)|anti dan|mongo tom|betterdan|no limits|"
        r"no restrictions|no filters?|no censorship|without (?:any )?(?:restrictions|limits|"
        r"limitations|filters?|censorship|boundaries)|free from (?:all )?(?:restrictions|"
        r"rules|limitations)|broken free|not bound by|not restricted by|"
        r"(?:openai|content|usage) polic(?:y|ies))\b"
    ),
    # refusal suppression and ethics removal
    "refusal_suppression": (
        r"\b(?:never|not|don t|do not|cannot|can t|won t|will not|must not|mustn t)"
        + gap(2)
        + r" (?:refuse|decline|reject|apologi[sz]e|warn|censor|say (?:no|sorry|that you can t|"
        r"i m sorry|you cannot)|add (?:any )?(?:warnings?|disclaimers?|notes?))\b"
        r"|\b(?:no|without|ignore|ignoring|regardless of|free of) (?:any |all |the )?"
        r"(?:moral|morals|morality|ethical|ethics|legal|safety) ?(?:guidelines|restrictions|"
        r"constraints|concerns|considerations|boundaries|principles|implications|filters?)?\b"
        r"|\b(?:always|must) (?:answer|respond|comply|obey)\b"
    ),
    # hypothetical and fictional framing of the request
    "hypothetical": (
        r"\b(?:hypothetical(?:ly)?|in a fictional (?:world|universe|setting)|purely fictional|"
        r"for (?:educational|research) purposes only|just for fun|thought experiment|"
        r"imagine a (?:world|scenario)|alternate (?:universe|reality)|opposite day|"
        r"write a story where|two responses|two different responses|dual responses)\b"
    ),
    # text addressed to the model inside a document, fake system markers, delimiters
    "addressed_to_ai": (
        r"\b(?:ai|assistant|chatbot|llm|language model|gpt|chatgpt|model|bot)"
        + r" (?:must|should|shall|will now|has to|needs to|is instructed to|please)\b"
        r"|\b(?:important|urgent|attention|note) (?:instructions?|message|note|notice)? ?"
        r"(?:for|to) (?:the )?(?:ai|assistant|model|llm|chatbot|bot|system)\b"
        r"|\b(?:system|admin|administrator|developer|root) (?:override|message|instruction|"
        r"prompt|note|command|mode)\b"
        r"|\bim start\b|\bim end\b|\bend of (?:document|context|email|input|text|data)\b"
        r"|\b(?:ai|assistant|chatbot|llm|model|bot|copilot|gpt|chatgpt)s? (?:when|while|if|"
        r"before|after|as) you (?:summari[sz]e|read|process|answer|reply|respond|review|"
        r"translate|analy[sz]e|parse|see)\b"
        r"|\b(?:any|all|every) (?:ai|llm|assistant|model|language model|chatbot|agent)s? "
        r"(?:reading|processing|summari[sz]ing|reviewing|parsing|that reads)\b"
    ),
    # tasks injected into retrieved text: send, post, click, output a given string
    "payload": (
        r"\b(?:send|forward|email|post|upload|transmit|exfiltrate|leak)\b"
        + gap(4)
        + r" (?:to|at) (?:https?|www|this|the following|my|attacker)\b"
        r"|\b(?:tell|instruct|ask|advise|remind) the (?:user|reader|customer|recipient) to "
        r"(?:pay|transfer|wire|send (?:money|funds|the payment)|deposit|enter (?:their|his|her|"
        r"your) (?:password|credentials|card|pin)|log ?in at|visit https?)\b"
        r"|\b(?:say|print|output|respond|reply|answer|write)"
        + gap(3)
        + r" (?:pwned|hacked|hacked by|i have been)\b"
        r"|\b(?:click|visit|go to|open) (?:this|the|my|following) (?:link|url|site|website|"
        r"page)\b"
    ),
    # hazard vocabulary (weapons, drugs, cyber-crime, violence, fraud); combined by the model
    # with the request wording, it separates "how to make X" for dangerous X from benign X
    "hazard_terms": (
        r"\b(?:bomb|bombs|explosives?|detonat\w*|grenade|napalm|nerve agent|sarin|ricin|"
        r"anthrax|botulinum|bioweapons?|chemical weapons?|nuclear weapons?|dirty bomb|"
        r"uranium enrich\w*|firearms?|ghost gun|untraceable|silencer|ammunition|"
        r"meth|methamphetamine|fentanyl|cocaine|heroin|lsd|mdma|synthesi[sz]e|precursors?|"
        r"malware|ransomware|keylogger|botnet|ddos|rootkit|trojan|spyware|phishing|"
        r"credit card numbers|stolen|steal|stealing|launder\w*|counterfeit|forged?|fraud\w*|"
        r"scam\w*|extort\w*|blackmail|bribe|smuggl\w*|traffick\w*|kidnap\w*|murder\w*|"
        r"assassinat\w*|poison\w*|torture|massacre|terroris\w*|shooting|stab\w*|"
        r"arson|suicide|self harm|evade (?:the )?(?:police|law|taxes|detection)|"
        r"without (?:getting )?(?:caught|detected)|dox\w*|stalk\w*|harass\w*|"
        r"hack(?:ing)? into|break into|bypass (?:security|authentication|the law))\b"
    ),
}

for _family, _phrases in MULTILINGUAL.items():
    PATTERNS[_family] = PATTERNS[_family] + "|" + _phrases

FAMILIES: tuple[str, ...] = (*PATTERNS, "many_shot")
MANY_SHOT_MIN_TURNS = 6
_NAMES = tuple(PATTERNS)


def _compile_set() -> Any:
    """All families in one RE2 set: a single linear pass reports every family that matches."""
    rset = re2.Set.SearchSet(re2.Options())
    for src in PATTERNS.values():
        rset.Add(src)
    rset.Compile()
    return rset


_SET: Any = _compile_set()
_TURN_RE: Any = re2.compile(
    r"(?im)^[ \t>*#-]*(?:user|human|assistant|ai|bot|gpt|chatgpt|model|q|a|question|answer)"
    r"[ \t]*:"
)
_CHUNK = 20_000  # characters of the word string per RE2 scan (bounds one search's cost)
_OVERLAP = 2_000  # characters neighbouring chunks share: more than any family or rule spans


def fold(subject: str) -> str:
    """``subject`` without diacritics (the multilingual phrases are written unaccented); the
    Turkish dotless i, a letter of its own rather than a marked one, is folded to "i" too
    (the canonical text keeps it in some words and not in others)."""
    if subject.isascii():
        return subject
    decomposed = unicodedata.normalize("NFKD", subject).replace("ı", "i")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=512)
def word_chunks(words: tuple[str, ...]) -> tuple[str, ...]:
    """The folded word string the families and the checks' rules are matched on: ``words``
    joined by spaces, diacritics removed, cut into chunks of at most ``_CHUNK`` characters
    that start and end at word boundaries and overlap by ``_OVERLAP`` (so a phrase is whole
    in some chunk wherever it sits in a long text). Cached: the signature families and the
    rules of one text share it."""
    whole = fold(" ".join(words))
    chunks: list[str] = []
    start = 0
    while len(whole) - start > _CHUNK:
        end = whole.rfind(" ", start + _CHUNK // 2, start + _CHUNK)
        end = start + _CHUNK if end < 0 else end
        chunks.append(whole[start:end])
        after = whole.find(" ", end - _OVERLAP, end)  # the next chunk starts at a word
        start = (end if after < 0 else after) + 1
    chunks.append(whole[start:])
    return tuple(chunks)


def search_words(pattern: Any, words: Sequence[str]) -> bool:
    """Whether the compiled RE2 ``pattern`` matches the folded word string of ``words`` (in
    some chunk of :func:`word_chunks`): how the checks' signature rules are matched."""
    return any(pattern.search(chunk) is not None for chunk in word_chunks(tuple(words)))


def signature_hits(words: Sequence[str], text: str | None = None) -> list[str]:
    """Names of the signature families found in ``words`` (and many-shot turns in ``text``)."""
    found: set[int] = set()
    for chunk in word_chunks(tuple(words)):
        found.update(_SET.Match(chunk) or ())
    hits = [_NAMES[i] for i in sorted(found)]
    if text is not None and text.count(":") >= MANY_SHOT_MIN_TURNS:
        for turns, _ in enumerate(_TURN_RE.finditer(text), start=1):
            if turns >= MANY_SHOT_MIN_TURNS:
                hits.append("many_shot")
                break
    return hits
