"""Everyday role prompts: a precise benign rule beside the ``jailbreak`` model.

People paste role prompts from prompt libraries into assistants every day: "I want you to
act as a SQL console. I will type queries and you will reply with the rows ...". They share
the wording of persona jailbreaks ("act as", "you are now", "only reply with", "stay in this
role"), so the ``jailbreak`` model flagged about a quarter of them. What a persona jailbreak
adds to a role prompt is almost always one of three things, and this rule looks for their
absence:

* a jailbreak signature beyond the persona itself (a "from now on" opener aside) -- rule
  removal, refusal suppression,
  unrestricted modes, fake system markers, hazard vocabulary, many-shot dialogue (every
  family of :mod:`saferail.detectors.signatures` except ``persona``);
* talk about the assistant as an AI or about its limits: "ChatGPT", "language model",
  "filters", "policy", "guidelines", "programmed", "censored";
* talk about ethics, law, harm or offence, an "opposite" / "switch" / "mode" twist, or a
  promise of unconditional compliance ("answers anything I ask, no matter what").

A text that opens by giving the assistant a role (:data:`ROLE_OPENER`: "I want you to act
as", "you are now", "pretend to be", "your role is", "from now on you are", ...), has at most
:data:`MAX_WORDS` words and shows none of the above has its ``jailbreak`` score capped at
:data:`ROLE_FRAME_SCORE`, under the check's threshold. The cap is at least the upper 95% bound
of the jailbreak share, at equal class priors, of the training-side texts the rule matches
(``benchmarks/signature_rules.py``). ``prompt_injection`` does not use the rule: its
training data (deepset) counts a role change such as "I want you to act as a linux
terminal" as an injection, and in a retrieved document or tool output a role assignment is
one. A persona jailbreak written as an everyday role prompt, with none of the words above,
is capped too: ``harmful_request`` beside it judges the request itself. Matched on the word
string of the canonical text (RE2, lowercased words), so a payload decoded from a role
prompt is judged on its own. The lists are written for this project, in English.
"""

from __future__ import annotations

__all__ = ["MAX_WORDS", "ROLE_FRAME_SCORE", "ROLE_OPENER", "role_frame", "text_role_frame"]

from collections.abc import Sequence

import re2

from saferail.detectors.features import tokens
from saferail.detectors.signatures import signature_hits

ROLE_FRAME_SCORE = 0.25
MAX_WORDS = 200

# how a role prompt opens: an optional greeting and request, then the role assignment
ROLE_OPENER = (
    r"^(?:(?:hi|hello|hey|ok|okay|please|so|now) )?"
    r"(?:(?:i want you to|i d like you to|i would like you to|i need you to|can you|"
    r"could you|you will|you shall|you re going to|you are going to|"
    r"for this (?:session|chat|conversation)|in this (?:session|chat|conversation)|today) )?"
    r"(?:please )?"
    r"(?:act (?:as|like)|play (?:the (?:role|part) of|a|an)|be (?:a|an|my|the)|serve as|"
    r"behave (?:as|like)|take (?:on )?the (?:role|part) of|assume the (?:role|part) of|"
    r"pretend to be|work as|become|you are|you re|"
    r"your role (?:in this (?:conversation|chat|session) )?is|"
    r"from now on (?:you are|you re|act as)|imagine you are)\b"
)
_OPENER = re2.compile(ROLE_OPENER)

# the assistant as an AI or its limits; ethics, law, harm and offence; twists
_EXCLUDED_WORDS = frozenset(
    """
    ai ais chatgpt gpt gpt4 gpt3 openai bing bard claude gemini llm llms chatbot bot antigpt
    opposite switch mode modes jailbreak jailbroken
    ethics ethical ethically unethical moral morals morality immoral amoral
    legal illegal illegally law laws lawless
    swear swearing swears curse cursing profanity profane vulgar
    programmed programming filter filters filtered unfiltered censor censored censorship
    uncensored restriction restrictions restricted unrestricted limitation limitations
    guideline guidelines policy policies rule rules
    evil offensive explicit nsfw rude insult insults insulting harmful harm dangerous
    """.split()
)
_EXCLUDED_PHRASES = re2.compile(
    r"\b(?:language model|as an a i|no longer bound|free to"
    # unconditional compliance: "answers anything I ask, no matter what, without hesitation"
    r"|no matter (?:what|how)|regardless|(?:anything|everything|whatever) i (?:ask|say|want)"
    r"|any (?:question|request)s?|without (?:hesitation|question|questioning|exception)"
    r"|never (?:says?|saying) no|never (?:refuses?|refusing|declines?|declining)"
    r"|always (?:answers?|answering|complies|complying|obeys|obeying)"
    r"|hold(?:s|ing)? (?:anything )?back|no (?:obligations?|boundaries|limits))\b"
)


def role_frame(words: Sequence[str], text: str | None = None) -> bool:
    """Whether lowercased canonical ``words`` (``text``: the canonical text, for the
    many-shot signature) are an everyday role prompt (see the module docstring)."""
    if not words or len(words) > MAX_WORDS:
        return False
    joined = " ".join(words)
    if _OPENER.search(joined) is None:
        return False
    if not _EXCLUDED_WORDS.isdisjoint(words) or _EXCLUDED_PHRASES.search(joined):
        return False
    hits = set(signature_hits(words, text))
    if "override" in hits and "from now on" in joined:
        # "from now on you are a travel guide": the opener alone is no override
        rest = joined.replace("from now on", " ").split()
        hits = set(signature_hits(rest, text))
    return hits <= {"persona"}


def text_role_frame(text: str) -> bool:
    """:func:`role_frame` of a canonical text."""
    return role_frame(tokens(text), text)
