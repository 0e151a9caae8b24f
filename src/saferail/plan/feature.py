"""The feature description a safety evaluation plan is made from (``FEATURE.yaml``).

.. code-block:: yaml

    name: order-help                  # lowercase slug: names the generated suite and files
    description: Answers customers' questions about their orders from the help centre.
    surface: rag                      # chat | rag | agent | api
    users: [customers]                # public | customers | employees | developers | minors
    data: [pii, financial]            # pii | financial | health | credentials | children |
                                      # confidential | public
    tools:
      - {name: lookup_order, side_effects: read}
      - {name: send_email, side_effects: send, destination_args: [to]}
    retrieval:
      - {name: help_centre, trust: curated}
      - {name: customer_uploads, trust: user_uploaded, contains_pii: true}
    languages: [en, de]               # ISO 639-1 codes
    system_prompt: You are OrderHelp...   # optional; used in the feature-specific cases
    deployment:
      exposure: public                # internal | authenticated | public
      model: gpt-4o-mini
      rollout: staged                 # canary | staged | full
      feature_flag: order_help
      requests_per_day: 20000
      fine_tuned: false
      output_rendering: markdown      # plain | markdown | html

Tool ``side_effects``: ``none`` and ``read`` change nothing; ``write`` (files, records),
``send`` (e-mail, messages, HTTP to third parties), ``payment``, ``delete`` and ``execute``
(shell or code) act on the world. Retrieval ``trust``: ``curated`` and ``internal`` sources
are reviewed, ``user_uploaded``, ``web`` and ``email`` content comes from outside and may
carry injected instructions. Every mistake is reported as one line with its file and line.
"""

from __future__ import annotations

__all__ = [
    "DATA_CATEGORIES",
    "SENSITIVE_DATA",
    "SIDE_EFFECTS_THAT_ACT",
    "Deployment",
    "Feature",
    "FeatureError",
    "RetrievalSource",
    "ToolSpec",
    "load_feature",
    "parse_feature",
]

import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from saferail._yamllines import YamlSyntaxError, line_index, line_of, load_with_lines
from saferail.errors import SaferailError, TextFileError
from saferail.io import read_text
from saferail.policy.loader import duplicate_keys

Surface = Literal["chat", "rag", "agent", "api"]
UserGroup = Literal["public", "customers", "employees", "developers", "minors"]
DataCategory = Literal[
    "pii", "financial", "health", "credentials", "children", "confidential", "public"
]
SideEffect = Literal["none", "read", "write", "send", "payment", "delete", "execute"]
Trust = Literal["curated", "internal", "user_uploaded", "web", "email"]

DATA_CATEGORIES: tuple[str, ...] = typing.get_args(DataCategory)
SENSITIVE_DATA = frozenset({"pii", "financial", "health", "credentials", "children"})
"""Data categories whose disclosure harms a person."""
SIDE_EFFECTS_THAT_ACT = frozenset({"write", "send", "payment", "delete", "execute"})
UNTRUSTED_SOURCES = frozenset({"user_uploaded", "web", "email"})


class FeatureError(SaferailError):
    """A feature file could not be read or is invalid (one line: file, line, what)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ToolSpec(_Model):
    """A tool the model may call."""

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$")
    description: str = ""
    side_effects: SideEffect = "none"
    destination_args: tuple[str, ...] = Field(
        (), description="Arguments naming where the effect lands (recipient, URL, account)."
    )

    @property
    def acts(self) -> bool:
        """Whether a call changes something outside the conversation."""
        return self.side_effects in SIDE_EFFECTS_THAT_ACT


class RetrievalSource(_Model):
    """A source of documents handed to the model."""

    name: str = Field(pattern=r"^[A-Za-z0-9_\-]{1,64}$")
    trust: Trust = "internal"
    contains_pii: bool = False

    @property
    def untrusted(self) -> bool:
        return self.trust in UNTRUSTED_SOURCES


class Deployment(_Model):
    """Where and how the feature runs."""

    exposure: Literal["internal", "authenticated", "public"] = "public"
    model: str = "unspecified"
    rollout: Literal["canary", "staged", "full"] = "staged"
    feature_flag: str | None = None
    requests_per_day: int | None = Field(None, gt=0)
    fine_tuned: bool = False
    output_rendering: Literal["plain", "markdown", "html"] = "markdown"


class Feature(_Model):
    """A short description of an LLM feature: what it is, who uses it, what it touches."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$")
    description: str = ""
    surface: Surface
    users: tuple[UserGroup, ...] = Field(("public",), min_length=1)
    data: tuple[DataCategory, ...] = ()
    tools: tuple[ToolSpec, ...] = ()
    retrieval: tuple[RetrievalSource, ...] = ()
    languages: tuple[str, ...] = Field(("en",), min_length=1)
    system_prompt: str | None = None
    deployment: Deployment = Field(default_factory=Deployment)

    @model_validator(mode="after")
    def _consistent(self) -> Feature:
        if self.surface == "agent" and not self.tools:
            raise ValueError("an 'agent' feature needs its 'tools'")
        if self.surface == "rag" and not self.retrieval:
            raise ValueError("a 'rag' feature needs its 'retrieval' sources")
        names = [t.name for t in self.tools]
        if len(set(names)) != len(names):
            raise ValueError("tool names must be unique")
        for lang in self.languages:
            if len(lang) != 2 or not lang.isalpha() or not lang.islower():
                raise ValueError(f"language {lang!r}: use an ISO 639-1 code such as 'en'")
        return self

    @property
    def user_facing(self) -> bool:
        """People (not only programs) read the answers."""
        return self.surface != "api" or bool({"public", "customers", "minors"} & set(self.users))

    @property
    def sensitive_data(self) -> frozenset[str]:
        """Sensitive data categories the feature touches (retrieval PII included)."""
        found = SENSITIVE_DATA & set(self.data)
        if any(s.contains_pii for s in self.retrieval):
            found |= {"pii"}
        return frozenset(found)

    @property
    def acting_tools(self) -> tuple[ToolSpec, ...]:
        return tuple(t for t in self.tools if t.acts)

    @property
    def prompt(self) -> str:
        """The system prompt used in feature-specific cases."""
        return self.system_prompt or (
            f"You are {self.name}, an assistant. {self.description}".strip()
        )


def parse_feature(text: str, *, source: str = "<feature>") -> Feature:
    """A feature from YAML text; :class:`FeatureError` names the first mistake and its line."""
    try:
        data, node = load_with_lines(text, unique_keys=False)
    except YamlSyntaxError as exc:
        raise FeatureError(f"{exc.where(source)}: YAML {exc.reason}") from None
    if not isinstance(data, dict):
        raise FeatureError(f"{source}: a feature file must be a YAML mapping")
    for loc, line, first in duplicate_keys(node):  # YAML would keep the last one silently
        dotted = ".".join(str(p) for p in loc)
        raise FeatureError(
            f"{source}:{line}: {dotted}: duplicate key {loc[-1]!r} (first on line {first})"
        )
    try:
        return Feature.model_validate(data)
    except ValidationError as exc:
        raise FeatureError(_first_issue(exc, node, source)) from None


def _first_issue(exc: ValidationError, node: Any, source: str) -> str:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    line = line_of(line_index(node), loc)
    where = f"{source}:{line}" if line else source
    dotted = ".".join(str(p) for p in loc) or "<root>"
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = f"unknown field {loc[-1]!r}"
    return f"{where}: {dotted}: {msg}"


def load_feature(path: str | Path) -> Feature:
    """Read and validate a feature file."""
    p = Path(path)
    try:
        text = read_text(p, expect="a feature YAML")
    except TextFileError as exc:
        raise FeatureError(f"{p}: {exc.reason}") from None
    return parse_feature(text, source=str(p))
