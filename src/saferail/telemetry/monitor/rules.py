"""Alert rules: a YAML file validated by pydantic, like a policy.

.. code-block:: yaml

    version: 1
    bucket: 1h            # KPI time bucket (30s, 15m, 1h, 1d, or seconds)
    dedup_window: 1h      # same rule + key within this window -> one alert
    cooldown: 6h          # after a notification, later alerts for that key stay quiet this long
    history: alerts.db    # optional SQLite alert history (relative to this file)
    rules:
      - name: block-rate-spike
        kpi: block_rate
        by: [model_version]
        detector: ewma
        params: {lambda: 0.2, L: 3, warmup: 24}
    sinks:
      - type: log
      - type: webhook
        url: https://alerts.example.com/hook     # or ${SLACK_WEBHOOK_URL}
        headers: {Authorization: "Bearer ${ALERT_TOKEN}"}   # ${VAR}: read from the environment

Every mistake is reported as one line with its location (``rules.yaml:7: rules.0.params.L:
...``) through :class:`RulesError`.
"""

from __future__ import annotations

__all__ = [
    "LogSinkConfig",
    "MonitorConfig",
    "RuleConfig",
    "RulesError",
    "WebhookSinkConfig",
    "check_header",
    "load_rules",
    "parse_duration",
    "parse_rules",
]

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from saferail._yamllines import YamlSyntaxError, line_index, line_of, load_with_lines
from saferail.errors import TextFileError
from saferail.io import read_text
from saferail.telemetry.monitor.kpis import (
    DEFAULT_KPIS,
    CompletenessSpec,
    KpiError,
    check_names,
    kpi_def,
)
from saferail.telemetry.monitor.registry import MonitorError, detector_spec
from saferail.telemetry.monitor.series import MAX_BUCKET

_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # an HTTP token
_HEADER_VALUE = re.compile(r"^[\t\x20-\x7e]*$")  # printable ASCII: no line breaks
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$")
_WEB_URL = re.compile(r"^https?://[^\s/]+\S*$")
_ENV_REF = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
Severity = Literal["info", "low", "medium", "high", "critical"]


class RulesError(MonitorError):
    """An alert-rules file is unreadable or invalid (one line: where and what)."""


def parse_duration(value: Any) -> Any:
    """``"90s"``, ``"15m"``, ``"1h"``, ``"1d"``, ``"1w"`` -> timedelta; numbers are seconds;
    anything else is left to pydantic (ISO 8601 ``PT1H`` works too)."""
    seconds: float | None = None
    if isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    elif isinstance(value, str) and not value.strip().upper().startswith("P"):
        raise ValueError(f"expected a duration such as 30s, 15m, 1h or 1d (got {value!r})")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value
    if seconds is None:
        return value
    try:
        return timedelta(seconds=seconds)
    except (OverflowError, ValueError):  # inf, nan, or beyond timedelta's ~2.7 million years
        raise ValueError(f"duration out of range (got {value!r})") from None


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleConfig(_Model):
    """One rule: watch ``kpi`` (per ``by`` key, events matching ``where``) with ``detector``."""

    name: str = Field(pattern=r"^[A-Za-z0-9_.:\-]{1,100}$")
    kpi: str
    by: list[str] = Field(default_factory=list)
    where: dict[str, str | list[str]] = Field(default_factory=dict)
    detector: str = "ewma"
    params: dict[str, Any] = Field(default_factory=dict)
    severity: Severity = "medium"
    dedup_window: Duration | None = None
    cooldown: Duration | None = None
    description: str = ""

    @model_validator(mode="after")
    def _resolve(self) -> RuleConfig:
        for field in ("dedup_window", "cooldown"):
            window = getattr(self, field)
            if window is not None and window < timedelta(0):
                raise ValueError(at(field, "cannot be negative"))
        for field, test in (
            ("kpi", lambda: kpi_def(self.kpi)),
            ("by", lambda: check_names(self.by, None)),
            ("where", lambda: check_names((), self.where)),
            ("detector", lambda: detector_spec(self.detector)),
        ):
            try:
                test()
            except (KpiError, MonitorError) as exc:
                raise ValueError(at(field, str(exc))) from None
        try:
            detector_spec(self.detector).params.model_validate(self.params)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in ("params", *err["loc"]))
            raise ValueError(at(where, err["msg"].removeprefix("Value error, "))) from None
        return self


class LogSinkConfig(_Model):
    """Alerts written to the ``saferail.alerts`` logger."""

    type: Literal["log"] = "log"
    level: Literal["info", "warning", "error"] = "warning"


class WebhookSinkConfig(_Model):
    """Alerts POSTed as JSON to ``url``; ``${VAR}`` in the URL and the headers is read from the
    environment (incoming-webhook URLs carry their secret, so keep them out of the file)."""

    type: Literal["webhook"] = "webhook"
    url: str
    headers: dict[str, str] = Field(default_factory=dict)
    timeout: float = Field(5.0, gt=0, le=60)
    retries: int = Field(2, ge=0, le=5)
    backoff: float = Field(0.5, ge=0, le=30, description="Seconds before the first retry.")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if _WEB_URL.fullmatch(value) is None and _ENV_REF.search(value) is None:
            raise ValueError("expected an http:// or https:// URL, or ${VAR} to read it from")
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            check_header(name, text)
        return value


def check_header(name: str, value: str) -> None:
    """``ValueError`` unless ``name: value`` can be sent as an HTTP header (the value is
    never repeated in the message: it is often a token)."""
    if not _HEADER_NAME.fullmatch(name):
        raise ValueError(f"header name {name!r} is not a valid HTTP header name")
    if not _HEADER_VALUE.fullmatch(value):
        raise ValueError(f"header {name}: the value must be printable ASCII on one line")


SinkConfig = Annotated[LogSinkConfig | WebhookSinkConfig, Field(discriminator="type")]


def _default_sink() -> LogSinkConfig | WebhookSinkConfig:
    return LogSinkConfig()


class MonitorConfig(_Model):
    """A whole rules file."""

    version: Literal[1] = 1
    bucket: Duration = timedelta(hours=1)
    dedup_window: Duration = timedelta(hours=1)
    cooldown: Duration = timedelta(hours=6)
    resend_attempts: int = Field(
        5, ge=1, le=100, description="Tries per sink for an alert a sink failed to take."
    )
    history: str | None = Field(None, description="SQLite file of the alert history.")
    kpis: list[str] = Field(default_factory=lambda: list(DEFAULT_KPIS))
    by: list[str] = Field(default_factory=list, description="Breakdown of the KPI report.")
    completeness: CompletenessSpec = Field(default_factory=CompletenessSpec)
    rules: list[RuleConfig] = Field(default_factory=list)
    sinks: list[SinkConfig] = Field(default_factory=lambda: [_default_sink()])

    @model_validator(mode="after")
    def _consistent(self) -> MonitorConfig:
        if self.bucket <= timedelta(0):
            raise ValueError(at("bucket", "must be positive"))
        if self.bucket > MAX_BUCKET:
            raise ValueError(at("bucket", f"must be at most {MAX_BUCKET.days} days"))
        for field in ("dedup_window", "cooldown"):
            if getattr(self, field) < timedelta(0):
                raise ValueError(at(field, "cannot be negative"))
        names: set[str] = set()
        for i, rule in enumerate(self.rules):
            if rule.name in names:
                raise ValueError(at(f"rules.{i}.name", f"duplicate rule name {rule.name!r}"))
            names.add(rule.name)
        for i, name in enumerate(self.kpis):
            if name != "violation_rate:*":
                try:
                    kpi_def(name)
                except KpiError as exc:
                    raise ValueError(at(f"kpis.{i}", str(exc))) from None
        try:
            check_names(self.by, None)
        except KpiError as exc:
            raise ValueError(at("by", str(exc))) from None
        return self


def at(path: str, message: str) -> str:
    """A validator's message that names the field it is about (``path``, dotted, relative
    to the model that raised it): :func:`parse_rules` reports it at that field's line;
    elsewhere it reads as ``path: message``."""
    return f"{path}: {message}"


_AT = re.compile(r"([a-z_]+(?:\.[A-Za-z0-9_]+)*): (.*)", re.S)


def _located(loc: tuple[Any, ...], msg: str) -> tuple[tuple[Any, ...], str]:
    """``loc`` and ``msg`` with the field an :func:`at` message names moved into ``loc``."""
    m = _AT.fullmatch(msg)
    if m is None or m.group(1).split(".")[0] not in _FIELDS:
        return loc, msg
    sub = tuple(int(p) if p.isdigit() else p for p in m.group(1).split("."))
    return loc + sub, m.group(2)


_FIELDS = frozenset(RuleConfig.model_fields) | frozenset(MonitorConfig.model_fields)


def load_rules(path: str | Path) -> MonitorConfig:
    """Read and validate a rules file (``history`` resolved relative to the file)."""
    p = Path(path)
    try:
        text = read_text(p, expect="a rules YAML")
    except TextFileError as exc:
        raise RulesError(f"{p}: {exc.reason}") from None
    config = parse_rules(text, source=str(p))
    if config.history is not None and not Path(config.history).is_absolute():
        config = config.model_copy(update={"history": str(p.parent / config.history)})
    return config


def parse_rules(text: str, *, source: str = "<rules>") -> MonitorConfig:
    """Parse rules YAML; :class:`RulesError` names the first mistake and its line."""
    try:
        data, node = load_with_lines(text)
    except YamlSyntaxError as exc:
        raise RulesError(f"{exc.where(source)}: YAML {exc.reason}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RulesError(f"{source}: the rules file must be a YAML mapping")
    try:
        return MonitorConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        if loc[:1] == ("sinks",) and len(loc) > 2 and loc[2] in ("log", "webhook"):
            loc = loc[:2] + loc[3:]  # drop the union tag pydantic adds
        loc, msg = _located(loc, err["msg"].removeprefix("Value error, "))
        line = line_of(line_index(node), loc)
        where = f"{source}:{line}" if line else source
        dotted = ".".join(str(p) for p in loc) or "<root>"
        if err["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}"
        raise RulesError(f"{where}: {dotted}: {msg}") from None
