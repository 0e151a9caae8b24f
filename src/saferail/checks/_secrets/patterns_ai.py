"""Secret patterns: AI providers.

Anthropic, OpenAI, Hugging Face, Perplexity, Groq, Replicate, xAI.

Order within the table matters: where two hits start at the same offset, the pattern
listed first wins (see :mod:`saferail.checks._secrets.patterns`).
"""

from __future__ import annotations

__all__ = ["AI_SPECS"]

from saferail.checks._secrets.spec import Spec, mixed_case, spec

AI_SPECS: tuple[Spec, ...] = (
    spec(
        "anthropic",
        "ANTHROPIC_API_KEY",
        r"\b(?P<v>sk-ant-(?:api|admin|sid|oat|ort)\d{2}-(?P<b>[A-Za-z0-9_-]{80,120}AA))",
    ),
    spec(
        "openai",
        "OPENAI_API_KEY",
        r"\b(?P<v>sk-(?:(?:proj|svcacct|admin|None)-)?"
        r"(?P<b>[A-Za-z0-9_-]{8,200}T3BlbkFJ[A-Za-z0-9_-]{8,200}))",
    ),
    spec(
        "openai_project",
        "OPENAI_API_KEY",
        r"\b(?P<v>sk-(?:proj|svcacct|admin)-(?P<b>[A-Za-z0-9_-]{40,250}))",
        0.9,
    ),
    spec(
        "huggingface",
        "HUGGINGFACE_TOKEN",
        r"\b(?P<v>(?:hf|api_org)_(?P<b>[A-Za-z]{34}))\b",
        check=mixed_case,
    ),
    spec("perplexity", "PERPLEXITY_API_KEY", r"\b(?P<v>pplx-(?P<b>[A-Za-z0-9]{48}))\b"),
    spec("groq", "GROQ_API_KEY", r"\b(?P<v>gsk_(?P<b>[A-Za-z0-9]{52}))\b"),
    spec("replicate", "REPLICATE_API_TOKEN", r"\b(?P<v>r8_(?P<b>[A-Za-z0-9]{37}))\b"),
    spec("xai", "XAI_API_KEY", r"\b(?P<v>xai-(?P<b>[A-Za-z0-9]{80}))\b"),
)
"""Patterns for AI providers, in table order."""
