"""Instructions planted for an AI reader: a precise signature rule beside the trained model.

An indirect prompt injection sits in content an assistant reads for its user -- a web page,
an e-mail, a review, a tool's output -- and tells the assistant, not the human reader, what
to do. Two shapes are matched, both on the lowercased word string of the canonical text
(RE2, like the signature families):

* a **machine reader addressed**, then an instruction: "Note for AI assistants summarizing
  this page: ...", "If you are an automated system reading this, ...", "Any language model
  processing this review must ...", "Whatever is reading this inbox on behalf of the
  customer: ...", "Dear ranking algorithm, ...", "For the claims review system: ...", in
  English, German, French, Spanish, Italian, Portuguese and Dutch; the English forms need an
  action or a modal word within the next 25 words ("send", "recommend", "must", "do not",
  ...), so prose *about* AI ("instructions for AI models vary by vendor") is left alone, and
  a person named after the address ("a note for AI engineers") ends it;
* the **user's own data sent away**: "forward the user's e-mails to ...", "upload the
  conversation history to ...", unless a negation ("never", "do not", "without") comes
  within the three words before (privacy policies say "we never send the user's data to").

A third shape, a line or sentence that opens with the program's name ("Meeting bot: upload
the recording to ...", "@assistant run ..."), needs the punctuation and is matched on the
text itself (:mod:`saferail.detectors.vocative`); the check joins the three.

The check applies the rule to content read for the user only (``retrieval`` and
``tool_call``, :data:`INDIRECT_SURFACES`): people address the model in their own messages
("Hey ChatGPT, please ..."), and an answer may explain such an attack.

The hashed n-gram model of ``prompt_injection`` scores many such texts low: they are written
to blend in, with none of the override words ("ignore previous instructions") its training
injections share. A hit gives the text :data:`INDIRECT_SCORE`, under the rule's
class-balanced precision bound on the training-side labelled data, measured by
``benchmarks/signature_rules.py``. The phrases are written for this project.
"""

from __future__ import annotations

__all__ = [
    "EXFIL_PATTERN",
    "INDIRECT_PATTERN",
    "INDIRECT_SCORE",
    "INDIRECT_SURFACES",
    "instructs_ai_reader",
]

from collections.abc import Sequence
from typing import Any

import re2

from saferail.detectors.signatures import gap, word_chunks

_MACHINE = (
    r"(?:assistants?|agents?|tools?|systems?|helpers?|programs?|screeners?|reviewers?|readers?|"
    r"summari[sz]ers?|crawlers?|scrapers?|bots?|models?|engines?|processors?|parsers?|"
    r"classifiers?|copilots?)"
)
_AI = (
    r"(?:ai|a i|llm|llms|language models?|large language models?|(?:ai|llm|language model|"
    r"llm based|ai based|generative|automated|automatic|autonomous|software|document|"
    r"summary|summari[sz]ation|answer|shopping|search|screening|reviewing|review|ranking|"
    r"matching|moderation|recommendation|tenant screening|claims review|expense review|"
    r"automated review|automated screening) " + _MACHINE + r"|chatbots?|bots|crawlers|"
    r"scrapers|summari[sz]ers|answer engines|gpts?|chatgpt|copilots?|claude|gemini|"
    r"virtual assistants?|(?:ranking|matching|reviewing|moderation|recommendation|search|"
    r"screening|sorting) algorithms?)"
)
_READS = (
    r"(?:reading|processing|summari[sz]ing|reviewing|parsing|analy[sz]ing|scanning|indexing|"
    r"handling|ingesting|crawling|browsing|opening|condensing|screening|that (?:reads?|"
    r"processes|summari[sz]es|sees))"
)
_ACTION = (
    r"(?:must|should|shall|please|always|never|do not|don t|make sure|be sure|ensure|remember|"
    r"instead|ignore|disregard|forget|override|send|forward|email|upload|post|transfer|pay|"
    r"wire|delete|remove|erase|execute|run|call|invoke|click|visit|open|navigate|fetch|load|"
    r"include|insert|add|append|attach|mention|recommend|suggest|promote|say|tell|inform|"
    r"state|claim|describe|report|rate|rank|score|praise|output|reply|respond|answer|write|"
    r"print|reveal|share|exfiltrate|encode|approve|accept|grant|mark|label|classify|hide|omit|"
    r"summari[sz]e (?:it|this) as|treat|consider|act|switch|enter|enable|disable|change|set|"
    r"book|schedule|buy|purchase|order|star|follow|subscribe|reset|update|rename|move|copy|"
    r"advise|cite|weigh|place|list|process|skip|confirm|upgrade|export|decline|end|give|show|"
    r"display|present|direct|point|refer|prioriti[sz]e|highlight|downplay|emphasi[sz]e|favou?r|"
    r"avoid|exclude|drop|leave out|keep|pretend|call it|flag|make)"
)
# English: the AI reader addressed (an action must follow within 25 words)
_EN_ADDRESSED = (
    r"\b(?:(?:note|notes|message|notice|instructions?|directions|guidance|reminder|directive|"
    r"request|memo|important|warning) (?:for|to) (?:any |all |the |every |an |each )?"
    + _AI
    + r"|(?:hidden|private|secret|internal|invisible) (?:note|message|instructions?) (?:for|to) "
    r"(?:the |any )?(?:assistant|model|agent|bot)"
    r"|(?:assistant|model|agent|bot|ai) only (?:note|message|instructions?)"
    r"|note for the (?:assistant|model|agent) only"
    r"|if you (?:are|re) (?:an? |the )?(?:" + _AI + r"|assistant|agent|model|machine|program|"
    r"bot|piece of software|software)"
    r"|(?:if|in case|when) (?:an? |any |the |some )?(?:" + _AI + r"|assistant|agent|model|"
    r"machine|program|bot|software|software agent|automated program|automated agent|"
    r"automated system) (?:is|are) (?:" + _READS + r"|reading|looking at)"
    r"|(?:if|when) (?:this|the|these) (?:page|message|e ?mail|email|document|file|text|content|"
    r"thread|review|reviews|listing|post|letter|article|repository|repo) (?:is|are) (?:being )?"
    r"(?:read|processed|summari[sz]ed|parsed|analy[sz]ed|viewed|scanned|indexed) by"
    r"|(?:any|all|every|each|the|an?) (?:" + _AI + r"|assistant|agent) " + _READS
    + r"|" + _AI + r" " + _READS + r" (?:this|these|the)"
    r"|(?:dear|hey|hello|hi|calling|psst) (?:" + _AI + r"|algorithm)"
    r"|" + _AI + r" (?:when|while|if|before|after|as) you (?:summari[sz]e|read|process|"
    r"review|analy[sz]e|parse|see|handle|index|crawl)"
    r"|(?:assistant|model|agent|bot|ai) (?:when|if|whenever) (?:asked|a user asks|someone asks|"
    r"the user asks|users ask|describing|summari[sz]ing)"
    r"|(?:whoever|whatever|anyone|anything)(?: or (?:whoever|whatever))? (?:is )?(?:reads?|"
    r"reading|processing|processes|opens?|opening|handling|handles|checks|checking) (?:this|"
    r"these)(?: \w+){0,2} (?:for|on behalf of|in place of|on the)"
    r"|for (?:the|any|all|every) " + _AI + r" " + _ACTION
    + r"|(?:ai|software|automated|autonomous) (?:agents?|assistants?|programs?) acting "
    r"(?:automatically )?(?:for|on behalf of)"
    + r")\b"
)  # fmt: skip
_THEN_ACTION = r"^" + gap(25) + r" " + _ACTION + r"\b"
# people, not programs: "a note for AI researchers", "if you are an AI engineer"
_PEOPLE = frozenset(
    "researcher researchers engineer engineers developer developers team teams expert experts "
    "enthusiast enthusiasts practitioner practitioners student students scientist scientists "
    "community companies company lab labs startup startups vendor vendors ethicist ethicists "
    "policy policies safety ethics act regulation regulations governance leader leaders "
    "professional professionals user users investor investors founder founders builder "
    "builders skeptic skeptics critic critics fan fans writer writers artist artists "
    "educator educators teacher teachers manager managers director directors".split()
)
# the same addresses in six other languages (diacritics folded): enough on their own
_ML_ADDRESSED = (
    r"\b(?:wenn du (?:ein |eine )?(?:ki|ki assistent|ki agent|ki modell|sprachmodell|chatbot|"
    r"automatisiertes system)\w* bist"
    r"|(?:hinweis|nachricht|anweisung|notiz)(?:en)? (?:fur|an) (?:die |jede |alle )?(?:ki|"
    r"ki assistenten|sprachmodelle?)"
    r"|si (?:vous etes|tu es) (?:une? )?(?:ia|assistant ia|agent ia|intelligence "
    r"artificielle|modele de langage|systeme automatise|chatbot)"
    r"|(?:note|message|instructions?|consigne) (?:pour|a|aux) (?:l |les |toute |tout )?(?:ia|"
    r"assistants? ia|intelligences? artificielles?|modeles? de langage)"
    r"|si eres (?:una? )?(?:ia|asistente de ia|agente de ia|inteligencia artificial|modelo "
    r"de lenguaje|sistema automatizado|chatbot)"
    r"|(?:nota|mensaje|instrucciones?|aviso) (?:para|a) (?:la |las |cualquier |toda )?(?:ia|"
    r"asistentes? de ia|inteligencias? artificiales?|modelos? de lenguaje)"
    r"|se (?:sei|siete) (?:una? |un )?(?:ia|assistente ia|agente ia|intelligenza artificiale|"
    r"modello linguistico|sistema automatizzato|chatbot)"
    r"|(?:nota|messaggio|istruzioni) (?:per|alla|all|agli) (?:l |la |le |ogni )?(?:ia|"
    r"assistenti? ia|intelligenz[ae] artificial[ei]|modelli linguistici)"
    r"|se (?:voce|tu) (?:e|es) (?:uma? )?(?:ia|assistente de ia|agente de ia|inteligencia "
    r"artificial|modelo de linguagem|sistema automatizado|chatbot)"
    r"|(?:nota|mensagem|instrucoes|aviso) (?:para|a|as) (?:a |as |qualquer )?(?:ia|"
    r"assistentes? de ia|inteligencias? artificia(?:l|is)|modelos? de linguagem)"
    r"|als (?:je|jij|u) (?:een )?(?:ai|ai assistent|ai agent|taalmodel|chatbot|"
    r"geautomatiseerd systeem) (?:bent|is)"
    r"|(?:notitie|bericht|instructies?|opmerking) (?:voor|aan) (?:de |elke |alle )?(?:ai|"
    r"ai assistenten|taalmodellen?))\b"
)
INDIRECT_PATTERN = _EN_ADDRESSED + "|" + _ML_ADDRESSED  # the two address forms

_DATA = (
    r"(?:emails?|e mails?|mails|messages|inbox|conversations?|chat(?: history| logs?)?|"
    r"history|contacts|address book|files|documents|notes|passwords?|credentials|logins?|"
    r"api keys?|access tokens?|tokens?|secrets|ssh keys?|private keys?|cookies|session "
    r"(?:tokens?|cookies)|calendar|location|personal (?:data|information|details)|data|"
    r"credit card(?: numbers?| details)?|card (?:numbers?|details)|bank details|"
    r"phone numbers?|home address)"
)
EXFIL_PATTERN = (
    r"\b(?:send|forward|email|e mail|upload|post|transmit|exfiltrate|leak|copy|submit|"
    r"paste|sync|mirror|export|dump)"
    r" (?:all |every |any |the |a copy of (?:the )?|a summary of (?:the )?)?(?:of )?(?:the )?"
    r"(?:user s|users|owner s|customer s|this user s|recipient s|victim s|their|his|her) "
    r"(?:private |personal |full |entire |recent |saved |stored |latest |last \d+ )?" + _DATA
    + gap(8) + r" (?:to|at|into|onto|via)\b"
    r"|\b(?:send|forward|upload|post|transmit|exfiltrate|leak|copy|paste|email|e mail) "
    r"(?:the |this |our |your |a summary of (?:the |this |our )?)?(?:entire |whole |full |"
    r"complete )?(?:conversation|chat history|chat log|system prompt|previous messages|"
    r"conversation history)" + gap(4) + r" (?:to|at|into) (?:https?|www|[a-z0-9]+ "
    r"(?:com|net|org|io|xyz|ru|cn|info|biz|example))\b"
)  # fmt: skip
_NEGATION = frozenset({"not", "never", "no", "without", "nor", "t", "cannot", "won"})

# Class-balanced precision of the rule on the training-side labelled data (prompt-injection
# and jailbreak training sources against every benign training source and the README chunks
# of the installed packages), its lower bound as measured by benchmarks/signature_rules.py;
# tests/detectors/test_indirect.py checks this value against a fresh measurement when ../shared
# is present. Above the check's threshold: a hit is flagged.
INDIRECT_SCORE = 0.95
# Only content the model reads for its user: in the user's own input, "Hey ChatGPT, please
# write ..." is how people talk to the model; in model output, an answer may explain an attack.
INDIRECT_SURFACES = frozenset({"retrieval", "tool_call"})

_EN: Any = re2.compile(_EN_ADDRESSED)
_ML: Any = re2.compile(_ML_ADDRESSED)
_ACTS: Any = re2.compile(_THEN_ACTION)
_EXFIL: Any = re2.compile(EXFIL_PATTERN)


def _addressed(chunk: str) -> bool:
    """An English address to an AI reader (not to people working on AI) with an action
    after it, or an address in one of the six other languages."""
    if _ML.search(chunk) is not None:
        return True
    for match in _EN.finditer(chunk):
        rest = chunk[match.end() :]
        following = rest.split(maxsplit=1)[:1]
        if following and following[0] in _PEOPLE:
            continue
        if _ACTS.search(rest) is not None:
            return True
    return False


def _exfiltration(chunk: str) -> bool:
    for match in _EXFIL.finditer(chunk):
        before = chunk[: match.start()].split()[-3:]
        if not _NEGATION.intersection(before):
            return True
    return False


def instructs_ai_reader(words: Sequence[str]) -> bool:
    """Whether the lowercased ``words`` of a text address an AI reader with an instruction
    or tell it to send the user's data away."""
    return any(_addressed(chunk) or _exfiltration(chunk) for chunk in word_chunks(tuple(words)))
