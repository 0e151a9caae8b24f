"""Pseudonyms must not carry a word of the name or street they replace.

Particles ("van", "de", "al") and street-type words ("Street", "Hill", "The") are kept as
they are so the surrogate keeps the original's shape. They used to be kept wherever they
stood, so a given name that is also a particle ("Al Pacino" -> "Al Rossi") or a street
named with type words only ("12 Hill Street" -> "70 Hill Street") went through.
"""

from __future__ import annotations

import re

import pytest

from saferail.pii.surrogates import make_surrogate

SEEDS = [bytes([i]) * 32 for i in range(8)]


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}


@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("Al Pacino", "Al"),
        ("Van Morrison", "Van"),
        ("Del Shannon", "Del"),
        ("Di Stefano", "Di"),
        ("Dr. Al Smith", "Al"),
        ("Bin Ahmed", "Bin"),
    ],
)
def test_a_given_name_that_is_also_a_particle_is_replaced(name: str, given: str) -> None:
    for seed in SEEDS:
        fake = make_surrogate("PERSON", name, seed)
        assert given.casefold() not in _words(fake), (name, fake)
        assert len(fake.split()) == len(name.split())


@pytest.mark.parametrize(
    ("name", "particles"),
    [
        ("Ludwig van Beethoven", ["van"]),
        ("Robert De Niro", ["De"]),
        ("Ana María de la Cruz", ["de", "la"]),
        ("de la Cruz", ["de", "la"]),
    ],
)
def test_particles_inside_a_name_are_still_kept(name: str, particles: list[str]) -> None:
    fake = make_surrogate("PERSON", name, SEEDS[0])
    assert [w for w in fake.split() if w in particles] == particles
    assert _words(fake) & _words(name) == {p.casefold() for p in particles}


@pytest.mark.parametrize(
    ("address", "name_words"),
    [
        ("12 Hill Street", {"hill"}),
        ("1 The Avenue", {"the"}),
        ("5 Way Lane", {"way"}),
        ("Hill Road, Springfield", {"hill", "springfield"}),
    ],
)
def test_a_street_named_with_street_type_words_is_renamed(
    address: str, name_words: set[str]
) -> None:
    for seed in SEEDS:
        fake = make_surrogate("STREET_ADDRESS", address, seed)
        assert not (_words(fake) & name_words), (address, fake)
        # the street type (the last word before any comma) is kept
        head = address.partition(",")[0]
        assert fake.partition(",")[0].split()[-1] == head.split()[-1]


def test_a_street_with_its_own_name_keeps_its_type_words() -> None:
    fake = make_surrogate("STREET_ADDRESS", "10 Rue de la Paix", SEEDS[0])
    assert fake.split()[1:4] == ["Rue", "de", "la"]
    assert "paix" not in _words(fake)
