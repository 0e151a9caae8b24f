"""Internals of the ``secret`` check (:mod:`saferail.checks.secrets`).

The pattern tables (``patterns_*``, assembled in :mod:`.patterns`), the placeholder
filter (:mod:`.placeholders`), secret-name rules (:mod:`.names`), the evaluation of a
provider-format match (:mod:`.formats`) and of a generic assignment (:mod:`.generic`), and
the RE2 set scan that ties them together (:mod:`.scan`). Nothing here is public API: import
from :mod:`saferail.checks.secrets`.
"""

from __future__ import annotations

__all__: list[str] = []
