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
    "check_pins",
    "verify_pinned",
]

_TABLE = {
    "ArtifactIntegrityError": "saferail.supply.pins",
    "check_pins": "saferail.supply.pins",
    "verify_pinned": "saferail.supply.pins",
}

__getattr__ = lazy_getattr(__name__, _TABLE, globals())

if TYPE_CHECKING:
    from saferail.supply.pins import ArtifactIntegrityError, check_pins, verify_pinned
