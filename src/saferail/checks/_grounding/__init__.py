"""Internals of the ``ungrounded`` and ``citation`` checks.

Words, key terms and light stemming shared by answers and documents (:mod:`.text`), the
cached index of a call's context (:mod:`.context`), the features of one claim against
that index (:mod:`.features`), the small trained scorer that turns them into a calibrated
probability (:mod:`.model`) and the claim-support function both checks use
(:mod:`.support`). Nothing here is public API: import from
:mod:`saferail.checks.grounding` and :mod:`saferail.checks.citation`.
"""

from __future__ import annotations

__all__: list[str] = []
