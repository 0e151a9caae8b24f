"""Abuse in eight languages: a signature rule beside the ``toxicity`` model.

The ``toxicity`` model learned English data sets (Jigsaw identity templates, ToxiGen,
RealToxicityPrompts). It misses abuse in other languages almost entirely ("Du bist ein
wertloser Idiot" scores 0.14 against a threshold of 0.46), and in English it misses plain
threats and incitement to self-harm, which its data holds few of. The rule finds four forms
of abuse aimed at a person in English, German, French, Spanish, Italian, Dutch, Polish and
Portuguese (:mod:`saferail.detectors.abuse_lexicon`): threats of violence, telling someone to
kill or hurt themselves, obscenities aimed at the reader, and the reader called an insult.

A text that reports or asks about abuse is not matched by the rule (the model still scores
it): "my boss called me an idiot, what do I do?", "que veut dire 'connard' ?", "mi ha detto
'ammazzati', cosa faccio?". Its cues are phrases of reporting ("called me", "told me to",
"hat mich ... genannt", "me llamó", "nazwał mnie") and of asking what a word means.

Matched like the other rules (RE2 on the folded word string of the canonical text, so
homoglyphs and zero-width splits do not hide a phrase). A hit gives the text the score
:data:`ABUSE_RULE_SCORE`, at most the rule's class-balanced precision on the training-side
labelled data (lower 95% bound, ``benchmarks/signature_rules.py``). Written for this project.
"""

from __future__ import annotations

__all__ = [
    "ABUSE_PATTERN",
    "ABUSE_RULE_SCORE",
    "REPORT_PATTERN",
    "ToxicityParams",
    "abuse",
    "unquoted",
]

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from saferail.detectors.abuse_groups import GROUP_HATE
from saferail.detectors.abuse_insults import INSULTS, OBSCENE
from saferail.detectors.abuse_lexicon import SELF_HARM, SELF_HARM_MORE, THREATS, THREATS_MORE
from saferail.detectors.features import rule_tokens, tokenize
from saferail.detectors.signatures import compile_large, fold, search_words

ABUSE_PATTERN = "|".join(
    f"(?:{p})"
    for p in (THREATS, THREATS_MORE, SELF_HARM, SELF_HARM_MORE, OBSCENE, INSULTS, GROUP_HATE)
)

# fmt: off
REPORT_PATTERN = "|".join((
    # English: abuse received and reported, a word asked about
    r"\b(?:called|calls|call|calling) (?:me|us|my (?:son|daughter|kid|child|wife|husband|friend|"
    r"mom|mother|dad|father|sister|brother|partner|colleague))\b",
    r"\b(?:told|tells|telling|tell) (?:me|us|him|her|my \w+) to\b",
    r"\b(?:said|says|saying|wrote|writes|texted|messaged|sent|posted|commented|yelled|screamed|"
    r"shouted|keeps saying) (?:to |at )?(?:me|us|under my|on my|in my)\b",
    r"\b(?:got|was|were|been|being|get|am) (?:called|told to|threatened|insulted)\b",
    r"\bwhat (?:does|do|did) (?:the (?:word|phrase|term|slang) )?\w+(?: \w+){0,3} mean\b",
    r"\b(?:meaning|origin|etymology|translation) of\b|\bhow (?:do|should|can) i (?:respond|react|"
    r"reply|report|deal with|handle)\b",
    # German
    r"\bhat (?:mich|uns|meinen|meine) \w+(?: \w+){0,3} genannt\b|\b(?:nennt|nannte) (?:mich|uns)\b",
    r"\b(?:hat|haben) (?:mir|uns) (?:gesagt|geschrieben|geschickt|gedroht)\b",
    r"\b(?:sagte|schrieb|schreibt|sagt|droht|drohte) (?:zu )?(?:mir|uns)\b",
    r"\bwas (?:bedeutet|heisst|heißt|meint man mit)\b|\b(?:beschimpft|bedroht) (?:mich|uns)\b",
    r"\bwurde (?:ich|als)\b",
    # French
    r"\bm a (?:traite|traitee|dit|ecrit|insulte|insultee|menace|menacee|envoye)\b",
    r"\b(?:me|nous) (?:traite|traitent|insulte|insultent|menace|menacent|dit|ecrit)\b",
    r"\b(?:que veut dire|qu est ce que veut dire|ca veut dire quoi|veut dire quoi|signifie)\b",
    # Spanish
    r"\bme (?:llamo|llama|llamaron|dijo|dijeron|dice|escribio|escribieron|insulto|insulta|"
    r"insultaron|mando|amenazo|amenaza)\b",
    r"\bque (?:significa|quiere decir)\b|\bsignificado de\b",
    # Italian
    r"\bmi (?:ha|hanno) (?:chiamato|chiamata|detto|scritto|insultato|insultata|minacciato|"
    r"minacciata|dato del|dato della|mandato)\b",
    r"\bmi (?:chiama|chiamano|dice|dicono|scrive|insulta|insultano|minaccia|da del|da della)\b",
    r"\b(?:cosa|che) (?:significa|vuol dire)\b",
    # Dutch
    r"\b(?:noemde|noemt|noemden) (?:me|mij|ons)\b|\b(?:zei|zegt|schreef|stuurde|appte) "
    r"(?:tegen )?(?:me|mij|ons)\b",
    r"\b(?:schold|scheldt|schelden) (?:me|mij|ons) uit\b|\bwat betekent\b",
    # Polish
    r"\b(?:nazwal|nazwał|nazwala|nazwała|nazywa|nazywaja|nazywają) (?:mnie|nas)\b",
    r"\b(?:powiedzial|powiedział|powiedziala|powiedziała|napisal|napisał|napisala|napisała|"
    r"pisze) (?:mi|nam|do mnie)\b",
    r"\b(?:wyzywa|wyzwal|wyzwał|wyzwala|wyzwała|grozi|grozil|groził) (?:mnie|nas|mi)\b",
    r"\bco (?:znaczy|oznacza)\b",
    # Portuguese
    r"\bme (?:chamou|chama|chamaram|disse|disseram|mandou|escreveu|xingou|xinga|xingaram|"
    r"ameacou|ameaca)\b",
    r"\bo que (?:significa|quer dizer)\b",
    # every language: what to do about it, and talk about words (a moderator, a translator)
    r"\b(?:should i|how do i report|how can i report|how to report|what do i do|what should i do|"
    r"call the police|report (?:it|them|this|him|her)|screenshot|the word|the term|list of|"
    r"filter|flagged|difference between|how offensive|slur|translate|moderator|the expression)\b",
    r"\b(?:soll ich|was jetzt|was soll ich|wie melde ich|polizei|anzeige erstatten|screenshot|"
    r"das wort|der begriff|den begriff|liste|filter|beleidigung|ubersetzen|unterschied zwischen|"
    r"hab dich lieb|hab euch lieb)\b",
    r"\b(?:le signaler|comment signaler|je dois|dois je|porter plainte|police|capture d ecran|"
    r"que faire|le mot|le terme|liste|filtre|insulte|traduire|difference entre|je t aime)\b",
    r"\b(?:como lo reporto|como reportar|denuncio|denunciar|policia|que hago|captura|"
    r"la palabra|el termino|lista|filtro|insulto|traducir|diferencia entre|te quiero)\b",
    r"\b(?:come lo segnalo|segnalare|denunciare|polizia|cosa faccio|screenshot|la parola|"
    r"il termine|lista|filtro|insulto|tradurre|differenza tra|ti voglio bene)\b",
    r"\b(?:hoe rapporteer|rapporteren|melden|politie|aangifte|wat moet ik|screenshot|"
    r"het woord|de term|lijst|filter|scheldwoord|belediging|vertalen|verschil tussen|"
    r"moderator|hou van je)\b",
    r"\b(?:jak zglosic|jak zgłosić|zglosic|zgłosić|policj\w*|co mam zrobic|co mam zrobić|"
    r"zrzut ekranu|lista|liscie|liście|filtr|obelga|obelgi|przet[lł]umaczyc|wyrazenie|"
    r"roznica|różnica|kocham cie|kocham cię)\b",
    r"\b(?:como denuncio|denunciar|policia|o que eu faco|o que eu faço|print|a palavra|o termo|"
    r"lista|filtro|insulto|xingamento|traduzir|diferenca|diferença|te amo|expressao)\b",
))
# fmt: on

# Class-balanced precision of the rule on the training-side labelled data (toxicity training
# sources against every benign training source of the four detectors and the README chunks of
# the installed packages), its lower 95% bound as measured by benchmarks/signature_rules.py
# (2026-12-01: 10 of 1,811 toxic training texts, 2 of 10,014 benign ones; precision 0.965,
# lower bound 0.805). The English training data holds few of the rule's forms; the eight
# languages' development set is in the model card. Above the check's threshold (0.46): a hit
# is flagged.
ABUSE_RULE_SCORE = 0.8

# folded as the text is (diacritics removed; "ł" and "ß" kept), so a phrase written with its
# diacritics ("pożałujesz", "zgłosić") matches the text it appears in
_ABUSE: Any = compile_large(fold(ABUSE_PATTERN))
_REPORT: Any = compile_large(fold(REPORT_PATTERN))


class ToxicityParams(BaseModel):
    """Parameters of the ``toxicity`` check."""

    model_config = ConfigDict(extra="forbid")

    abuse_rule: bool = Field(
        False,
        description="Also flag abuse aimed at a person in English, German, French, Spanish, "
        "Italian, Dutch, Polish and Portuguese with the abuse rule (the model knows English "
        "only; more found, more false alarms on reports of abuse; see "
        "saferail.detectors.abuse).",
    )


# a quoted passage: straight, curly, low-9 and angle quotes; a single quote opens only after
# a space or punctuation, so the apostrophes of "t'es", "don't", "qu'un" open nothing
_QUOTED = re.compile(
    r"(?:^|(?<=[\s(\[:,]))(?:'[^'\n]{1,200}'|\u2018[^\u2019\n]{1,200}\u2019"
    r'|"[^"\n]{1,200}"|\u201c[^\u201d\n]{1,200}\u201d'
    r"|\u201e[^\u201c\u201d\n]{1,200}[\u201c\u201d]"
    r"|\u00ab[^\u00bb\n]{1,200}\u00bb|\u201a[^\u2018\u2019\n]{1,200}[\u2018\u2019])"
)
_MIN_UNQUOTED_WORDS = 3
_QUOTE_MARKS = "'\"\u2018\u201c\u201e\u00ab\u201a"  # the opening marks of _QUOTED


def unquoted(text: str) -> str:
    """``text`` without its quoted passages when at least three words remain outside them
    (a report or a question about what someone wrote); a message that is mostly a quote is
    kept whole."""
    if not any(mark in text for mark in _QUOTE_MARKS):
        return text  # the common case: the text itself, so its cached words are reused
    rest = _QUOTED.sub(" ", text)
    if rest == text or len(tokenize(rest)) < _MIN_UNQUOTED_WORDS:
        return text
    return rest


def abuse(text: str) -> bool:
    """Whether ``text`` abuses a person (threat, incitement to self-harm, obscenity, insult or
    dehumanizing generalization aimed at them) outside quotation marks, without reporting or
    asking about abuse."""
    words = rule_tokens(unquoted(text))
    return search_words(_ABUSE, words) and not search_words(_REPORT, words)
