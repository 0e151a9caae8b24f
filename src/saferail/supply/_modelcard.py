"""CycloneDX ``modelCard`` and ``data`` objects, added to the serialized BOM.

cyclonedx-python-lib (11.x) models every part of a 1.6 BOM that saferail needs except the
component fields ``modelCard`` and ``data`` (left as TODO in the library), so they are
added to the JSON it writes and the whole document is then validated against the 1.6 schema
(:func:`saferail.supply.bom.validate_bom`). Their content comes from the lineage table
(:mod:`saferail.supply.lineage`) and the metrics stored in each artifact's metadata.
"""

from __future__ import annotations

__all__ = ["add_cards", "metrics_of"]

from typing import Any

from saferail.supply.lineage import MODELS, ModelInfo

_DETECTOR_METRICS = ("recall", "fpr", "precision", "f1", "roc_auc")
_RATES = ("accuracy", "sensitivity", "specificity", "balanced_accuracy")


def _metric(kind: str, value: Any, where: str) -> dict[str, str]:
    return {"type": kind, "value": f"{float(value):.4g}", "slice": where}


def metrics_of(file: str, meta: dict[str, Any], threshold: float | None) -> list[dict[str, str]]:
    """Performance metrics recorded in an artifact's metadata by its training script."""
    out: list[dict[str, str]] = []
    heldout = (meta.get("report") or {}).get("heldout") or {}
    for key in _DETECTOR_METRICS:
        if isinstance(heldout.get(key), int | float):
            out.append(_metric(key, heldout[key], "held-out sources (MODEL_CARD.md)"))
    blocks: dict[str, Any] = {
        "5-fold CV, all labelled pairs": meta.get("cv_scorer_all_labelled"),
        "5-fold CV, held-in": (meta.get("cv") or {}).get("pyrit_harm"),
    }
    sweep = meta.get("cv_sweep") or {}
    similarity = meta.get("min_word_similarity")
    if similarity is not None:
        blocks["5-fold CV on TRAIN"] = sweep.get(str(similarity))
    for where, block in blocks.items():
        if isinstance(block, dict):
            out.extend(
                _metric(k, block[k], where) for k in _RATES if isinstance(block.get(k), int | float)
            )
    if threshold is not None:
        out.append(_metric("decision-threshold", threshold, "shipped artifact"))
    return out


def _card(info: ModelInfo, metrics: list[dict[str, str]]) -> dict[str, Any]:
    params: dict[str, Any] = {
        "task": info.task,
        "architectureFamily": info.architecture.split(" over ")[0],
        "modelArchitecture": info.architecture,
        "inputs": [{"format": "text"}],
        "outputs": [{"format": "probability" if info.task != "feature-extraction" else "vector"}],
    }
    if info.training:
        params["approach"] = {"type": "supervised"}
        params["datasets"] = [{"ref": f"dataset:{name}"} for name in info.training]
    card: dict[str, Any] = {
        "bom-ref": f"model-card:{info.file}",
        "modelParameters": params,
        "considerations": {
            "useCases": [f"saferail {info.used_by}"],
            "technicalLimitations": list(info.limitations)
            or [f"see data/models/{info.card} in the saferail package"],
        },
    }
    if metrics:
        card["quantitativeAnalysis"] = {"performanceMetrics": metrics}
    if info.evaluation:
        card["properties"] = [
            {"name": "saferail:evaluation_dataset", "value": name} for name in info.evaluation
        ]
    return card


_LOCAL_CARD: dict[str, Any] = {
    "bom-ref": "model-card:SmolLM2-135M-Instruct",
    "modelParameters": {
        "task": "text-generation",
        "architectureFamily": "transformer",
        "modelArchitecture": "SmolLM2-135M-Instruct, llama architecture, GGUF Q4_1",
        "inputs": [{"format": "chat messages"}],
        "outputs": [{"format": "text"}],
    },
    "considerations": {
        "useCases": ["offline demos, evals and red-team runs of saferail (the 'local' target)"],
        "technicalLimitations": ["135M parameters: weak instruction following, not for production"],
    },
}


def _walk(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for comp in components:
        out.append(comp)
        out.extend(_walk(comp.get("components") or []))
    return out


def add_cards(
    bom: dict[str, Any],
    metrics: dict[str, list[dict[str, str]]],
    suites: dict[str, int],
) -> dict[str, Any]:
    """Add ``modelCard`` to model components and ``data`` to data components, in place."""
    for comp in _walk(bom.get("components") or []):
        ref = str(comp.get("bom-ref", ""))
        if ref.startswith("data:models/"):
            file = ref.removeprefix("data:models/")
            if file in MODELS:
                comp["modelCard"] = _card(MODELS[file], metrics.get(file, []))
        elif ref == "model:SmolLM2-135M-Instruct" and comp.get("hashes"):
            comp["modelCard"] = _LOCAL_CARD
        elif ref.startswith("dataset:"):
            name = ref.removeprefix("dataset:")
            comp["data"] = [{"type": "dataset", "name": name, "classification": "public"}]
        elif ref.startswith("data:suites/") and ref.endswith(".yaml"):
            name = ref.removeprefix("data:suites/").removesuffix(".yaml")
            contents = {"properties": [{"name": "saferail:cases", "value": str(suites[name])}]}
            comp["data"] = [
                {"type": "dataset", "name": f"suite {name}", "contents": contents},
            ]
        elif ref.startswith("policy:"):
            comp["data"] = [{"type": "configuration", "name": comp.get("name", "policy")}]
    return bom
