"""Supply-chain assurance: pinned artifact hashes, a CycloneDX ML-BOM, and verification.

* :mod:`saferail.supply.pins`: the SHA-256 of every bundled artifact (``data/PINS.json``),
  checked when a model artifact or built-in suite is loaded;
* :mod:`saferail.supply.bom`: a CycloneDX 1.6 ML-BOM of an installation (models with their
  model cards and training-data lineage, suites and data files, the policy, packages);
* :mod:`saferail.supply.verify`: an installation checked against a BOM or the pins.

Names resolve lazily: importing the package does not import the CycloneDX library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferail._lazy import lazy_getattr

__all__ = [
    "ArtifactIntegrityError",
    "BomError",
    "VerifyReport",
    "build_bom",
    "check_pins",
    "verify_bom",
    "verify_installation",
    "verify_pinned",
    "write_bom",
]

_TABLE = {
    "ArtifactIntegrityError": "saferail.supply.pins",
    "check_pins": "saferail.supply.pins",
    "verify_pinned": "saferail.supply.pins",
    "BomError": "saferail.supply.bom",
    "build_bom": "saferail.supply.bom",
    "write_bom": "saferail.supply.bom",
    "VerifyReport": "saferail.supply.verify",
    "verify_bom": "saferail.supply.verify",
    "verify_installation": "saferail.supply.verify",
}

__getattr__ = lazy_getattr(__name__, _TABLE, globals())

if TYPE_CHECKING:
    from saferail.supply.bom import BomError, build_bom, write_bom
    from saferail.supply.pins import ArtifactIntegrityError, check_pins, verify_pinned
    from saferail.supply.verify import VerifyReport, verify_bom, verify_installation
