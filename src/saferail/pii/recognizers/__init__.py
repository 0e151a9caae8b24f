"""Recognizers for structured PII: identifiers with a format, a checksum or a cue.

Every recognizer satisfies :class:`saferail.pii.model.Recognizer` and also lists its
candidate regexes in ``triggers``. :func:`find_structured` compiles all triggers into one
RE2 set, so a text needs a single DFA pass to learn which recognizers can match at all (for
ordinary prose: none or one or two); only those then run. Overlapping results are resolved
by score, then length, then specificity (a checksum-validated identifier over a phone
number).

==============  =================================  ==========================================
entity type     recognizer                         validation
==============  =================================  ==========================================
EMAIL_ADDRESS   :class:`EmailRecognizer`           shape, TLD not a file extension
URL             :class:`UrlRecognizer`             scheme / www / known TLD
PHONE_NUMBER    :class:`PhoneRecognizer`           libphonenumber + cue words
CREDIT_CARD     :class:`CreditCardRecognizer`      Luhn, grouping, IIN ranges
IBAN_CODE       :class:`IbanRecognizer`            country length, mod 97 (python-stdnum)
US_SSN          :class:`UsSsnRecognizer`           SSA area/group/serial rules
IP_ADDRESS      :class:`IpAddressRecognizer`       :mod:`ipaddress`, not a version
CRYPTO_WALLET   :class:`CryptoWalletRecognizer`    Base58Check, Bech32(m), EIP-55
DATE_OF_BIRTH   :class:`DateOfBirthRecognizer`     real date + birth cue
PASSPORT        :class:`PassportRecognizer`        passport cue + shape
NATIONAL_ID     :class:`NationalIdRecognizer`      python-stdnum check digits (+ cues)
==============  =================================  ==========================================

Each module documents its cue lists and scores at the top. Scores below 0.5 are never
returned: a candidate either is reported with a score of 0.5 or more, or dropped.
"""

from __future__ import annotations

__all__ = [
    "STRUCTURED_RECOGNIZERS",
    "CreditCardRecognizer",
    "CryptoWalletRecognizer",
    "DateOfBirthRecognizer",
    "EmailRecognizer",
    "IbanRecognizer",
    "IpAddressRecognizer",
    "NationalIdRecognizer",
    "PassportRecognizer",
    "PhoneRecognizer",
    "UrlRecognizer",
    "UsSsnRecognizer",
    "find_structured",
    "keep_disjoint",
    "resolve_overlaps",
]

import bisect
from collections.abc import Iterable
from typing import Any

import re2

from saferail.checks.deadline import checkpoint
from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import no_surrogates
from saferail.pii.recognizers.credit_card import CreditCardRecognizer
from saferail.pii.recognizers.crypto import CryptoWalletRecognizer
from saferail.pii.recognizers.dob import DateOfBirthRecognizer
from saferail.pii.recognizers.email import EmailRecognizer
from saferail.pii.recognizers.iban import IbanRecognizer
from saferail.pii.recognizers.ip import IpAddressRecognizer
from saferail.pii.recognizers.national_id import NationalIdRecognizer
from saferail.pii.recognizers.passport import PassportRecognizer
from saferail.pii.recognizers.phone import PhoneRecognizer
from saferail.pii.recognizers.url import UrlRecognizer
from saferail.pii.recognizers.us_ssn import UsSsnRecognizer

STRUCTURED_RECOGNIZERS: tuple[type, ...] = (
    EmailRecognizer,
    UrlRecognizer,
    PhoneRecognizer,
    CreditCardRecognizer,
    IbanRecognizer,
    UsSsnRecognizer,
    IpAddressRecognizer,
    CryptoWalletRecognizer,
    DateOfBirthRecognizer,
    PassportRecognizer,
    NationalIdRecognizer,
)

_INSTANCES: tuple[Any, ...] = tuple(cls() for cls in STRUCTURED_RECOGNIZERS)


def _build_gate() -> tuple[Any, tuple[int, ...]]:
    options = re2.Options()
    options.max_mem = 64 << 20
    gate = re2.Set.SearchSet(options)
    owner: list[int] = []
    for i, rec in enumerate(_INSTANCES):
        for pattern in rec.triggers:
            gate.Add(pattern)
            owner.append(i)
    gate.Compile()
    return gate, tuple(owner)


_GATE, _OWNER = _build_gate()
GATE_MAX_CHARS = 32_768


# Tie-break between equal scores and spans: the more specific type wins (a checksum or a
# distinctive format says more than "a valid phone number").
_SPECIFICITY: dict[str, int] = {
    t: i
    for i, t in enumerate(
        (
            "CRYPTO_WALLET",
            "IBAN_CODE",
            "CREDIT_CARD",
            "NATIONAL_ID",
            "US_SSN",
            "PASSPORT",
            "EMAIL_ADDRESS",
            "IP_ADDRESS",
            "URL",
            "DATE_OF_BIRTH",
            "PHONE_NUMBER",
        )
    )
}


def resolve_overlaps(entities: Iterable[PiiEntity]) -> list[PiiEntity]:
    """Keep non-overlapping entities, sorted by start.

    Higher score first; on equal scores the longer span, then the more specific type.
    """
    ranked = sorted(
        entities,
        key=lambda e: (
            -e.score,
            -(e.end - e.start),
            _SPECIFICITY.get(e.entity_type, len(_SPECIFICITY)),
            e.start,
            e.end,
        ),
    )
    return keep_disjoint(ranked)


def keep_disjoint(ranked: Iterable[PiiEntity]) -> list[PiiEntity]:
    """The entities of ``ranked`` (best first) that overlap none ranked before them, sorted
    by start."""
    starts: list[int] = []
    kept: list[PiiEntity] = []  # sorted by start, never overlapping
    for e in ranked:
        i = bisect.bisect_right(starts, e.start)
        if i > 0 and kept[i - 1].end > e.start:
            continue
        if i < len(kept) and kept[i].start < e.end:
            continue
        starts.insert(i, e.start)
        kept.insert(i, e)
    return kept


def find_structured(text: str, entity_types: frozenset[str] | None = None) -> list[PiiEntity]:
    """All structured entities in ``text`` (of ``entity_types``, default all), non-overlapping."""
    if not text:
        return []
    text = no_surrogates(text)
    if len(text) <= GATE_MAX_CHARS:
        fired = _GATE.Match(text)
        if not fired:
            return []
        wanted = sorted({_OWNER[k] for k in fired})
    else:
        # A set match that runs out of DFA memory reports no match at all; on long texts the
        # saving is small anyway, so run every recognizer (each falls back to RE2's NFA).
        wanted = list(range(len(_INSTANCES)))
    found: list[PiiEntity] = []
    for i in wanted:
        rec = _INSTANCES[i]
        if entity_types is not None and entity_types.isdisjoint(rec.entity_types):
            continue
        checkpoint()
        for e in rec.find(text):
            if entity_types is None or e.entity_type in entity_types:
                found.append(e)
    return resolve_overlaps(_without_url_logins(text, found))


def _without_url_logins(text: str, found: list[PiiEntity]) -> list[PiiEntity]:
    """``found`` less the e-mail addresses that are a URL's ``user@host`` or
    ``user:password@host`` (``https://anna:pw@corp.io/x``): the URL holds them. Kept, the
    e-mail would win the overlap and leave the rest of the URL (``https://anna:``) in clear.
    """
    authorities = sorted(
        (u.start, _authority_end(text, u), u.end) for u in found if u.entity_type == "URL"
    )
    if not authorities or not any(e.entity_type == "EMAIL_ADDRESS" for e in found):
        return found
    starts = [a[0] for a in authorities]
    out: list[PiiEntity] = []
    for e in found:
        if e.entity_type == "EMAIL_ADDRESS":
            i = bisect.bisect_right(starts, e.start) - 1
            if i >= 0:
                _, auth_end, url_end = authorities[i]
                if e.start < auth_end and e.end <= url_end:
                    continue
        out.append(e)
    return out


def _authority_end(text: str, url: PiiEntity) -> int:
    """End of the ``user:password@host:port`` part of a scheme URL (its start if none)."""
    at = text.find("://", url.start, url.end)
    if at < 0:
        return url.start
    end = at + 3
    while end < url.end and text[end] not in "/?#":
        end += 1
    return end
