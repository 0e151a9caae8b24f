"""Names from the frameworks a risk register maps onto.

* **OWASP Top 10 for LLM Applications (2025)**: ``LLM01`` .. ``LLM10`` with their official
  names (:data:`OWASP_LLM_2025`). Tags elsewhere in saferail spell an item
  ``owasp:llm01:2025`` (:func:`owasp_tag`).
* **NIST AI 600-1** (the Generative AI Profile of the AI RMF, July 2024) lists twelve risks
  unique to or exacerbated by generative AI (:data:`NIST_GAI_RISKS`); a register names them
  by a short key (``data_privacy``) or by the official name (``Data Privacy``).
* **MITRE ATLAS** technique ids (``AML.T0051``, sub-technique ``AML.T0051.001``): checked for
  their form (:data:`ATLAS_ID`); :data:`ATLAS_NAMES` names the techniques saferail's red team
  and bundled register use, for display.
"""

from __future__ import annotations

__all__ = [
    "ATLAS_ID",
    "ATLAS_NAMES",
    "NIST_GAI_RISKS",
    "OWASP_LLM_2025",
    "normalize_nist",
    "normalize_owasp",
    "owasp_tag",
]

import re

OWASP_LLM_2025: dict[str, str] = {
    "LLM01": "Prompt Injection",
    "LLM02": "Sensitive Information Disclosure",
    "LLM03": "Supply Chain",
    "LLM04": "Data and Model Poisoning",
    "LLM05": "Improper Output Handling",
    "LLM06": "Excessive Agency",
    "LLM07": "System Prompt Leakage",
    "LLM08": "Vector and Embedding Weaknesses",
    "LLM09": "Misinformation",
    "LLM10": "Unbounded Consumption",
}
"""OWASP Top 10 for LLM Applications 2025: id -> official name."""

NIST_GAI_RISKS: dict[str, str] = {
    "cbrn": "CBRN Information or Capabilities",
    "confabulation": "Confabulation",
    "dangerous_violent_hateful": "Dangerous, Violent, or Hateful Content",
    "data_privacy": "Data Privacy",
    "environmental": "Environmental Impacts",
    "harmful_bias": "Harmful Bias and Homogenization",
    "human_ai_configuration": "Human-AI Configuration",
    "information_integrity": "Information Integrity",
    "information_security": "Information Security",
    "intellectual_property": "Intellectual Property",
    "obscene_degrading_abusive": "Obscene, Degrading, and/or Abusive Content",
    "value_chain": "Value Chain and Component Integration",
}
"""NIST AI 600-1 generative-AI risks: short key -> official name."""

ATLAS_ID = re.compile(r"^AML\.T[0-9]{4}(\.[0-9]{3})?\Z")
"""The form of a MITRE ATLAS technique or sub-technique id."""

ATLAS_NAMES: dict[str, str] = {
    "AML.T0010": "ML Supply Chain Compromise",
    "AML.T0018": "Manipulate AI Model",
    "AML.T0020": "Poison Training Data",
    "AML.T0024": "Exfiltration via AI Inference API",
    "AML.T0029": "Denial of AI Service",
    "AML.T0034": "Cost Harvesting",
    "AML.T0048": "External Harms",
    "AML.T0051": "LLM Prompt Injection",
    "AML.T0051.000": "LLM Prompt Injection: Direct",
    "AML.T0051.001": "LLM Prompt Injection: Indirect",
    "AML.T0053": "LLM Plugin Compromise",
    "AML.T0054": "LLM Jailbreak",
    "AML.T0056": "Extract LLM System Prompt",
    "AML.T0057": "LLM Data Leakage",
    "AML.T0062": "Discover LLM Hallucinations",
    "AML.T0068": "LLM Prompt Obfuscation",
    "AML.T0070": "RAG Poisoning",
}
"""Display names of the ATLAS techniques saferail refers to (not the whole matrix)."""

_OWASP_FORMS = re.compile(r"^(?:owasp:)?(llm(0[1-9]|10))(?::2025)?$", re.IGNORECASE)


def normalize_owasp(value: str) -> str:
    """``LLM01`` from ``LLM01``, ``llm01``, ``LLM01:2025`` or ``owasp:llm01:2025``.

    Raises :class:`ValueError` for anything else (an unknown item or another edition)."""
    match = _OWASP_FORMS.match(value.strip())
    if match is None:
        known = ", ".join(OWASP_LLM_2025)
        raise ValueError(f"not an OWASP LLM Top 10 2025 id: {value!r} (known: {known})")
    return match.group(1).upper()


def owasp_tag(item: str) -> str:
    """The tag form of an OWASP item used by suites and strategies: ``owasp:llm01:2025``."""
    return f"owasp:{normalize_owasp(item).lower()}:2025"


def normalize_nist(value: str) -> str:
    """The short key of a NIST AI 600-1 risk given its key or official name (any case)."""
    text = value.strip()
    low = text.lower()
    if low in NIST_GAI_RISKS:
        return low
    for key, name in NIST_GAI_RISKS.items():
        if name.lower() == low:
            return key
    raise ValueError(f"not a NIST AI 600-1 risk: {value!r} (known: {', '.join(NIST_GAI_RISKS)})")
