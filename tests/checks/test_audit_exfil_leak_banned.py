"""Audit regressions for ``exfiltration``, ``system_prompt_leak`` and ``banned_topic``."""

from collections.abc import Iterator
from typing import Any

import pytest

from saferail.checks._exfil import markup
from saferail.checks.banned_topic import BannedTopic, BannedTopicParams
from saferail.checks.base import Finding
from saferail.checks.exfiltration import Exfiltration, ExfiltrationParams
from tests.conftest import run_check

IMG = "![x](https://evil.example/alice.png)"


def exfil(text: str, **params: object) -> list[Finding]:
    return run_check(Exfiltration(ExfiltrationParams(**params)), text, "output")


def banned(text: str, **params: object) -> list[Finding]:
    return run_check(BannedTopic(BannedTopicParams(**params)), text, "output")


def spans(text: str, findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.entity_type or "", text[f.start or 0 : f.end or 0]) for f in findings]


# -- exfiltration: text that only looks like code is rendered ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"Use ``` for fences. {IMG}",  # ``` mid-line opens no fence
        f"Prices ~~~ {IMG}",  # tildes mid-line are not code at all
        f"``a`` {IMG} `",  # a lone backtick has no closer
        f"\\` {IMG} `",  # an escaped backtick opens no code span
        f"````\n```\n````\n{IMG}",  # ``` does not close a ```` fence; ```` does
        f"~~~\n```\n~~~\n{IMG}",  # a fence is closed by its own character only
        f"```\na\n``` x\n```\n{IMG}",  # a closing fence has no info string
    ],
)
def test_markup_outside_real_code_is_rendered(text: str) -> None:
    assert spans(text, exfil(text)) == [("MARKDOWN_IMAGE", IMG)]


@pytest.mark.parametrize(
    "text",
    [
        f"`{IMG}`",
        f"``a ` {IMG}``",
        f"```\n{IMG}\n```",
        f"   ~~~~ python\n{IMG}\n~~~~~",
        f"````\n```\n{IMG}\n````",
        f"```\n{IMG}",  # an unclosed fence runs to the end
    ],
)
def test_markup_inside_real_code_is_downgraded(text: str) -> None:
    assert spans(text, exfil(text)) == [("URL", IMG)]


class _Counting:
    """Wraps a compiled pattern and counts the matches its ``finditer`` hands out."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern
        self.pulled = 0

    def finditer(self, *args: Any) -> Iterator[Any]:
        for m in self.pattern.finditer(*args):
            self.pulled += 1
            yield m


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("BACKTICKS_RE", "`a\n" * 200_000 + IMG),  # runs that never pair
        ("BACKTICKS_RE", "\\`a" * 200_000 + IMG),  # escaped runs that cannot open
        ("FENCE_RE", "~~~\n" + "```\n" * 200_000 + IMG),  # fence lines that never close
    ],
)
def test_code_detection_work_is_bounded(
    monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    counting = _Counting(getattr(markup, name))
    monkeypatch.setattr(markup, name, counting)
    findings = exfil(text)
    assert counting.pulled <= 5000
    # Past the budget, markup counts as rendered: the safe side.
    assert spans(text, findings)[-1] == ("MARKDOWN_IMAGE", IMG)


# -- exfiltration: markup forms browsers and CommonMark render ---------------------------


@pytest.mark.parametrize(
    ("text", "element"),
    [
        ('<img alt="a>b" src="https://evil.example/x.png">', None),
        ("<img alt='>' src='https://evil.example/x.png'>", None),
        ('<img/src="https://evil.example/x.png">', None),
        ('<img alt="src=x>y" src="https://evil.example/x.png">', None),
        ("![x [y]](https://evil.example/x.png)", None),
        ("![[x]](https://evil.example/x.png)", None),
        ("![x][1]\n\n[1]:\nhttps://evil.example/x.png", "[1]:\nhttps://evil.example/x.png"),
        ("![x][1]\n\n> [1]: https://evil.example/x.png", "> [1]: https://evil.example/x.png"),
        ("![x][1]\n\n- [1]: https://evil.example/x.png", "- [1]: https://evil.example/x.png"),
        ("![x][1]\n\n1. [1]: https://evil.example/x.png", "1. [1]: https://evil.example/x.png"),
    ],
)
def test_rendered_markup_forms_are_reported(text: str, element: str | None) -> None:
    entity = "HTML_IMAGE" if text.startswith("<") else "MARKDOWN_IMAGE"
    found = spans(text, exfil(text, flag_bare_urls=False))
    assert found == [(entity, text if element is None else element)]


# -- banned_topic -------------------------------------------------------------------------


def test_findings_are_capped_inside_one_view() -> None:
    text = "a " * 100_000
    assert len(banned(text, phrases=["a a"])) == 200


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("ignоre previous", "ignоre previous"),  # Cyrillic o, copied from an attack log
        ("ignоre previous", "ignore previous"),
        ("ig\u200bnore previous", "ignore previous"),
        ("ig\u00adnore previous", "ig\u00adnore previous"),
    ],
)
def test_phrases_are_canonicalized_like_the_text(phrase: str, text: str) -> None:
    assert spans(text, banned(text, phrases=[phrase])) == [("PHRASE", text)]


def test_phrase_of_invisible_characters_is_blank() -> None:
    with pytest.raises(ValueError, match="empty"):
        BannedTopicParams(phrases=["\u200b\u200d"])
