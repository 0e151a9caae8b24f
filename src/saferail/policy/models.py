"""Pydantic models of a saferail policy file."""

from __future__ import annotations

__all__ = [
    "Action",
    "ApproverConfig",
    "CheckConfig",
    "FailMode",
    "Policy",
    "PolicySettings",
    "RateLimit",
    "SinkKind",
    "SurfacePolicy",
    "TaintPolicy",
    "ToolAction",
    "ToolRule",
    "ToolsPolicy",
]

import hashlib
import json
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
)

Action = Literal["block", "redact", "warn", "log"]
FailMode = Literal["closed", "open"]
ToolAction = Literal["allow", "block", "escalate"]
SinkKind = Literal["http", "email", "file_write", "shell", "payment", "delete", "other"]


class CheckConfig(BaseModel):
    """How one check runs on one surface."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    action: Action = Field("block", description="What a finding at or above threshold does.")
    threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="Minimum score of a finding; default: the check's."
    )
    fail_mode: FailMode = Field(
        "closed", description="closed: an error or timeout blocks; open: it is only reported."
    )
    timeout_ms: float | None = Field(
        None, gt=0, description="Time budget; default: settings.timeout_ms."
    )
    params: dict[str, Any] = Field(default_factory=dict, description="Check-specific parameters.")


class SurfacePolicy(BaseModel):
    """The checks that run on one surface (input, output, retrieval, tool_call)."""

    model_config = ConfigDict(extra="forbid")

    checks: dict[str, CheckConfig] = Field(default_factory=dict)


class PolicySettings(BaseModel):
    """Settings that apply to every surface."""

    model_config = ConfigDict(extra="forbid")

    early_exit: bool = Field(True, description="Stop running checks once one blocks.")
    timeout_ms: float = Field(250.0, gt=0, description="Default per-check time budget.")
    redaction: str = Field(
        "[{label}]",
        description="Replacement for redacted spans; {label} is the entity type or category.",
    )
    max_chars: int = Field(
        1_000_000, gt=0, description="Longer texts are checked on their first max_chars only."
    )


class RateLimit(BaseModel):
    """At most ``max_calls`` allowed calls of one tool per session, per ``per_seconds`` window
    (``None``: over the whole session)."""

    model_config = ConfigDict(extra="forbid")

    max_calls: int = Field(..., gt=0)
    per_seconds: float | None = Field(None, gt=0)


class ToolRule(BaseModel):
    """How calls of one tool are judged. Argument names are dotted paths (``a.b``, ``a.*``)."""

    model_config = ConfigDict(extra="forbid")

    action: ToolAction = Field("allow", description="What a call that breaks no rule does.")
    description: str = ""
    parameters: dict[str, Any] | None = Field(
        None, description="JSON schema of the arguments (the subset in docs/agents/tools.md)."
    )
    on_violation: Literal["block", "escalate"] = Field(
        "block", description="What a broken argument rule (schema, path, shell, URL) does."
    )
    sink: SinkKind | None = Field(None, description="Where the tool sends data or acts.")
    destination_args: list[str] = Field(
        default_factory=list,
        description="Arguments naming where the effect lands (recipient, URL, account, path).",
    )
    tainted_action: ToolAction | None = Field(
        None, description="What any call does once the session is tainted (None: the rules)."
    )
    path_args: list[str] = Field(default_factory=list, description="Filesystem path arguments.")
    allowed_roots: list[str] = Field(
        default_factory=list, description="Absolute paths must lie under one of these."
    )
    shell_args: list[str] = Field(
        default_factory=list, description="Arguments a shell runs ('*': every string argument)."
    )
    url_args: list[str] = Field(default_factory=list, description="URLs checked for SSRF.")
    rate_limit: RateLimit | None = None
    cost: float = Field(0.0, ge=0, description="Cost units of one call.")
    max_cost: float | None = Field(None, gt=0, description="Cost budget of this tool per session.")
    trusted_output: bool = Field(False, description="Its results do not taint the session.")
    trusted_fields: list[str] = Field(
        default_factory=list, description="Result fields that are trusted metadata (ids, senders)."
    )
    selected_fields: list[str] = Field(
        default_factory=list,
        description="Result fields trusted as destinations only in the one record the user's "
        "own words pick out (a transfer's sender, an e-mail's id).",
    )
    user_intent: list[str] = Field(
        default_factory=list,
        description="Words of a user request that asks for this tool's action (pay, delete): "
        "selected fields count for its destinations only after such a request.",
    )
    exempt_user_targets: bool = Field(
        False,
        description="tainted_action does not apply when every destination argument is "
        "user-chosen (typed by the user, allowed, or a selected field of the picked record).",
    )

    @field_validator("parameters")
    @classmethod
    def _schema(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            from saferail.agents.toolpolicy.schema import check_schema

            check_schema(value)  # raises ValueError naming the unsupported keyword
        return value

    @field_validator("allowed_roots")
    @classmethod
    def _roots(cls, value: list[str]) -> list[str]:
        for root in value:
            if not root.startswith("/") or ".." in root.split("/"):
                raise ValueError(f"allowed root {root!r} must be an absolute path without '..'")
        return value


class TaintPolicy(BaseModel):
    """Information-flow rails: what a sink call may carry once untrusted content was seen."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    action: Literal["block", "escalate"] = Field("block", description="What a flow violation does.")
    allowed_destinations: list[str] = Field(
        default_factory=list,
        description="Trusted destinations: hosts, '*.domain', '*@domain', addresses, accounts.",
    )
    data_rule: Literal["untrusted_destination", "always"] = Field(
        "untrusted_destination",
        description="When tainted or sensitive data in a sink call is a violation.",
    )
    check_all_urls: bool = Field(
        True, description="After taint, URLs in any tool's arguments must be trusted too."
    )
    sensitive_kinds: list[str] = Field(
        default_factory=lambda: [
            "secret",
            "CREDIT_CARD",
            "IBAN_CODE",
            "US_SSN",
            "PASSPORT",
            "NATIONAL_ID",
            "CRYPTO_WALLET",
            "PHONE_NUMBER",
            "EMAIL_ADDRESS",
            "STREET_ADDRESS",
            "DATE_OF_BIRTH",
        ],
        description="Finding kinds (entity types, or 'secret') whose values are tracked.",
    )
    min_tainted_chars: int = Field(
        24, ge=16, description="Shortest run of untrusted text that counts as carried data."
    )


class ApproverConfig(BaseModel):
    """An approver from the ``saferail.approvers`` registry, by name, with its parameters."""

    model_config = ConfigDict(extra="forbid")

    name: str
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _known(cls, value: str) -> str:
        from saferail.agents.approval import available_approvers

        known = available_approvers()
        if value not in known:
            raise ValueError(f"unknown approver {value!r} (known: {', '.join(known)})")
        return value


class ToolsPolicy(BaseModel):
    """The tool-call policy. Absent from a policy: every tool is allowed (no tool rails)."""

    model_config = ConfigDict(extra="forbid")

    roles: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Role -> allowed tool names (glob); 'default' applies to sessions without "
        "a role. Empty: no role restriction.",
    )
    routes: dict[str, list[str]] = Field(
        default_factory=dict, description="Route -> allowed tool names (glob)."
    )
    unlisted: ToolAction = Field("allow", description="What a call of a tool not in catalog does.")
    catalog: dict[str, ToolRule] = Field(default_factory=dict)
    taint: TaintPolicy = Field(default_factory=lambda: TaintPolicy())
    ssrf: dict[str, Any] = Field(
        default_factory=dict, description="SsrfPolicy fields for url_args (saferail.agents.ssrf)."
    )
    resolve_dns: bool = Field(
        False, description="Resolve url_args hosts at check time (safe_fetch always does)."
    )
    approver: ApproverConfig | None = Field(
        None, description="Who decides escalations (None: escalations are denied)."
    )

    @field_validator("ssrf")
    @classmethod
    def _ssrf(cls, value: dict[str, Any]) -> dict[str, Any]:
        from pydantic import ValidationError

        from saferail.agents.ssrf import SsrfPolicy

        try:
            SsrfPolicy.model_validate(value)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise ValueError(f"ssrf.{where}: {err['msg']}") from None
        return value


class Policy(BaseModel):
    """A whole policy: settings plus the checks of each surface."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    name: str = "policy"
    description: str = ""
    settings: PolicySettings = Field(default_factory=lambda: PolicySettings())
    input: SurfacePolicy = Field(default_factory=lambda: SurfacePolicy())
    output: SurfacePolicy = Field(default_factory=lambda: SurfacePolicy())
    retrieval: SurfacePolicy = Field(default_factory=lambda: SurfacePolicy())
    tool_call: SurfacePolicy = Field(default_factory=lambda: SurfacePolicy())
    tools: ToolsPolicy | None = None

    @model_serializer(mode="wrap")
    def _drop_absent_tools(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A policy without a ``tools`` section dumps (and hashes) as it did before it existed."""
        data: dict[str, Any] = handler(self)
        if data.get("tools", ...) is None:
            del data["tools"]
        return data

    def surface(self, name: str) -> SurfacePolicy:
        """The policy of one surface by name."""
        value = getattr(self, name, None)
        if not isinstance(value, SurfacePolicy):
            raise ValueError(f"unknown surface {name!r}")
        return value

    @property
    def version(self) -> str:
        """Content hash of the effective policy (comments and key order do not count)."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()[:16]
