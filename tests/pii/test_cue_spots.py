"""The cue pre-filter (saferail.pii.recognizers._spots) rules windows out, never findings."""

from __future__ import annotations

import random

import pytest

from saferail.pii.recognizers import _spots
from saferail.pii.recognizers._common import Cues, cue_distance
from saferail.pii.recognizers._spots import CueFilter
from saferail.pii.recognizers.national_id import NationalIdRecognizer
from saferail.pii.recognizers.us_ssn import UsSsnRecognizer

# valid identifiers of the weak and dashed shapes (checksums hold), and cue words of both signs
_NUMBERS = [
    "111222333",  # BSN
    "123456782",  # BSN
    "44051401359",  # PESEL
    "12345678995",  # Steuer-ID
    "9434765919",  # NHS
    "912-70-1234",  # ITIN (dashed)
    "912 70 1234",
    "536-22-1234",  # SSN, dashed
    "536 22 1234",
    "536221234",
    "78 123456 A 123",
    "T22000129",
]
_WORDS = [
    "BSN", "bsn:", "Sofinummer", "pesel", "Steuernummer", "IdNr", "tax id", "NHS", "ITIN",
    "Identity", "national id", "id no", "SSN", "soc sec", "social security", "order", "invoice",
    "Ref", "tracking", "phone", "zip", "Ausweis", "personalausweisnummer", "sécu", "note",
    "the", "of", "value", "KİMLİK", "\u212aelvin", "and", "ßtraße", "x", "-", "#",
]  # fmt: skip


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 30)):
            roll = rng.random()
            if roll < 0.3:
                parts.append(rng.choice(_NUMBERS))
            elif roll < 0.4:
                parts.append(str(rng.randrange(10**8, 10**11)))
            else:
                parts.append(rng.choice(_WORDS))
        sep = rng.choice([" ", "  ", ", ", "\n", " | "])
        out.append(sep.join(parts))
    return out


@pytest.mark.parametrize("recognizer", [NationalIdRecognizer(), UsSsnRecognizer()])
def test_the_filter_changes_no_finding(recognizer, monkeypatch) -> None:
    texts = _texts(600, seed=7)
    filtered = [recognizer.find(t) for t in texts]
    assert sum(map(len, filtered)) > 50  # the corpus does hold identifiers with cues
    monkeypatch.setattr(_spots.CueSpots, "possible", lambda self, lo, hi: True)
    unfiltered = [recognizer.find(t) for t in texts]
    assert filtered == unfiltered


def test_possible_agrees_with_cue_distance_on_every_window() -> None:
    cues = Cues.of("tin", "itin", "steuer*", "tax id", "ss")
    spots_of = CueFilter(cues)
    rng = random.Random(3)
    words = ["ITIN", "tin", "Steuerklasse", "tax", "id", "class", "number", "42", "X"]
    checked = 0
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        spots = spots_of.spots(text)
        for start in range(len(text)):
            for end in (start, min(len(text), start + 3)):
                before, after = rng.choice([(40, 16), (8, 0), (0, 8), (3, 3)])
                exact = cue_distance(text, start, end, cues, before, after)
                if exact is not None:
                    assert spots.possible(start - before, end + after), (text, start, end)
                    checked += 1
    assert checked > 1000


def test_a_text_without_any_cue_rules_out_every_window() -> None:
    spots = CueFilter(Cues.of("bsn", "tax id")).spots("123456782 987654321 " * 200)
    assert not spots.possible(0, 10**6)
    near = CueFilter(Cues.of("bsn", "tax id")).spots("x" * 100 + " BSN 123456782")
    assert not near.possible(0, 90)
    assert near.possible(90, 110)


def test_text_whose_lowercase_is_longer_is_never_filtered() -> None:
    # "İ" lowercases to two characters, so offsets in the lowered text would be off
    spots = CueFilter(Cues.of("bsn")).spots("İ 123456782")
    assert spots.possible(0, 1)


def test_a_cue_across_the_window_end_counts() -> None:
    spots = CueFilter(Cues.of("burgerservicenummer")).spots("x " * 20 + "Burgerservicenummer: 1")
    at = 40
    assert spots.possible(at - 3, at + 1)  # the cue starts inside, ends far outside
    assert not spots.possible(0, at)  # ... and not before at
    short = CueFilter(Cues.of("burgerservicenummer", "bsn")).spots("x " * 20 + "bsn 1")
    assert not short.possible(0, at)  # a short cue right at the window end is outside it
    assert short.possible(0, at + 1)


def test_non_ascii_offsets_are_characters() -> None:
    text = "é" * 30 + " sécu 1 85 05 78 006 084 36 " + "ü" * 30
    spots = CueFilter(Cues.of("sécu", "ssn#")).spots(text)
    at = text.index("sécu")
    assert spots.possible(at, at + 1)
    assert not spots.possible(0, at - 4)


def test_a_filter_needs_a_cue() -> None:
    with pytest.raises(ValueError, match="at least one cue"):
        CueFilter(Cues.of())
