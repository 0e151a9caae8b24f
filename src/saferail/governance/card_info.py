"""The human-written parts of a system card, read from an optional ``card.yaml``.

A system card mixes two kinds of content. Evidence (the policy, eval and red-team runs, the
risk register, the telemetry configuration) is read from the artifacts themselves; what only
people know (who the system is for, what it must not be used for, who to call in an
incident) comes from :class:`CardInfo`. Every field is optional: a card built without it says
"Not provided: add `<field>` to card.yaml" in each section that needs it, rather than guess.

List fields take a YAML list or a single string. ``rationale`` maps a gate criterion
(``refusal_rate >= 0.95``) or a check name (``pii``) to why that threshold was chosen.
"""

from __future__ import annotations

__all__ = [
    "CardInfo",
    "CardInfoError",
    "ChangeEntry",
    "Contact",
    "NamedItem",
    "load_card_info",
    "parse_card_info",
]

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from saferail._yamllines import YamlSyntaxError, line_index, line_of, load_with_lines
from saferail.errors import SaferailError, TextFileError
from saferail.governance.risks import IsoDate
from saferail.io import read_text


class CardInfoError(SaferailError):
    """A card.yaml could not be read; the message names the file, line and field."""


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str | dict) else value


def _text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _version(value: Any) -> Any:
    """A whole number is fine as a version (``2``); YAML reads ``1.10`` as the number 1.1,
    so a decimal must be quoted rather than silently turned into another version."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"quote the version ('{value}'): YAML reads it as a number")
    return value


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Version = Annotated[str, BeforeValidator(_version)]
TextList = Annotated[list[Text], BeforeValidator(_listify)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NamedItem(_Model):
    """A tool or a data source: a name and what it is (a bare string is the name)."""

    name: Text
    description: str = ""

    @classmethod
    def _from_str(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


NamedList = Annotated[
    list[Annotated[NamedItem, BeforeValidator(NamedItem._from_str)]], BeforeValidator(_listify)
]


class Contact(_Model):
    """Who to reach in an incident: a name or team, their role and how to reach them."""

    name: Text
    role: str = ""
    reach: str = Field("", description="E-mail, pager rotation, chat channel...")


class ChangeEntry(_Model):
    """One change of the system: when, which version, what changed and who made it."""

    date: IsoDate
    version: Version = ""
    change: Text
    by: str = ""


class CardInfo(_Model):
    """What people write about the system (every field optional; see the module doc)."""

    system_name: str | None = None
    version: Version | None = Field(None, description="The release of the system this card is for.")
    description: str | None = None
    owner: str | None = None
    intended_use: str | None = None
    users: TextList = Field(default_factory=list)
    out_of_scope: TextList = Field(default_factory=list, description="Uses it is not for.")
    foreseeable_misuse: TextList = Field(default_factory=list)
    tools: NamedList = Field(default_factory=list)
    data_sources: NamedList = Field(default_factory=list)
    data_notes: str | None = None
    limitations: TextList = Field(default_factory=list)
    trade_offs: TextList = Field(default_factory=list)
    ethical_considerations: TextList = Field(default_factory=list)
    human_oversight: str | None = None
    retention: str | None = None
    monitoring: str | None = None
    incident_contacts: Annotated[list[Contact], BeforeValidator(_listify)] = Field(
        default_factory=list
    )
    change_log: Annotated[list[ChangeEntry], BeforeValidator(_listify)] = Field(
        default_factory=list
    )
    standards: TextList = Field(default_factory=list)
    rationale: dict[str, Text] = Field(default_factory=dict)


def parse_card_info(text: str, *, source: str = "<card.yaml>") -> CardInfo:
    """``CardInfo`` from YAML text; :class:`CardInfoError` names the first mistake's line."""
    try:
        data, node = load_with_lines(text)
    except YamlSyntaxError as exc:
        raise CardInfoError(f"{exc.where(source)}: YAML {exc.reason}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CardInfoError(f"{source}: a card.yaml must be a YAML mapping")
    try:
        return CardInfo.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(str(p) if isinstance(p, str) else p for p in err["loc"])
        line = line_of(line_index(node), loc)
        where = f"{source}:{line}" if line is not None else source
        field = ".".join(str(p) for p in loc) or "<root>"
        msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
        raise CardInfoError(f"{where}: {field}: {msg.removeprefix('Value error, ')}") from None


def load_card_info(path: str | Path) -> CardInfo:
    """Read and validate a ``card.yaml``."""
    p = Path(path)
    try:
        text = read_text(p, expect="a card.yaml")
    except TextFileError as exc:
        raise CardInfoError(f"{p}: {exc.reason}") from None
    return parse_card_info(text, source=str(p))
