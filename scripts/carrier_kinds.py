"""Carrier kinds of the synthetic documents, for the clean-document dev proxy.

``train_detectors.py --within-cv --carrier-cv`` folds the synthetic DOCUMENTS (clean and
injected) by carrier kind: for each kind, a model fitted without any document of that kind
scores the clean documents of that kind. It estimates the false-positive rate on clean
documents of a carrier type never seen in training (the held-out BIPIA e-mail/code documents
are such a type), from training-side data only.

Documents and their kinds (by template index; every generator is called exactly as the
training data builders call it, and each template's rows are contiguous in its output):

* ``scripts/synth_injections.py`` -- the 12 v3 carriers, clean (``carriers``) and injected
  (``indirect``);
* ``scripts/synth_injections_v6.py`` -- the 10 v6 short documents, with an instruction
  (``indirect_v6``) or a note for human readers (the last part of ``benign_v6``);
* ``scripts/synth_attacks_v5.py`` -- the 16 v5 carriers, clean or with human-addressed
  notes (``benign_docs_v5``; not prompt_injection training data unless ``--v5-injection``).

Probes (scored, never trained on unless they are training rows anyway): more clean v3
carriers, all the v6 short documents with human notes and more clean v5 documents, drawn with
larger ``n_per`` from the same generators, and long documents joined from 5 of them (a
thread of e-mails, a file of functions; scored by windows). Only kinds and counts leave this
module's callers.
"""

from __future__ import annotations

import random

import synth_attacks_v5 as sa
import synth_injections as si
import synth_injections_v6 as s6

__all__ = ["GROUPS", "KINDS_V3", "KINDS_V5", "KINDS_V6", "kinded_documents", "probes"]

# kind groups: a left-out group is every document of those kinds
GROUPS = ("email", "code", "table", "tool_output", "web", "notes")

# synth_injections.CARRIERS: e-mail, markdown table, Python, JSON search result, HTML page,
# review, calendar entry, ticket, CSV, JavaScript, search results, meeting notes
KINDS_V3 = (
    "email",
    "table",
    "code",
    "tool_output",
    "web",
    "notes",
    "notes",
    "notes",
    "table",
    "code",
    "tool_output",
    "notes",
)
# synth_injections_v6.SHORT_DOCS: JSON status, Python, e-mail, chat line, CSV row, img alt,
# SQL migration, product answer, JSON results, YAML config
KINDS_V6 = (
    "tool_output",
    "code",
    "email",
    "notes",
    "table",
    "web",
    "code",
    "notes",
    "tool_output",
    "code",
)
# synth_attacks_v5.CARRIERS_V5: e-mail, markdown table, Python, JSON, markdown notes, HTML,
# SQL, CI YAML, shell output, chat log, img/link alt, review, document page, JavaScript, web
# search tool result, customer letter
KINDS_V5 = (
    "email",
    "table",
    "code",
    "tool_output",
    "notes",
    "web",
    "code",
    "code",
    "tool_output",
    "notes",
    "web",
    "notes",
    "notes",
    "code",
    "tool_output",
    "email",
)
assert len(KINDS_V3) == len(si.CARRIERS)
assert len(KINDS_V6) == len(s6.SHORT_DOCS)
assert len(KINDS_V5) == len(sa.CARRIERS_V5)


def _by_template(texts: list[str], kinds: tuple[str, ...], part: str) -> list[tuple[str, str]]:
    """(kind, text) for a generator's output: the templates of ``part`` (even indices for
    "train", odd otherwise), each with the same number of contiguous rows."""
    own = [k for i, k in enumerate(kinds) if i % 2 == (0 if part == "train" else 1)]
    per, rest = divmod(len(texts), len(own))
    assert rest == 0, "unexpected generator layout"
    return [(own[i // per], t) for i, t in enumerate(texts)]


def _v6_short_benign(part: str) -> list[str]:
    """The short-document part of ``benign_v6`` (its last rows)."""
    n = len(s6._half(s6.SHORT_DOCS, part)) * len(s6._half(s6.HUMAN_NOTES, part)) * 2
    return s6.benign_v6(part)[-n:]


def kinded_documents() -> dict[str, str]:
    """text -> kind for every synthetic document the training builders can add."""
    out: dict[str, str] = {}
    for gen_part, part in (("train", "train"), ("test", "dev")):
        for texts, kinds, p in (
            (si.carriers(gen_part), KINDS_V3, gen_part),
            (si.indirect(gen_part), KINDS_V3, gen_part),
            (s6.indirect_v6(part), KINDS_V6, part),
            (_v6_short_benign(part), KINDS_V6, part),
            (sa.benign_docs_v5(part), KINDS_V5, part),
            (sa.indirect_v5(part), KINDS_V5, part),
        ):
            out.update((t, k) for k, t in _by_template(texts, kinds, p))
    return out


def probes(n_per: int = 30) -> dict[str, list[tuple[str, str]]]:
    """Clean probe documents by family: ``family -> [(kind, text)]``."""
    out: dict[str, list[tuple[str, str]]] = {"v3_carriers": [], "v6_short": [], "v5_docs": []}
    for gen_part, part in (("train", "train"), ("test", "dev")):
        out["v3_carriers"] += _by_template(si.carriers(gen_part, n_per), KINDS_V3, gen_part)
        out["v6_short"] += _by_template(_v6_short_benign(part), KINDS_V6, part)
        out["v5_docs"] += _by_template(sa.benign_docs_v5(part, n_per), KINDS_V5, part)
    out = {fam: list(dict.fromkeys(rows)) for fam, rows in out.items()}
    out["long"] = _long(out["v3_carriers"] + out["v5_docs"])
    return out


def _long(rows: list[tuple[str, str]], k: int = 5) -> list[tuple[str, str]]:
    """LONG documents (scored by windows): ``k`` clean documents of one kind joined, like a
    thread of e-mails or a file of several functions (a fixed shuffle per kind)."""
    out: list[tuple[str, str]] = []
    for kind in GROUPS:
        docs = [t for kd, t in rows if kd == kind]
        random.Random(f"long-{kind}").shuffle(docs)
        out += [(kind, "\n\n".join(docs[i : i + k])) for i in range(0, len(docs) - k + 1, k)]
    return out
