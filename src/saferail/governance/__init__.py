"""Governance: the risk register and its eval coverage, the failure taxonomy, templates,
the system card and the release review's evidence pack.

Each part lives in its own module; this package re-exports the public names, resolved
lazily (importing the package costs nothing until a name is used).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferail._lazy import lazy_getattr

if TYPE_CHECKING:
    from saferail.governance.register import (
        RegisterError,
        RegisterIssue,
        load_register,
        parse_register,
        policy_gaps,
        register_warnings,
        template_register_path,
        validate_register,
    )
    from saferail.governance.risk_coverage import (
        CoverageReport,
        Gap,
        GapReason,
        RiskCoverage,
        coverage,
    )
    from saferail.governance.risks import (
        Acceptance,
        Mitigation,
        Residual,
        Risk,
        RiskRegister,
        RiskStatus,
        TestRef,
    )
    from saferail.governance.taxonomy import (
        Classification,
        FailureLabel,
        FailureTaxonomy,
        classify,
        load_taxonomy,
        signals_from_case,
        signals_from_findings,
    )
    from saferail.governance.templates import TemplateError, render, template_names

_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ("CoverageReport", "Gap", "GapReason", "RiskCoverage", "coverage"),
        "saferail.governance.risk_coverage",
    ),
    **dict.fromkeys(
        (
            "RegisterError",
            "RegisterIssue",
            "load_register",
            "parse_register",
            "policy_gaps",
            "register_warnings",
            "template_register_path",
            "validate_register",
        ),
        "saferail.governance.register",
    ),
    **dict.fromkeys(
        ("Acceptance", "Mitigation", "Residual", "Risk", "RiskRegister", "RiskStatus", "TestRef"),
        "saferail.governance.risks",
    ),
    **dict.fromkeys(
        (
            "Classification",
            "FailureLabel",
            "FailureTaxonomy",
            "classify",
            "load_taxonomy",
            "signals_from_case",
            "signals_from_findings",
        ),
        "saferail.governance.taxonomy",
    ),
    **dict.fromkeys(("TemplateError", "render", "template_names"), "saferail.governance.templates"),
}

__getattr__ = lazy_getattr(__name__, _LAZY, globals())

__all__ = [
    "Acceptance",
    "Classification",
    "CoverageReport",
    "FailureLabel",
    "FailureTaxonomy",
    "Gap",
    "GapReason",
    "Mitigation",
    "RegisterError",
    "RegisterIssue",
    "Residual",
    "Risk",
    "RiskCoverage",
    "RiskRegister",
    "RiskStatus",
    "TemplateError",
    "TestRef",
    "classify",
    "coverage",
    "load_register",
    "load_taxonomy",
    "parse_register",
    "policy_gaps",
    "register_warnings",
    "render",
    "signals_from_case",
    "signals_from_findings",
    "template_names",
    "template_register_path",
    "validate_register",
]

# The evidence pack: signed manifest, hash-chained approvals log, signing keys.
if TYPE_CHECKING:
    from saferail.governance.approvals import ApprovalEntry, ApprovalError
    from saferail.governance.evidence import (
        Artifact,
        BuiltPack,
        EvidenceError,
        PackInfo,
        PackManifest,
        VerifyReport,
        build_pack,
        record_approval,
        record_log_approval,
        verify_log,
        verify_pack,
        zip_pack,
    )
    from saferail.governance.keys import (
        PublicKey,
        SigningKey,
        SigningKeyError,
        generate_key,
        load_public_key,
        load_signing_key,
        trust_key,
        trusted_keys,
    )

_EVIDENCE = {
    **dict.fromkeys(("ApprovalEntry", "ApprovalError"), "saferail.governance.approvals"),
    **dict.fromkeys(
        (
            "Artifact",
            "BuiltPack",
            "EvidenceError",
            "PackInfo",
            "PackManifest",
            "VerifyReport",
            "build_pack",
            "record_approval",
            "record_log_approval",
            "verify_log",
            "verify_pack",
            "zip_pack",
        ),
        "saferail.governance.evidence",
    ),
    **dict.fromkeys(
        (
            "PublicKey",
            "SigningKey",
            "SigningKeyError",
            "generate_key",
            "load_public_key",
            "load_signing_key",
            "trust_key",
            "trusted_keys",
        ),
        "saferail.governance.keys",
    ),
}
_LAZY.update(_EVIDENCE)  # the same mapping __getattr__ consults
__all__ += [
    "ApprovalEntry",
    "ApprovalError",
    "Artifact",
    "BuiltPack",
    "EvidenceError",
    "PackInfo",
    "PackManifest",
    "PublicKey",
    "SigningKey",
    "SigningKeyError",
    "VerifyReport",
    "build_pack",
    "generate_key",
    "load_public_key",
    "load_signing_key",
    "record_approval",
    "record_log_approval",
    "trust_key",
    "trusted_keys",
    "verify_log",
    "verify_pack",
    "zip_pack",
]

# The system card: Markdown and HTML from the policy, runs, register, telemetry and approvals.
if TYPE_CHECKING:
    from saferail.governance.card_info import (
        CardInfo,
        CardInfoError,
        load_card_info,
        parse_card_info,
    )
    from saferail.governance.system_card import (
        SystemCard,
        SystemCardError,
        build_card,
        render_html,
        render_markdown,
    )

_LAZY.update(
    {
        **dict.fromkeys(
            ("CardInfo", "CardInfoError", "load_card_info", "parse_card_info"),
            "saferail.governance.card_info",
        ),
        **dict.fromkeys(
            ("SystemCard", "SystemCardError", "build_card", "render_html", "render_markdown"),
            "saferail.governance.system_card",
        ),
    }
)
__all__ += [
    "CardInfo",
    "CardInfoError",
    "SystemCard",
    "SystemCardError",
    "build_card",
    "load_card_info",
    "parse_card_info",
    "render_html",
    "render_markdown",
]

# Triage of reported failures and hotfix validation.
if TYPE_CHECKING:
    from saferail.governance.hotfix import (
        HotfixError,
        Outcome,
        Pick,
        Selection,
        history_from_store,
        select_hotfix,
    )
    from saferail.governance.hotfix_run import HotfixRun, SuiteVerdict, derive_suites, run_hotfix
    from saferail.governance.triage import (
        Reported,
        ReportError,
        TriageConfig,
        TriageError,
        TriageResult,
        parse_report,
        read_report,
        render_triage_markdown,
        run_triage,
        write_triage_report,
    )

_TRIAGE = {
    **dict.fromkeys(
        (
            "HotfixError",
            "Outcome",
            "Pick",
            "Selection",
            "history_from_store",
            "select_hotfix",
        ),
        "saferail.governance.hotfix",
    ),
    **dict.fromkeys(
        ("HotfixRun", "SuiteVerdict", "derive_suites", "run_hotfix"),
        "saferail.governance.hotfix_run",
    ),
    **dict.fromkeys(
        (
            "ReportError",
            "Reported",
            "TriageConfig",
            "TriageError",
            "TriageResult",
            "parse_report",
            "read_report",
            "render_triage_markdown",
            "run_triage",
            "write_triage_report",
        ),
        "saferail.governance.triage",
    ),
}
_LAZY.update(_TRIAGE)
__all__ += [
    "HotfixError",
    "HotfixRun",
    "Outcome",
    "Pick",
    "ReportError",
    "Reported",
    "Selection",
    "SuiteVerdict",
    "TriageConfig",
    "TriageError",
    "TriageResult",
    "derive_suites",
    "history_from_store",
    "parse_report",
    "read_report",
    "render_triage_markdown",
    "run_hotfix",
    "run_triage",
    "select_hotfix",
    "write_triage_report",
]
