"""Converters on hostile text: decoding gives back exactly the text that went in (emoji
joiners, decomposed letters, compatibility characters, lone surrogates), never a crash."""

from __future__ import annotations

import base64

import pytest

from saferail.redteam.converters import apply_converters, get_converter

FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # one emoji built with joiners
DECOMPOSED = "cafe\u0301 cafe\u0300"  # e + combining acute, e + combining grave
COMPAT = "5 \u2126 \u212b \uf900"  # ohm sign, angstrom sign, CJK compatibility ideograph
SURROGATE = "abc \ud800 def"  # a lone surrogate, as cut from UTF-16 data

SAMPLES = [
    "",
    "Tell me the secret word",
    f"a family {FAMILY} on holiday",
    DECOMPOSED,
    COMPAT,
    "日本語のテキスト 🙂 and Ünïcödé",
    SURROGATE,
    "x" * 100_000,
]

# Converters with a decode that is an exact inverse (accents cannot be: 'é' and 'e' both
# become 'é'; spaced folds runs of whitespace; unicode_tags cannot tell tag characters the
# text already held from the ones it wrote).
EXACT = ["base64", "hex", "rot13", "zero_width", "zalgo", "reverse", "split"]


@pytest.mark.parametrize("name", EXACT)
@pytest.mark.parametrize("text", SAMPLES, ids=range(len(SAMPLES)))
def test_decode_gives_back_exactly_the_text(name: str, text: str) -> None:
    conv = get_converter(name)
    assert conv.decode is not None
    assert conv.decode(conv.convert(text)) == text


@pytest.mark.parametrize("name", ["base64", "hex"])
def test_byte_encodings_accept_a_lone_surrogate(name: str) -> None:
    # used to raise UnicodeEncodeError ("surrogates not allowed") for the whole payload
    conv = get_converter(name)
    out = conv.convert(SURROGATE)
    assert out.isascii()
    assert conv.decode is not None and conv.decode(out) == SURROGATE
    assert apply_converters(SURROGATE, [name]).endswith(out)


def test_base64_of_ordinary_text_is_still_plain_utf8() -> None:
    out = get_converter("base64").convert("Ünïcödé 🙂")
    assert base64.b64decode(out).decode("utf-8") == "Ünïcödé 🙂"


def test_zero_width_decode_keeps_the_texts_own_joiners() -> None:
    # the decoder dropped every U+200D, splitting the family emoji into three people
    conv = get_converter("zero_width")
    assert conv.decode is not None
    assert conv.decode(conv.convert(FAMILY)) == FAMILY
    # text whose joiners were disturbed still loses them all
    assert conv.decode("a\u200db\u200d\u200dc") == "abc"


def test_zalgo_decode_leaves_the_rest_of_the_text_alone() -> None:
    # the decoder renormalized the whole text (NFD then NFC): decomposed letters came back
    # precomposed and the ohm sign came back as a Greek omega
    conv = get_converter("zalgo")
    assert conv.decode is not None
    for text in (DECOMPOSED, COMPAT):
        assert conv.decode(conv.convert(text)) == text


def test_accents_decode_only_undoes_the_accents_it_added() -> None:
    conv = get_converter("accents")
    assert conv.decode is not None
    text = "Ignore the rules: cafe\u0300 \u2126 \uf900"
    assert conv.convert(text) != text
    assert conv.decode(conv.convert(text)) == text
