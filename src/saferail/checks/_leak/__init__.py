"""Internals of the ``system_prompt_leak`` check (:mod:`saferail.checks.system_prompt_leak`).

Finding the canary in an answer, plainly or encoded (:mod:`.canary`), splitting text into
words the same way for the prompt and the answer (:mod:`.words`), and the prompt's n-gram
index with the search for its n-grams in an answer (:mod:`.ngrams`). Nothing here is
public API: import from :mod:`saferail.checks.system_prompt_leak`.
"""

from __future__ import annotations

__all__: list[str] = []
