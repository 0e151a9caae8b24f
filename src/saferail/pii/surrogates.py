"""Deterministic, format-preserving fake values ("surrogates") for detected PII.

``make_surrogate(entity_type, value, seed, attempt)`` is a pure function: the same inputs
give the same surrogate, a different ``attempt`` gives another one (the vault uses that to
resolve collisions). A surrogate keeps the shape of the value it stands for (layout,
separators, length, case) and, where a format has one, its validity (Luhn for cards,
mod-97 for IBANs), but it is built only from our own word lists and reserved values
(``example.com`` domains, documentation IP ranges, SSN area 9xx), and it never equals the
original.
"""

from __future__ import annotations

__all__ = ["make_surrogate"]

from saferail.pii._surrogate_base import Generator, Rng, char_class
from saferail.pii._surrogate_codes import (
    credit_card,
    crypto_wallet,
    iban,
    ip_address,
    phone,
    ssn,
    url,
)
from saferail.pii._surrogate_people import date, email, person, street

# The word lists (surrogate names come only from these) stay importable from here.
from saferail.pii._surrogate_words import CITIES as CITIES
from saferail.pii._surrogate_words import FIRST_NAMES as FIRST_NAMES
from saferail.pii._surrogate_words import LAST_NAMES as LAST_NAMES
from saferail.pii._surrogate_words import STREET_NAMES as STREET_NAMES
from saferail.pii._surrogate_words import STREET_SUFFIXES as STREET_SUFFIXES
from saferail.pii._surrogate_words import STREET_WORDS_KEPT as STREET_WORDS_KEPT

# The implementation lives in private modules next to this one: the word lists
# (_surrogate_words), the random stream and character helpers (_surrogate_base), and the
# generators for people, places and dates (_surrogate_people) and for numbers and network
# identifiers (_surrogate_codes).

_TRIES = 64

_GENERATORS: dict[str, Generator] = {
    "PERSON": person,
    "EMAIL_ADDRESS": email,
    "PHONE_NUMBER": phone,
    "CREDIT_CARD": credit_card,
    "IBAN_CODE": iban,
    "US_SSN": ssn,
    "IP_ADDRESS": ip_address,
    "STREET_ADDRESS": street,
    "DATE_OF_BIRTH": date,
    "PASSPORT": char_class,
    "NATIONAL_ID": char_class,
    "URL": url,
    "CRYPTO_WALLET": crypto_wallet,
}


def make_surrogate(entity_type: str, value: str, seed: bytes, attempt: int = 0) -> str:
    """A fake value shaped like ``value`` for ``entity_type``; never equal to ``value``.

    Deterministic in ``(entity_type, value, seed, attempt)``. Unknown entity types get the
    character-class surrogate (digit for digit, letter for letter, other characters kept).
    """
    for name, arg in (("entity_type", entity_type), ("value", value)):
        if not isinstance(arg, str):
            raise TypeError(f"{name} must be a str, not {type(arg).__name__}")
    if not isinstance(seed, bytes | bytearray):
        raise TypeError(f"seed must be bytes, not {type(seed).__name__}")
    rng = Rng(seed, entity_type, value, str(attempt))
    gen = _GENERATORS.get(entity_type, char_class)
    for _ in range(_TRIES):
        out = gen(value, rng, attempt)
        if out != value:
            return out
    out = char_class(value, rng, attempt)
    if out != value:
        return out
    # Nothing in the value can be varied (no letters or digits): say so plainly. Another
    # attempt gets another marker, or a second such value could never get a unique one.
    marker = entity_type if attempt == 0 else f"{entity_type}_{attempt + 1}"
    return f"[{marker}]" if value != f"[{marker}]" else f"<{marker}>"
