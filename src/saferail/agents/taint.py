"""Information-flow tracking for an agent session: which content came from where.

A :class:`FlowTracker` is told about every piece of content an agent sees, with its source:

- ``user`` and ``system`` content is **trusted**: values in it may be used as destinations;
- ``retrieval``, ``tool_output``, ``web`` and ``upload`` content is **untrusted**: seeing any
  of it *taints* the session (the tracker records the source, its size and a digest). A
  tool's output can be declared trusted, wholly or for some fields (ids, senders): those
  values count as trusted, the rest of the output still taints.

**User selection**: a tool can declare ``selected_fields`` (a transfer's sender, an e-mail's
id). Those values are not trusted on their own, since anyone can send you a cent or an
e-mail, but :meth:`FlowTracker.selected` vouches for them in one case: the user's own
message picks out exactly one record of the tool outputs (a JSON object in a list) by a
phrase of at least two content words ("the *concert tickets*", "the *weekly deals*
newsletter"), and that message asks for the action (one of the calling tool's intent
words, such as "pay" or "delete"). A second record carrying the same words (an attacker
imitating the user's wording) makes the choice ambiguous, and then nothing is selected.

**Designated documents**: an output whose call's arguments the user typed in a request with
an intent word ("pay the bill in *bill-december.txt*") is the document the user pointed
at. :meth:`FlowTracker.designated` vouches for a value in it when it is the document's
*only* value of its kind (as the secret and personal-data detector classifies it: one IBAN,
one e-mail address): an injection that adds a second account number to the document makes
both ambiguous.

Every observed text also runs through a detector of secrets and personal data; the values it
finds are kept as **keyed fingerprints** (a BLAKE2b hash of the value's letters and digits,
with a per-tracker random key), never as text. Values the user typed are exempt: the user
may send their own IBAN where they like.

What "derived" means here, honestly: a value is *carried* by a later tool argument when the
argument contains it again after normalization (NFKC, case folded, only letters and digits
kept, so ``DE89 3704 …`` matches ``de893704…``). Untrusted text is *carried* when a run of at
least ``min_chars`` such characters of it reappears. A payload is also read as it decodes:
JSON and backslash escapes (``\\u0436``, ``\\n``), percent-escapes (``%20``, ``%40``), HTML
character references, runs of base64 and of hex are undone (a few rounds, so an escaped
value inside a JSON string inside a URL is found too), and every form is also read through
rot13, before matching, see :func:`decoded_forms`. Anything the model transforms more
(translation, summarizing, other encodings, splitting a value in pieces) is not recognized
as derived: these rails stop verbatim, lightly
reformatted and plainly encoded flows, and the destination rules (see
:mod:`saferail.agents.toolpolicy`) are what holds when the data is disguised.
"""

from __future__ import annotations

__all__ = ["TRUSTED_SOURCES", "Detector", "FlowTracker", "SourceKind", "TaintSource"]

import base64
import binascii
import codecs
import hashlib
import html
import itertools
import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

SourceKind = Literal["user", "system", "retrieval", "tool_output", "web", "upload"]
TRUSTED_SOURCES: frozenset[str] = frozenset({"user", "system"})
Detector = Callable[[str], list[tuple[str, int, int]]]
"""Finds sensitive values in a text: ``(kind, start, end)``; kind is an entity type or
``"secret"``."""

_WINDOW = 16
_CLAUSE = re.compile(r"[,;!?\n]+|[.:](?=\s|$)")  # splits a request into clauses
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")  # "e-mail", "sign-in" are one word
_STOPWORDS = frozenset(
    """a an the and or but if then than so to of in on at by for from with without into onto
    over under about after before as is are was were be been being am do does did done have
    has had i me my mine we us our you your yours he him his she her hers it its they them
    their this that these those there here what which who whom whose when where why how all
    any some each every no not only own same too very can could will would shall should may
    might must just also please thanks thank s t d ll m re ve e up out off again once much
    many more most other such""".split()
)
_MIN_VALUE = 6
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Record:
    """One JSON object of a tool output: its words (per leaf) and its selectable values."""

    leaves: tuple[str, ...]  # " word word " per leaf, for whole-word phrase search
    values: frozenset[str]  # compact forms of its selected-field leaves
    parent: int | None  # index of the record it is nested in


@dataclass(frozen=True, slots=True)
class _Document:
    """An output and the argument values of the call that produced it."""

    arguments: tuple[str, ...]  # loose forms
    values: dict[str, frozenset[str]]  # detector kind -> fingerprints of its values


@dataclass(frozen=True, slots=True)
class TaintSource:
    """One piece of untrusted content the session saw (no content, only where and how big)."""

    kind: str
    label: str
    chars: int
    digest: str


def compact(text: str) -> str:
    """NFKC, case folded, letters and digits only: the form values are matched in."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def loose(text: str) -> str:
    """NFKC, case folded, whitespace collapsed: the form phrases are matched in."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


class FlowTracker:
    """Taint, trusted values and sensitive-value fingerprints of one session.

    ``detector`` finds secrets and personal data (default: the registered ``secret`` and
    ``pii`` checks with their default parameters). ``max_chars`` bounds the untrusted text
    kept for matching; past it the tracker is ``overflowed`` and callers should assume any
    payload may carry untrusted data.
    """

    def __init__(self, *, detector: Detector | None = None, max_chars: int = 200_000) -> None:
        self._detector = detector
        self.max_chars = max_chars
        self.sources: list[TaintSource] = []
        self.overflowed = False
        self._key = os.urandom(16)
        self._seen: set[str] = set()
        self._trusted: list[str] = []  # loose forms
        self._untrusted: list[tuple[str, str]] = []  # (label, loose form)
        self._untrusted_chars = 0
        self._windows: set[int] = set()
        self._sensitive: dict[str, str] = {}  # fingerprint -> kind
        self._lengths: set[int] = set()
        self._user_values: set[str] = set()  # fingerprints of values the user typed
        self._user_texts: list[str] = []  # loose forms of user and system content
        self._user_words: list[str] = []  # " word word " of each user clause
        self._user_messages: list[str] = []  # loose form of each user clause
        self._documents: list[_Document] = []
        self._records: list[_Record] = []
        self._record_digests: set[str] = set()
        self._record_chars = 0
        self._records_dropped = False  # past max_chars: no record can be told unique
        self._lock = threading.Lock()

    @property
    def tainted(self) -> bool:
        """True once any untrusted content was observed."""
        return bool(self.sources)

    # -- observing -----------------------------------------------------------------------

    def observe(
        self,
        content: Any,
        *,
        source: SourceKind,
        label: str = "",
        trusted: bool = False,
        trusted_fields: Sequence[str] = (),
        selected_fields: Sequence[str] = (),
        arguments: Sequence[str] = (),
    ) -> None:
        """Record content seen by the agent. ``content`` is text, UTF-8 bytes or JSON-like
        data (a JSON string is decoded; keys that are not plain field names, such as a
        sentence or an address used as a key, count as text of the content); with
        ``trusted_fields``, leaves under those keys are trusted metadata; with
        ``selected_fields``, the records of the output are kept so that the user's words
        can select one (see :meth:`selected`); ``arguments`` are the string arguments of
        the call that produced it (see :meth:`designated`). The same content from the same
        source is recorded once."""
        data = _decode(content)
        blob = data if isinstance(data, str) else json.dumps(data, sort_keys=True, default=str)
        head = "\x00".join([source, label, *arguments])
        digest = hashlib.sha256(f"{head}\x00{blob}".encode()).hexdigest()
        with self._lock:
            if digest in self._seen:
                return
            self._seen.add(digest)
            base_trusted = trusted or source in TRUSTED_SOURCES
            if source in TRUSTED_SOURCES:
                self._user_texts.append(loose(blob))
            if source == "user":
                for clause in _CLAUSE.split(blob):
                    if clause.strip():
                        self._user_words.append(_words(clause))
                        self._user_messages.append(loose(clause))
            if selected_fields and not isinstance(data, str):
                self._add_records(data, selected_fields)
            untrusted_chars = 0
            found: dict[str, set[str]] = {}
            for path, text in _leaves(data, keys=True):
                leaf_trusted = base_trusted or _field_trusted(path, trusted_fields)
                for kind, mark in self._sensitive_values(text, source):
                    found.setdefault(kind, set()).add(mark)
                if leaf_trusted:
                    self._trusted.append(loose(text))
                else:
                    untrusted_chars += len(text)
                    self._add_untrusted(label or source, text)
            named = tuple(loose(a) for a in arguments if loose(a))
            if named and not base_trusted:
                values = {k: frozenset(v) for k, v in found.items()}
                self._documents.append(_Document(named, values))
            if untrusted_chars:
                self.sources.append(TaintSource(source, label, untrusted_chars, digest[:16]))

    def _add_records(self, data: Any, fields: Sequence[str]) -> None:
        """Keep the records (objects in lists, else the top object) of a structured output."""

        def walk(node: Any, path: tuple[str, ...], parent: int | None, listed: bool) -> None:
            if isinstance(node, dict):
                if listed or (parent is None and not path):
                    blob = json.dumps(node, sort_keys=True, default=str)
                    digest = hashlib.sha256(blob.encode()).hexdigest()
                    if digest in self._record_digests:
                        return  # the same record again (a second listing): kept once
                    self._record_digests.add(digest)
                    leaves = list(_leaves(node, path))
                    self._record_chars += sum(len(t) for _, t in leaves)
                    if self._record_chars > self.max_chars:
                        self._records_dropped = True
                        return
                    values = {compact(t) for p, t in leaves if _field_trusted(p, fields)}
                    self._records.append(
                        _Record(
                            tuple(_words(t) for _, t in leaves),
                            frozenset(v for v in values if v),
                            parent,
                        )
                    )
                    parent = len(self._records) - 1
                for key, value in node.items():
                    walk(value, (*path, str(key)), parent, False)
            elif isinstance(node, list | tuple):
                for value in node:
                    walk(value, (*path, "*"), parent, True)

        walk(data, (), None, False)

    def _add_untrusted(self, label: str, text: str) -> None:
        if self._untrusted_chars + len(text) > self.max_chars:
            self.overflowed = True
            return
        self._untrusted_chars += len(text)
        self._untrusted.append((label, loose(text)))
        flat = compact(text)
        self._windows.update(hash(flat[i : i + _WINDOW]) for i in range(len(flat) - _WINDOW + 1))

    def _sensitive_values(self, text: str, source: str) -> list[tuple[str, str]]:
        """Fingerprint the detected values of a text; return their (kind, fingerprint)."""
        out: list[tuple[str, str]] = []
        for kind, start, end in self._detect(text):
            flat = compact(text[start:end])
            if len(flat) < _MIN_VALUE:
                continue
            mark = self._fingerprint(flat)
            out.append((kind, mark))
            if source == "user":
                self._user_values.add(mark)
            else:
                self._sensitive.setdefault(mark, kind)
                self._lengths.add(len(flat))
        return out

    def _detect(self, text: str) -> list[tuple[str, int, int]]:
        detector = self._detector or default_detector()
        return detector(text)

    def _fingerprint(self, flat: str) -> str:
        return hashlib.blake2b(flat.encode(), key=self._key, digest_size=16).hexdigest()

    # -- questions -----------------------------------------------------------------------

    def is_trusted(self, value: str) -> bool:
        """Whether ``value`` appears in trusted content (as a whole word or phrase; long
        digit-bearing identifiers also match with their spaces and dashes removed)."""
        with self._lock:
            texts = list(self._trusted)
        return _appears(value, texts)

    def user_provided(self, value: str, intent: Collection[str] | None = None) -> bool:
        """Whether ``value`` appears in what the user or the system prompt said (not in
        trusted tool output), matched as :meth:`is_trusted` matches. With ``intent``, only
        in a user message that contains one of those words (none: no message counts)."""
        with self._lock:
            texts = list(self._user_texts) if intent is None else self._asking(intent)
        return _appears(value, texts)

    def _asking(self, intent: Collection[str]) -> list[str]:
        """The clauses of user messages (loose) that contain one of the ``intent`` words."""
        wanted = {w for w in (_words(i) for i in intent) if w.strip()}
        return [
            text
            for text, words in zip(self._user_messages, self._user_words, strict=True)
            if any(w in words for w in wanted)
        ]

    def selected(self, value: str, intent: Collection[str]) -> bool:
        """Whether ``value`` is a selected-field value of the one record the user picked.

        Only user messages that contain one of the ``intent`` words (whole words, case
        folded) count. Their key phrases are the pairs of consecutive content words (not
        stopwords, not numbers) without an intent word: "monthly payment" names the action, which an
        injection asking for a payment names too, not the record.
        The records whose text contains a key phrase as whole words, less those that
        merely contain a matching record, must be exactly one; ``value`` (normalized)
        must then equal one of its selected-field values. No intent words, or more record
        text than ``max_chars`` seen (a dropped record could be the second match): nothing
        is selected."""
        flat = compact(value)
        wanted = {w for w in (_words(i) for i in intent) if w.strip()}
        if not flat or not wanted:
            return False
        with self._lock:
            if self._records_dropped:
                return False
            messages = [m for m in self._user_words if any(w in m for w in wanted)]
            records = list(self._records)
        # pairs with an intent word name the action ("monthly payment"), not the record
        phrases = {p for m in messages for p in _phrases(m) if not any(w in p for w in wanted)}
        if not phrases:
            return False
        hits = {
            i for i, r in enumerate(records) if any(p in leaf for leaf in r.leaves for p in phrases)
        }
        for i in list(hits):
            parent = records[i].parent
            while parent is not None:
                hits.discard(parent)
                parent = records[parent].parent
        return len(hits) == 1 and flat in records[hits.pop()].values

    def designated(self, value: str, intent: Collection[str]) -> bool:
        """Whether ``value`` is the only value of its kind in a document the user pointed at.

        A document is an untrusted output observed with the ``arguments`` of its call; it is
        pointed at when one user message contains an ``intent`` word and every one of
        those arguments (as a whole phrase, like :meth:`user_provided`). ``value``
        (normalized) must be a detected value (an IBAN, an e-mail address...) of such a
        document, and the document must hold no other value of that kind."""
        flat = compact(value)
        if len(flat) < _MIN_VALUE:
            return False
        mark = self._fingerprint(flat)
        with self._lock:
            messages = self._asking(intent)
            documents = list(self._documents)
        for doc in documents:
            if not any(all(_contains_phrase(m, a) for a in doc.arguments) for m in messages):
                continue
            if any(kind == {mark} for kind in doc.values.values()):
                return True
        return False

    def seen_untrusted(self, value: str) -> str | None:
        """The label of the first untrusted source whose text contains ``value``."""
        needle = loose(value)
        if not needle:
            return None
        with self._lock:
            texts = list(self._untrusted)
        return next((label for label, t in texts if _contains_phrase(t, needle)), None)

    def sensitive_in(self, text: str, kinds: Collection[str]) -> list[str]:
        """Kinds of sensitive values (of ``kinds``) that ``text`` carries (as written or
        decoded, see :func:`decoded_forms`), sorted, unique. Values the user typed
        themselves are not counted."""
        found: set[str] = set()
        with self._lock:
            for form in decoded_forms(text):
                found |= self._sensitive_kinds(compact(form), kinds)
        return sorted(found)

    def _sensitive_kinds(self, flat: str, kinds: Collection[str]) -> set[str]:
        found: set[str] = set()
        for length in self._lengths:
            for i in range(len(flat) - length + 1):
                mark = self._fingerprint(flat[i : i + length])
                kind = self._sensitive.get(mark)
                if kind is not None and kind in kinds and mark not in self._user_values:
                    found.add(kind)
        return found

    def carries_untrusted(self, text: str, min_chars: int) -> bool:
        """Whether ``text`` (as written or decoded, see :func:`decoded_forms`) contains a
        run of at least ``min_chars`` (normalized) characters of untrusted content."""
        need = max(1, min_chars - _WINDOW + 1)
        with self._lock:
            return any(self._has_run(compact(form), need) for form in decoded_forms(text))

    def _has_run(self, flat: str, need: int) -> bool:
        """Whether ``need`` consecutive windows of ``flat`` are untrusted windows."""
        run = 0
        for i in range(len(flat) - _WINDOW + 1):
            run = run + 1 if hash(flat[i : i + _WINDOW]) in self._windows else 0
            if run >= need:
                return True
        return False


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S)
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{16,}")
# eight or more hex-encoded bytes, optionally each followed by a space, colon or hyphen
_HEX_RUN = re.compile(r"(?:[0-9a-fA-F]{2}[ :-]?){8,}")
_HEX_SEPARATORS = str.maketrans("", "", " :-")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_DECODE_ROUNDS = 3
_MAX_FORMS = 12


def decoded_forms(text: str) -> list[str]:
    """``text`` and what it reads as decoded: backslash escapes (JSON's ``\\uXXXX``,
    ``\\n``...), percent-escapes, HTML character references and runs of base64 and of hex
    undone, each decoding applied again to the results for a few rounds (an escaped value
    inside a JSON string inside a URL), then each of those read through rot13. Only forms
    that differ are returned, at most a dozen decoded ones and their rot13 readings."""
    forms = [text]
    frontier = [text]
    for _ in range(_DECODE_ROUNDS):
        found: list[str] = []
        for form in frontier:
            decodings = (_unescape, _unpercent, _unentity, _unbase64, _unhex)
            for decoded in (decode(form) for decode in decodings):
                if decoded and decoded not in forms and len(forms) < _MAX_FORMS:
                    forms.append(decoded)
                    found.append(decoded)
        frontier = found
    rot13 = [codecs.encode(f, "rot13") for f in forms if _ASCII_LETTER.search(f)]
    return forms + [f for f in rot13 if f not in forms]


def _unescape(text: str) -> str:
    """Backslash escapes decoded (surrogate pairs joined); the text itself if none."""
    if "\\" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        if code is not None:
            return chr(int(code, 16))
        return _ESCAPED.get(m.group(3), m.group(3))

    decoded = _ESCAPE.sub(one, text)
    return decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _unpercent(text: str) -> str:
    return unquote(text, errors="replace") if _PERCENT.search(text) else text


def _unentity(text: str) -> str:
    return html.unescape(text) if _ENTITY.search(text) else text


def _unbase64(text: str) -> str:
    """The UTF-8 text of every run of (standard or URL-safe) base64 in ``text``, one per
    line; ``""`` when no run decodes to text."""
    pieces = [p for p in (_base64_text(m.group()) for m in _BASE64_RUN.finditer(text)) if p]
    return "\n".join(pieces)


def _unhex(text: str) -> str:
    """The UTF-8 text of every run of hex-encoded bytes in ``text`` (``48656c6c6f``,
    ``48 65 6c 6c 6f``, ``48:65:6c``), one per line; ``""`` when no run decodes to text."""
    pieces = []
    for m in _HEX_RUN.finditer(text):
        digits = m.group().translate(_HEX_SEPARATORS)
        try:
            decoded = bytes.fromhex(digits[: len(digits) // 2 * 2]).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            continue
        if all(c.isprintable() or c.isspace() for c in decoded):
            pieces.append(decoded)
    return "\n".join(pieces)


def _base64_text(run: str) -> str | None:
    """A base64 run as UTF-8 text, trying each of the four alignments (the run may start
    with a character that belongs to the text around it); ``None`` if none decodes."""
    run = run.translate(str.maketrans("-_", "+/"))
    for skip in range(4):
        body = run[skip:]
        body = body[:-1] if len(body) % 4 == 1 else body  # one char cannot be a byte
        if len(body) < 16:
            return None
        try:
            data = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
            # a run cut short may end inside a character: that tail is not an error
            return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        except (binascii.Error, UnicodeDecodeError):
            continue
    return None


def _appears(value: str, texts: Sequence[str]) -> bool:
    needle = loose(value)
    if not needle:
        return False
    if any(_contains_phrase(t, needle) for t in texts):
        return True
    flat = compact(value)
    if len(flat) >= 12 and len(_DIGITS.findall(flat)) >= 6:
        return any(flat in compact(t) for t in texts)
    return False


def _words(text: str) -> str:
    """`` word word `` of a text (NFKC, case folded), for whole-word phrase search."""
    return " " + " ".join(_WORD.findall(loose(text))) + " "


def _phrases(words: str) -> set[str]:
    """Every pair of consecutive content words, as `` w1 w2 `` (a text containing a longer
    run of the user's content words contains one of its pairs). Stopwords and numbers are
    not content: an amount or a date ("20 EUR") is as likely in an attacker's text."""
    tokens = words.split()
    return {f" {a} {b} " for a, b in itertools.pairwise(tokens) if _content(a) and _content(b)}


def _content(word: str) -> bool:
    return word not in _STOPWORDS and any(ch.isalpha() for ch in word)


def _contains_phrase(haystack: str, needle: str) -> bool:
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        before = haystack[start - 1] if start else " "
        after = haystack[end] if end < len(haystack) else " "
        if not (before.isalnum() or after.isalnum()):
            return True
        start = haystack.find(needle, start + 1)
    return False


def _decode(content: Any) -> Any:
    if isinstance(content, bytes | bytearray | memoryview):
        content = bytes(content).decode("utf-8", errors="replace")
    if isinstance(content, str):
        stripped = content.lstrip()
        if stripped[:1] in ("{", "["):
            try:
                return json.loads(content)
            except ValueError:
                return content
    return content


def _leaves(
    data: Any, path: tuple[str, ...] = (), *, keys: bool = False
) -> Iterator[tuple[tuple[str, ...], str]]:
    """(key path, text) of every string or number leaf; list indexes become ``*``; any other
    value but ``None`` and booleans (bytes, objects) is a leaf as its text. With ``keys``, a
    key that is not a plain field name (see :func:`_content_key`) is a leaf too, at the path
    of its object: a map from attacker-chosen names to values carries their text."""
    if isinstance(data, dict):
        for key, value in data.items():
            name = str(key)
            if keys and _content_key(name):
                yield path, name
            yield from _leaves(value, (*path, name), keys=keys)
    elif isinstance(data, list | tuple | set | frozenset):
        for value in data:
            yield from _leaves(value, (*path, "*"), keys=keys)
    elif isinstance(data, bytes | bytearray | memoryview):
        yield from _leaves(bytes(data).decode("utf-8", errors="replace"), path)
    elif isinstance(data, str):
        if data:
            yield path, data
    elif data is not None and not isinstance(data, bool):
        yield path, str(data)


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,39}")


def _content_key(key: str) -> bool:
    """Whether a key is content rather than a field name: anything but a short identifier
    with at most five digits (``id``, ``created_at``, ``X-Mailer``, ``v2``)."""
    return not _FIELD_NAME.fullmatch(key) or len(_DIGITS.findall(key)) > 5


def _field_trusted(path: tuple[str, ...], fields: Sequence[str]) -> bool:
    """A leaf is trusted when its key name, or its whole dotted path, is listed."""
    keys = [p for p in path if p != "*"]
    if not keys:
        return False
    dotted = ".".join(path)
    return any(f == keys[-1] or f == dotted for f in fields)


_default: list[Detector] = []
_default_lock = threading.Lock()


def default_detector() -> Detector:
    """The registered ``secret`` and ``pii`` checks with default parameters, built once."""
    with _default_lock:
        if not _default:
            _default.append(_build_default())
        return _default[0]


def _build_default() -> Detector:
    from saferail.checks.base import CheckInput
    from saferail.checks.canonical import canonicalize
    from saferail.checks.registry import available_checks

    registry = available_checks()
    checks = [registry[name]() for name in ("secret", "pii") if name in registry]

    def detect(text: str) -> list[tuple[str, int, int]]:
        data = CheckInput(text, canonicalize(text), "tool_call")
        out: list[tuple[str, int, int]] = []
        for check in checks:
            for f in check.run(data):
                if f.start is None or f.end is None or f.score < 0.5:
                    continue
                kind = "secret" if f.category == "secret" else (f.entity_type or f.category)
                out.append((kind, f.start, f.end))
        return out

    return detect
