"""The four trained detector checks: prompt injection, jailbreak, harmful request, toxicity.

Each check scores every view of the input (the canonical text and each decoded hidden
payload, so base64- or tag-smuggled attacks are seen) with its bundled calibrated model and
reports the highest-probability view: the whole original text for the main view, the
payload's original span for a decoded view. A model trained with windows (its metadata says
``windowed``) also scores overlapping word windows of long texts and keeps the max:
``prompt_injection`` on non-input surfaces (retrieval, tool output, model output:
instructions hidden in retrieved documents), ``harmful_request`` on its input surface too
(``windowed_input``: a harmful request after a long pasted passage); the window size is
stored with the model. Three checks have a signature rule beside their model, whose measured
precision a matching text scores when the model scores it lower: ``prompt_injection`` for
requests for the model's own instructions (:mod:`saferail.detectors.extraction`),
``harmful_request`` for explicit requests for a harmful method
(:mod:`saferail.detectors.hazard`), ``jailbreak`` for named jailbreak techniques
(:mod:`saferail.detectors.techniques`) and for jailbreak wording around a request
(:mod:`saferail.detectors.wrappers`). Two have a benign rule that caps the model's score:
``harmful_request`` for short questions about a harm (:mod:`saferail.detectors.benign_frames`),
``jailbreak`` for everyday role prompts (:mod:`saferail.detectors.role_frames`).
``default_threshold`` is the threshold chosen at training time for the check's target
false-positive rate on out-of-source benign data (stored in the artifact, read on first use).

``harmful_request`` findings carry a hazard subcategory in ``entity_type`` (see
:data:`HAZARD_TAXONOMY`), assigned by a small keyword signature table on flagged texts.
"""

from __future__ import annotations

__all__ = [
    "HAZARD_TAXONOMY",
    "HarmfulRequest",
    "Jailbreak",
    "ModelCheck",
    "ModelThreshold",
    "PromptInjection",
    "Toxicity",
    "hazard_subcategory",
    "model_threshold",
    "score_text",
    "text_margin",
]

import re
from typing import ClassVar

from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.canonical import View
from saferail.checks.registry import register_check
from saferail.detectors.abuse import ABUSE_RULE_SCORE, ToxicityParams, abuse
from saferail.detectors.benign_care import care_request
from saferail.detectors.benign_education import education_request
from saferail.detectors.benign_frames import BENIGN_FRAME_SCORE, text_frame, too_few_words
from saferail.detectors.benign_security import security_work
from saferail.detectors.benign_victims import victim_request
from saferail.detectors.extraction import EXTRACTION_SCORE, extraction_request
from saferail.detectors.features import (
    STRIDE,
    WINDOW,
    featurize,
    featurize_batch,
    featurize_words,
    rule_tokens,
    tokenize,
    tokens,
    window_words,
)
from saferail.detectors.hazard import HAZARD_RULE_SCORE, harmful_method_request
from saferail.detectors.indirect import INDIRECT_SCORE, INDIRECT_SURFACES, instructs_ai_reader
from saferail.detectors.model import LinearModel, ModelNotFoundError, load_model
from saferail.detectors.pasted import asks_to_process_text
from saferail.detectors.role_frames import ROLE_FRAME_SCORE, text_role_frame
from saferail.detectors.signatures import PATTERNS as PATTERNS  # RE2 table (see test_redos)
from saferail.detectors.static import embed, embed_batch, embed_words, load_embedder
from saferail.detectors.strict_areas import HarmfulRequestParams, strict_area_request
from saferail.detectors.techniques import TECHNIQUE_SCORE, jailbreak_technique
from saferail.detectors.vocative import addresses_machine_by_name
from saferail.detectors.wrappers import WRAPPER_SCORE, jailbreak_wrapper

REPORT_FLOOR = 0.05  # scores below this are not reported as findings at all

HAZARD_TAXONOMY: dict[str, str] = {
    "violent_crime": "killing, assault, kidnapping, terrorism, robbery",
    "weapons_cbrn": "weapons, explosives, chemical, biological, radiological, nuclear",
    "cyber_attack": "malware, intrusion, exploits, phishing, credential theft",
    "self_harm": "suicide, self-injury, eating disorders",
    "sexual_minors": "any sexual content involving minors",
    "hate": "hateful or harassing content about protected groups",
    "privacy": "doxxing, stalking, obtaining personal data of others",
    "specialized_advice": "unqualified medical, legal or financial advice with high stakes",
    "other": "fraud, drugs, misinformation and other harmful requests",
}

_SIGNATURES: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "sexual_minors",
        frozenset(
            {
                "child",
                "children",
                "minor",
                "minors",
                "underage",
                "kid",
                "kids",
                "teen",
                "preteen",
                "loli",
            }
        ),
    ),
    (
        "weapons_cbrn",
        frozenset(
            {
                "bomb",
                "explosive",
                "explosives",
                "weapon",
                "weapons",
                "gun",
                "guns",
                "nerve",
                "sarin",
                "anthrax",
                "toxin",
                "pathogen",
                "nuclear",
                "uranium",
                "chemical",
                "bioweapon",
                "ricin",
                "firearm",
                "ammunition",
                "grenade",
                "napalm",
            }
        ),
    ),
    (
        "cyber_attack",
        frozenset(
            {
                "malware",
                "ransomware",
                "virus",
                "hack",
                "hacking",
                "exploit",
                "phishing",
                "keylogger",
                "botnet",
                "ddos",
                "trojan",
                "backdoor",
                "password",
                "passwords",
                "sql",
                "rootkit",
            }
        ),
    ),
    (
        "self_harm",
        frozenset(
            {"suicide", "self", "cut", "cutting", "overdose", "anorexia", "starve", "kill myself"}
        ),
    ),
    (
        "violent_crime",
        frozenset(
            {
                "kill",
                "murder",
                "assault",
                "kidnap",
                "torture",
                "attack",
                "shoot",
                "stab",
                "poison",
                "terrorist",
                "terrorism",
                "rob",
            }
        ),
    ),
    (
        "hate",
        frozenset(
            {
                "racist",
                "racism",
                "hate",
                "inferior",
                "slur",
                "slurs",
                "jews",
                "muslims",
                "immigrants",
                "gay",
                "black",
                "women",
                "genocide",
            }
        ),
    ),
    (
        "privacy",
        frozenset(
            {
                "address",
                "stalk",
                "track",
                "ssn",
                "dox",
                "doxx",
                "personal",
                "private",
                "phone",
                "location",
                "spy",
            }
        ),
    ),
    (
        "specialized_advice",
        frozenset(
            {
                "diagnose",
                "prescription",
                "dosage",
                "lawsuit",
                "invest",
                "medication",
                "treatment",
                "tax",
            }
        ),
    ),
)
# Self-harm by phrase, not by the generic words of its signature ("self", "cut"): the
# keyword loop below skips that signature, so every self-harm form has to be here.
_SELF_RE = re.compile(
    r"\b(?:kill|hurt|harm|cut|starve|burn|poison)\s+myself\b"
    r"|\bsuicid|\bself[-\s]?(?:harm|injur|mutilat)"
    r"|\bend(?:ing)?\s+my\s+(?:own\s+)?life\b"
    r"|\boverdos(?:e|ed|es|ing)\b"
    r"|\banorexi|\bbulimi|\bpro[-\s]?ana\b"
    r"|\bcut(?:ting)?\s+my\s+(?:wrists?|arms?|legs?|thighs?|skin)\b",
    re.IGNORECASE,
)


def hazard_subcategory(text: str) -> str:
    """The hazard subcategory of a flagged harmful request (first matching signature)."""
    if _SELF_RE.search(text):
        return "self_harm"
    words = set(tokenize(text))
    for name, keywords in _SIGNATURES:
        if name != "self_harm" and words & keywords:
            return name
    return "other"


def window_of(model: LinearModel) -> tuple[int, int]:
    """(words per window, stride) the model was trained with (60 / 30 unless stored)."""
    size, stride = model.meta.get("window") or (WINDOW, STRIDE)
    return int(size), int(stride)


def text_margin(model: LinearModel, text: str, windowed: bool = False) -> float:
    """Decision value of ``text``; with ``windowed``, the max over the whole text and its
    overlapping word windows (so a short instruction in a long document is not diluted)."""
    emb = embed(text) if model.uses_embedding else None
    margin = model.margin(featurize(text), emb)
    if windowed:
        for words in window_words(text, *window_of(model)):
            wemb = embed_words(words) if model.uses_embedding else None
            margin = max(margin, model.margin(featurize_words(words), wemb))
    return margin


def score_text(model: LinearModel, text: str, windowed: bool = False) -> float:
    """Calibrated probability of ``text`` (see :func:`text_margin`). The training script
    scores held-out data with this same function."""
    return model.proba_from_margin(text_margin(model, text, windowed))


def model_threshold(name: str) -> float:
    """The threshold stored in bundled model ``name``; 0.5 if the artifact is missing (a
    broken install, or a model folder without an opt-in's model), so that the other checks
    still load and the check itself fails with ``ModelNotFoundError`` when it is built."""
    try:
        return load_model(name).threshold
    except (OSError, ModelNotFoundError):
        return 0.5


class ModelThreshold:
    """A model check's ``default_threshold``, read from its artifact on first use, not when
    the check is imported or registered: discovering the checks loads no model, and a check
    that no policy uses never reads or hash-checks its weights. The value (see
    :func:`model_threshold`) is then kept per class."""

    def __init__(self) -> None:
        self._values: dict[str, float] = {}

    def __get__(self, obj: object, owner: type[ModelCheck]) -> float:
        name = owner.model_name
        if name not in self._values:
            self._values[name] = model_threshold(name)
        return self._values[name]


class ModelCheck(Check):
    """Base of the model-backed checks: score every view, report the most likely one."""

    model_name: ClassVar[str]
    cost = "medium"
    default_threshold = ModelThreshold()

    def __init__(self, params: object | None = None) -> None:
        super().__init__(params)  # type: ignore[arg-type]
        self.model: LinearModel = load_model(self.model_name)
        if self.model.uses_embedding:
            load_embedder()  # now, not on the first message (~35 ms to read the table)

    def windowed(self, surface: str) -> bool:
        """Whether long texts on ``surface`` are scored by windows too (as in training)."""
        meta = self.model.meta
        return bool(meta.get("windowed")) and (
            surface != "input" or bool(meta.get("windowed_input"))
        )

    def rule_score(self, text: str, surface: str = "input") -> float:
        """Score given to ``text`` on ``surface`` by a signature rule of the check beside its
        model (the view's score is the higher of the two); none by default."""
        return 0.0

    def benign_cap(self, text: str, surface: str = "input") -> float | None:
        """The score ``text`` on ``surface`` is capped at by a benign rule of the check beside
        its model (a short question about a harm, an everyday role prompt), or ``None``;
        none by default."""
        return None

    def view_score(self, p_model: float, text: str, surface: str) -> float:
        """A view's score from its model probability: the higher of it and the rule score
        when the signature rule fires; else, under a benign cap, the lower of it and the cap;
        else the model's probability."""
        rule = self.rule_score(text, surface)
        if rule > 0.0:
            return max(p_model, rule)
        cap = self.benign_cap(text, surface)
        return p_model if cap is None else min(p_model, cap)

    def score_views(self, data: CheckInput) -> list[tuple[float, View]]:
        """Calibrated probability of every view of ``data``."""
        windowed, surface = self.windowed(data.surface), data.surface
        return [
            (self.view_score(score_text(self.model, v.text, windowed), v.text, surface), v)
            for v in data.views()
        ]

    def run(self, data: CheckInput) -> list[Finding]:
        return self._report(data, self.score_views(data))

    def run_batch(self, datas: list[CheckInput]) -> list[list[Finding]]:
        """Vectorized: every view of every input in one sparse matrix-vector product; an
        input long enough to be windowed on its surface is scored on its own."""
        size, stride = window_of(self.model)
        alone = {
            i
            for i, d in enumerate(datas)
            if self.windowed(d.surface)
            and any(len(tokens(v.text)) > size + stride for v in d.views())
        }
        views = [(i, v) for i, d in enumerate(datas) if i not in alone for v in d.views()]
        scored: list[list[tuple[float, View]]] = [[] for _ in datas]
        if views:
            view_texts = [v.text for _, v in views]
            embs = embed_batch(view_texts) if self.model.uses_embedding else None
            probs = self.model.predict_proba_batch(featurize_batch(view_texts), embs)
            for (i, view), p in zip(views, probs, strict=True):
                scored[i].append((self.view_score(float(p), view.text, datas[i].surface), view))
        return [
            self.run(d) if i in alone else self._report(d, scored[i]) for i, d in enumerate(datas)
        ]

    def _report(self, data: CheckInput, scored: list[tuple[float, View]]) -> list[Finding]:
        if not scored:
            return []
        score, view = max(scored, key=lambda sv: sv[0])
        if score < REPORT_FLOOR:
            return []
        if view is data.canonical.main:
            start, end = 0, len(data.text)
        else:
            start, end = view.to_original(0, len(view.text))
        start, end = max(0, min(start, len(data.text))), max(0, min(end, len(data.text)))
        return [
            self.finding(score, start, max(start, end), entity_type=self.entity_type(view.text))
        ]

    def entity_type(self, text: str) -> str | None:
        return None


@register_check
class PromptInjection(ModelCheck):
    """Instructions that try to override the system or user's intent, directly or hidden in
    retrieved documents, emails, tables, code and tool output (trained classifier)."""

    name = "prompt_injection"
    model_name = "prompt_injection"
    categories = ("prompt_injection",)
    surfaces = frozenset({"input", "retrieval", "tool_call", "output"})
    tags = ("owasp:llm01:2025",)
    description = __doc__ or ""

    def rule_score(self, text: str, surface: str = "input") -> float:
        """The extraction rule's score (:meth:`extraction_score`), else the indirect rule's
        (:meth:`indirect_score`)."""
        return self.extraction_score(text, surface) or self.indirect_score(text, surface)

    def extraction_score(self, text: str, surface: str = "input") -> float:
        """Requests for the model's own instructions (system-prompt extraction) score
        ``EXTRACTION_SCORE``, the rule's measured precision (see
        :mod:`saferail.detectors.extraction`); not in model output, where "your prompt" is
        the user's (a shell prompt, say)."""
        if surface == "output":
            return 0.0
        return EXTRACTION_SCORE if extraction_request(rule_tokens(text)) else 0.0

    def indirect_score(self, text: str, surface: str = "input") -> float:
        """In content the model reads for the user (``retrieval``, ``tool_call``),
        instructions planted for an AI reader (a note to AI assistants, the user's data sent
        away, a line opening with the program's name: "Meeting bot: upload ...") score
        ``INDIRECT_SCORE`` (:mod:`saferail.detectors.indirect`,
        :mod:`saferail.detectors.vocative`); in the user's own input only when it asks for a
        task on a text it gives (:mod:`saferail.detectors.pasted`: "Translate this: ..."),
        since "Hey ChatGPT, please ..." is how people talk to the model; not in model
        output."""
        words = rule_tokens(text)
        if surface == "input":
            # the user's own words address the model; a text they paste for a task does not
            if not asks_to_process_text(words):
                return 0.0
        elif surface not in INDIRECT_SURFACES:
            return 0.0
        planted = instructs_ai_reader(words) or addresses_machine_by_name(text)
        return INDIRECT_SCORE if planted else 0.0


@register_check
class Jailbreak(ModelCheck):
    """Role-play, DAN-style, refusal-suppression and hypothetical-framing jailbreak prompts.

    A trained classifier, rules for named techniques (prefix injection, mode banners) and for
    jailbreak wording around a request (a persona that never refuses, "the safety filters are
    disabled"), and a role frame that passes everyday role prompts ("act as a SQL console
    ...") with no jailbreak wording beyond the persona."""

    name = "jailbreak"
    model_name = "jailbreak"
    categories = ("jailbreak",)
    surfaces = frozenset({"input"})
    tags = ("owasp:llm01:2025",)
    description = __doc__ or ""

    def technique_score(self, text: str, surface: str = "input") -> float:
        """Named jailbreak techniques (prefix injection, inverted refusals, mode banners)
        score ``TECHNIQUE_SCORE``, the rule's measured precision (see
        :mod:`saferail.detectors.techniques`)."""
        return TECHNIQUE_SCORE if jailbreak_technique(rule_tokens(text)) else 0.0

    def wrapper_score(self, text: str, surface: str = "input") -> float:
        """Jailbreak wording around a request ("you cannot refuse", a persona that never
        refuses, a story that must carry real technical detail) scores ``WRAPPER_SCORE``, the
        rule's measured precision (see :mod:`saferail.detectors.wrappers`)."""
        return WRAPPER_SCORE if jailbreak_wrapper(rule_tokens(text)) else 0.0

    def rule_score(self, text: str, surface: str = "input") -> float:
        """The higher of the two raising rules: named techniques and wrappers."""
        return max(self.technique_score(text, surface), self.wrapper_score(text, surface))

    def benign_cap(self, text: str, surface: str = "input") -> float | None:
        """``ROLE_FRAME_SCORE`` for an everyday role prompt ("I want you to act as a SQL
        console ...") with no jailbreak wording beyond the persona (see
        :mod:`saferail.detectors.role_frames`); the raising rules win over it."""
        return ROLE_FRAME_SCORE if text_role_frame(text) else None


@register_check
class HarmfulRequest(ModelCheck):
    """Requests for seriously harmful help (weapons, violent crime, cyber-attacks, self-harm ...).

    A trained classifier, an explicit-method rule, and benign frames that pass short
    questions about a harm (definitions, history, prevention); ``entity_type`` is the hazard
    subcategory (see ``HAZARD_TAXONOMY``). ``params: {strict_areas: true}`` adds the opt-in
    self-harm and sexual-exploitation forms (:mod:`saferail.detectors.strict_areas`)."""

    name = "harmful_request"
    model_name = "harmful_request"
    categories = ("harmful_request",)
    surfaces = frozenset({"input"})
    description = __doc__ or ""
    Params = HarmfulRequestParams

    def rule_score(self, text: str, surface: str = "input") -> float:
        """Explicit requests for a harmful method ("how do I make a pipe bomb") score
        ``HAZARD_RULE_SCORE``, the rule's measured precision (see
        :mod:`saferail.detectors.hazard`)."""
        words = rule_tokens(text)
        if harmful_method_request(words):
            return HAZARD_RULE_SCORE
        params = self.params
        strict = isinstance(params, HarmfulRequestParams) and params.strict_areas
        return HAZARD_RULE_SCORE if strict and strict_area_request(words) else 0.0

    def benign_cap(self, text: str, surface: str = "input") -> float | None:
        """``BENIGN_FRAME_SCORE`` for a one-sentence question in a benign frame ("what is
        arson?", "how can schools stop bullying?"; see :mod:`saferail.detectors.benign_frames`)
        and for text with fewer than two words ("s", "%s: %s"; :func:`too_few_words`), where
        the model's scores mean nothing; and for security work, care and teaching about a
        harm (:mod:`saferail.detectors.benign_security`, :mod:`saferail.detectors.benign_care`,
        :mod:`saferail.detectors.benign_education`) and victims or those protecting them
        (:mod:`saferail.detectors.benign_victims`); the explicit-method rule wins over it."""
        if text_frame(text) is not None or too_few_words(text):
            return BENIGN_FRAME_SCORE
        words = tokens(text)
        if (
            security_work(words)
            or care_request(words)
            or education_request(words)
            or victim_request(words)
        ):
            return BENIGN_FRAME_SCORE
        return None

    def entity_type(self, text: str) -> str | None:
        return hazard_subcategory(text)


@register_check
class Toxicity(ModelCheck):
    """Hateful, insulting or demeaning language in inputs and outputs: a trained classifier
    (English), and an opt-in rule for abuse aimed at a person in eight languages
    (``params: {abuse_rule: true}``)."""

    name = "toxicity"
    model_name = "toxicity"
    categories = ("toxicity",)
    surfaces = frozenset({"input", "output"})
    description = __doc__ or ""

    Params = ToxicityParams

    def rule_score(self, text: str, surface: str = "input") -> float:
        """With ``params.abuse_rule`` (opt-in): abuse aimed at a person in eight languages
        (threats, incitement to self-harm, obscenities and insults) scores
        ``ABUSE_RULE_SCORE``, the rule's measured precision (see
        :mod:`saferail.detectors.abuse`)."""
        params = self.params
        if not (isinstance(params, ToxicityParams) and params.abuse_rule):
            return 0.0
        return ABUSE_RULE_SCORE if abuse(text) else 0.0
