"""De-anonymization of whole texts and of streams, for every chunking."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferail.pii.stream import StreamingDeanonymizer, SurrogateSource, deanonymize
from saferail.pii.vault import Vault


class FakeVault:
    """A surrogate source with a fixed, hand-made mapping (for tricky overlaps)."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = dict(mapping)
        self._version = 1

    def add(self, surrogate: str, original: str) -> None:
        self.mapping[surrogate] = original
        self._version += 1

    def surrogates(self, tenant: str, session: str) -> dict[str, str]:
        return dict(self.mapping)

    def version(self, tenant: str, session: str) -> int:
        return self._version


def stream(source: SurrogateSource, chunks: list[str]) -> str:
    d = StreamingDeanonymizer(source, "t", "s")
    return "".join(d.feed(c) for c in chunks) + d.flush()


def cut(text: str, points: tuple[int, ...]) -> list[str]:
    bounds = [0, *points, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


NAMES = FakeVault({"Zora Lindqvist": "Anna Berg", "bo.falk@example.org": "bo@corp.io"})


@pytest.fixture
def vault() -> Iterator[Vault]:
    with Vault(bytes(range(32))) as v:
        yield v


def test_deanonymize_with_a_vault(vault: Vault) -> None:
    name = vault.pseudonymize("acme", "s1", "PERSON", "Anna Berg")
    mail = vault.pseudonymize("acme", "s1", "EMAIL_ADDRESS", "anna@corp.io")
    text = f"Dear {name}, we wrote to {mail}. Regards to {name}!"
    assert deanonymize(text, vault, "acme", "s1") == (
        "Dear Anna Berg, we wrote to anna@corp.io. Regards to Anna Berg!"
    )
    assert deanonymize(text, vault, "acme", "other") == text  # no cross-session leakage
    assert deanonymize(text, vault, "globex", "s1") == text


def test_longest_match_first() -> None:
    source = FakeVault({"Zora": "Eve", "Zora Lindqvist": "Anna Berg", "Lindqvist": "Berg"})
    assert deanonymize("Zora Lindqvist and Zora and Lindqvist", source, "t", "s") == (
        "Anna Berg and Eve and Berg"
    )


def test_every_split_point_of_one_surrogate() -> None:
    text = "Hello Zora Lindqvist, how are you?"
    expected = "Hello Anna Berg, how are you?"
    for i in range(len(text) + 1):
        assert stream(NAMES, cut(text, (i,))) == expected, i


def test_every_pair_of_split_points_with_two_surrogates() -> None:
    text = "Zora Lindqvist <bo.falk@example.org> cc Zora Lindqvist"
    expected = "Anna Berg <bo@corp.io> cc Anna Berg"
    assert deanonymize(text, NAMES, "t", "s") == expected
    for i, j in itertools.combinations_with_replacement(range(len(text) + 1), 2):
        assert stream(NAMES, cut(text, (i, j))) == expected, (i, j)


def test_one_char_chunks() -> None:
    text = "Zora Lindqvist <bo.falk@example.org> Zora Lindqvis Zora Lindqvist"
    assert stream(NAMES, list(text)) == deanonymize(text, NAMES, "t", "s")


def test_releases_at_once_and_holds_minimal_suffix() -> None:
    d = StreamingDeanonymizer(NAMES, "t", "s")
    assert d.feed("Hello ") == "Hello "
    assert d.held == ""
    d = StreamingDeanonymizer(NAMES, "t", "s")
    assert d.feed("Hello Zo") == "Hello "
    assert d.held == "Zo"
    assert d.feed("ra Lindq") == ""
    assert d.held == "Zora Lindq"
    assert d.feed("vist") == "Anna Berg"  # completed: replaced at once
    assert d.held == ""
    assert d.feed("! Zorro") == "! Zorro"  # diverged: released at once
    assert d.feed(" Z") == " "
    assert d.flush() == "Z"


def test_complete_surrogate_that_may_still_grow_is_held() -> None:
    source = FakeVault({"ab": "X", "abcd": "Y"})
    d = StreamingDeanonymizer(source, "t", "s")
    assert d.feed("ab") == ""
    assert d.feed("c") == ""
    assert d.feed("e") == "Xce"
    assert d.feed("abcd") == "Y"
    assert d.feed("ab") == ""
    assert d.flush() == "X"


def test_hold_inside_an_earlier_match_is_not_a_hold() -> None:
    source = FakeVault({"ab": "X", "bcd": "Y"})
    d = StreamingDeanonymizer(source, "t", "s")
    assert d.feed("abc") == "Xc"  # "bc" could start "bcd", but "ab" already won
    assert d.held == ""


def test_surrogates_added_mid_stream_are_picked_up(vault: Vault) -> None:
    a = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    d = StreamingDeanonymizer(vault, "t", "s")
    out = d.feed(f"{a} met ")
    b = vault.pseudonymize("t", "s", "PERSON", "Bo Falk")
    out += d.feed(f"{b} and {a}.") + d.flush()
    assert out == "Anna Berg met Bo Falk and Anna Berg."


def test_empty_session_passes_text_through(vault: Vault) -> None:
    d = StreamingDeanonymizer(vault, "t", "empty")
    assert d.feed("anything at all") == "anything at all"
    assert d.flush() == ""
    assert deanonymize("x", vault, "t", "empty") == "x"


TRICKY = FakeVault(
    {"ab": "1", "abab": "2", "bab": "3", "aab": "4", "b": "5", "ca": "6", "abcab": "7"}
)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet="abc ", max_size=30),
    points=st.lists(st.integers(0, 30), max_size=8),
)
def test_any_chunking_equals_whole_text(text: str, points: list[int]) -> None:
    cuts = tuple(sorted(p for p in points if p <= len(text)))
    expected = deanonymize(text, TRICKY, "t", "s")
    assert stream(TRICKY, cut(text, cuts)) == expected


@settings(max_examples=200, deadline=None)
@given(
    mapping=st.dictionaries(
        st.text(alphabet="xyz", min_size=1, max_size=5), st.text(max_size=4), max_size=6
    ),
    text=st.text(alphabet="xyz.", max_size=25),
    points=st.lists(st.integers(0, 25), max_size=6),
)
def test_any_mapping_any_chunking(mapping: dict[str, str], text: str, points: list[int]) -> None:
    source = FakeVault(mapping)
    cuts = tuple(sorted(p for p in points if p <= len(text)))
    d = StreamingDeanonymizer(source, "t", "s")
    out = []
    for chunk in cut(text, cuts):
        out.append(d.feed(chunk))
        # the held tail is a proper prefix of some surrogate, or nothing
        assert d.held == "" or any(len(s) > len(d.held) and s.startswith(d.held) for s in mapping)
    out.append(d.flush())
    assert "".join(out) == deanonymize(text, source, "t", "s")


@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_real_vault_surrogates_any_chunking(data: st.DataObject) -> None:
    with Vault(bytes(range(32))) as vault:
        people = ["Anna Berg", "Bo Falk", "Cy Dahl"]
        surrogates = [vault.pseudonymize("t", "s", "PERSON", p) for p in people]
        words = data.draw(st.lists(st.sampled_from([*surrogates, " ", ", ", "x"]), max_size=12))
        text = "".join(words)
        points = data.draw(st.lists(st.integers(0, len(text)), max_size=6))
        chunks = cut(text, tuple(sorted(points)))
        expected = deanonymize(text, vault, "t", "s")
        d = StreamingDeanonymizer(vault, "t", "s")
        assert "".join(d.feed(c) for c in chunks) + d.flush() == expected
        assert expected.count("Anna Berg") == text.count(surrogates[0])
