"""Internals of the ``exfiltration`` check (:mod:`saferail.checks.exfiltration`).

The RE2 pattern table and character tables (:mod:`.patterns`), URL resolution the way a
browser does it and the host allow-list (:mod:`.urls`), extraction of URLs from markdown,
HTML and CSS markup (:mod:`.markup`), the data-in-URL heuristics (:mod:`.heuristics`) and
the verdict on one URL (:mod:`.verdicts`). Nothing here is public API: import from
:mod:`saferail.checks.exfiltration`.
"""

from __future__ import annotations

__all__: list[str] = []
