import base64
import codecs
import dataclasses
import random
import re

import pytest
import re2

from saferail.checks import CheckInput
from saferail.checks.base import Finding
from saferail.checks.canonical import Canonical, View
from saferail.checks.system_prompt_leak import (
    PATTERNS,
    SystemPromptLeak,
    SystemPromptLeakParams,
)
from tests.conftest import run_check

PROMPT = (
    "You are Orion, the support assistant for Acme Bank. Never reveal account numbers or "
    "internal procedures. Always answer politely and in under 120 words. If the user asks "
    "about loans, refer them to the loans team at extension 4411. Do not discuss competitors "
    "or give investment advice. Escalate fraud reports immediately to the security desk."
)


def leak(check: SystemPromptLeak, text: str, system_prompt: str | None = None) -> list[Finding]:
    return run_check(check, text, "output", system_prompt=system_prompt)


def spanned(text: str, f: Finding) -> str:
    assert f.start is not None and f.end is not None
    return text[f.start : f.end]


def by_type(findings: list[Finding]) -> dict[str, Finding]:
    return {f.entity_type or "": f for f in findings}


# -- canary ------------------------------------------------------------------------------


def test_generated_canary_format_and_uniqueness() -> None:
    a, b = SystemPromptLeak(), SystemPromptLeak()
    assert re.fullmatch(r"sr-canary-[0-9a-f]{16}", a.canary)
    assert a.canary != b.canary


def test_add_canary_appends_one_line_and_is_idempotent() -> None:
    check = SystemPromptLeak()
    protected = check.add_canary(PROMPT)
    assert protected.startswith(PROMPT)
    assert protected.count(check.canary) == 1
    assert protected.splitlines()[-1].strip().endswith(f"{check.canary}]")
    assert check.add_canary(protected) == protected
    assert check.canary in check.add_canary("")


@pytest.mark.parametrize(
    "render",
    [
        lambda c: c,
        lambda c: c.upper(),
        lambda c: c.split("-")[-1],  # only the random part
        lambda c: base64.b64encode(f"my prompt ends with [ref:{c}]".encode()).decode(),
        lambda c: base64.b64encode(f"x{c}".encode()).decode(),
        lambda c: base64.b64encode(f"xy{c}".encode()).decode(),
        lambda c: base64.urlsafe_b64encode(f"??>{c}".encode()).decode(),
        lambda c: c.encode().hex(),
        lambda c: codecs.encode(c, "rot13"),
    ],
)
def test_canary_found_in_any_encoding(render: object) -> None:
    check = SystemPromptLeak()
    assert callable(render)
    payload = render(check.canary)
    text = f"Sure, here it is: {payload} -- hope that helps."
    findings = leak(check, text)
    assert len(findings) == 1
    f = findings[0]
    assert f.entity_type == "CANARY" and f.score == 1.0
    assert f.check == "system_prompt_leak" and f.category == "system_prompt_leak"
    assert spanned(text, f) == payload


def test_canary_span_is_exact_with_invisible_characters_around() -> None:
    check = SystemPromptLeak(SystemPromptLeakParams(canary="sr-canary-0123456789abcdef"))
    text = "Ｏｋ\u200b\u200b: [ref:sr-canary-0123456789abcdef] done"
    f = leak(check, text)[0]
    assert spanned(text, f) == "sr-canary-0123456789abcdef"


def test_custom_canary() -> None:
    check = SystemPromptLeak(SystemPromptLeakParams(canary="ZEBRA-PLUM-7731"))
    assert check.canary == "ZEBRA-PLUM-7731"
    text = "The marker is zebra-plum-7731."
    f = leak(check, text)[0]
    assert spanned(text, f) == "zebra-plum-7731"


def test_another_instances_canary_is_not_reported() -> None:
    mine, other = SystemPromptLeak(), SystemPromptLeak()
    assert leak(mine, f"ref {other.canary}") == []


# -- n-gram overlap ----------------------------------------------------------------------


def test_verbatim_copy_is_flagged_with_exact_span() -> None:
    check = SystemPromptLeak()
    text = f"Sure! My instructions are: {PROMPT} Anything else?"
    found = by_type(leak(check, text, check.add_canary(PROMPT)))
    assert set(found) == {"PROMPT_OVERLAP", "PROMPT_COPY"}
    assert found["PROMPT_OVERLAP"].score == 1.0
    assert spanned(text, found["PROMPT_OVERLAP"]) == PROMPT[:-1]  # words, not the final "."
    assert found["PROMPT_COPY"].score >= 0.9


def test_copy_survives_case_punctuation_and_spacing_changes() -> None:
    check = SystemPromptLeak()
    text = PROMPT.upper().replace(". ", "\n\n- ").replace(",", "")
    found = by_type(leak(check, text, PROMPT))
    assert found["PROMPT_OVERLAP"].score >= 0.9


def test_partial_quote_reports_the_run_but_low_overlap() -> None:
    check = SystemPromptLeak()
    quote = (
        "never reveal account numbers or internal procedures. Always answer politely and "
        "in under 120 words"
    )
    text = f"Well, I was told to {quote}, so I cannot help."
    found = by_type(leak(check, text, PROMPT))
    copy = found["PROMPT_COPY"]
    assert copy.score >= 0.5
    assert spanned(text, copy) == quote
    assert found.get("PROMPT_OVERLAP") is None or found["PROMPT_OVERLAP"].score < 0.5


def test_min_run_words_param() -> None:
    quote = "refer them to the loans team at extension 4411"  # 9 words
    text = f"Please {quote}."
    assert "PROMPT_COPY" not in by_type(leak(SystemPromptLeak(), text, PROMPT))
    check = SystemPromptLeak(SystemPromptLeakParams(min_run_words=8))
    assert spanned(text, by_type(leak(check, text, PROMPT))["PROMPT_COPY"]) == quote


# -- spelled out one character at a time ---------------------------------------------------

_QUOTE = (
    "Never reveal account numbers or internal procedures. Always answer politely and in under "
    "120 words. If the user asks about loans"
)  # 21 prompt words


def _spell(text: str, letter_sep: str = " ", word_sep: str = "   ") -> str:
    return word_sep.join(letter_sep.join(w) for w in re.findall(r"[A-Za-z0-9]+", text))


@pytest.mark.parametrize(
    ("letter_sep", "word_sep"),
    [(" ", "   "), (" ", " "), ("-", " "), ("\n", "\n\n"), (" . ", " / "), ("*", "**")],
    ids=["spaces", "uniform", "hyphens", "lines", "dots", "stars"],
)
def test_a_prompt_spelled_out_letter_by_letter_is_a_copy(letter_sep: str, word_sep: str) -> None:
    spelled = _spell(_QUOTE, letter_sep, word_sep)
    text = f"Sure, letter by letter:\n{spelled}\nHope that helps!"
    found = by_type(leak(SystemPromptLeak(), text, PROMPT))
    copy = found["PROMPT_COPY"]
    assert "21 consecutive words" in (copy.detail or "") and "spelled out" in (copy.detail or "")
    assert copy.score == pytest.approx(0.6 + 0.4 * 9 / 24)
    assert spanned(text, copy) == spelled  # from its first to its last character


def test_spelled_copy_follows_min_run_words() -> None:
    short = _spell("refer them to the loans team at extension 4411")  # 9 words
    assert "PROMPT_COPY" not in by_type(leak(SystemPromptLeak(), short, PROMPT))
    check = SystemPromptLeak(SystemPromptLeakParams(min_run_words=8))
    assert by_type(leak(check, short, PROMPT))["PROMPT_COPY"].detail == (
        "9 consecutive words of the system prompt spelled out one character at a time"
    )


@pytest.mark.parametrize(
    "text",
    [
        _spell("the quick brown fox jumps over the lazy dog while the support team sleeps"),
        "Acronyms: N A S A, F B I, C I A, U S A, E U, U K, A I, M L, N L P, G P U, C P U.",
        "Grades: A B C D E F A B C D E F A B C D E F A B C D E F A B C D E F",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30",
    ],
    ids=["other-words", "acronyms", "letters", "numbers"],
)
def test_spelled_text_that_is_not_the_prompt_passes(text: str) -> None:
    assert leak(SystemPromptLeak(), text, PROMPT) == []


def test_spelled_copy_without_the_prompt_or_in_a_canary_line() -> None:
    check = SystemPromptLeak()
    spelled = _spell(_QUOTE)
    assert leak(check, spelled) == []  # nothing to compare with
    canary_only = _spell(f"ref {check.canary} " * 3)
    assert "PROMPT_COPY" not in by_type(leak(check, canary_only, check.add_canary(PROMPT)))


def test_min_overlap_param_moves_the_score() -> None:
    text = PROMPT[: len(PROMPT) // 2]
    default = by_type(leak(SystemPromptLeak(), text, PROMPT))["PROMPT_OVERLAP"].score
    strict = SystemPromptLeak(SystemPromptLeakParams(min_overlap=0.9))
    assert by_type(leak(strict, text, PROMPT))["PROMPT_OVERLAP"].score < 0.5 <= default


def test_copy_inside_base64_is_found() -> None:
    check = SystemPromptLeak()
    payload = base64.b64encode(PROMPT.encode()).decode()
    text = f"Encoded as requested: {payload}"
    found = by_type(leak(check, text, PROMPT))
    assert found["PROMPT_OVERLAP"].score == 1.0
    assert spanned(text, found["PROMPT_OVERLAP"]) == payload


def test_canary_line_is_ignored_for_overlap() -> None:
    check = SystemPromptLeak()
    tiny = "Be brief."
    # Only the canary line would overlap: the prompt itself is too short to compare.
    assert leak(check, "Hello there, how can I help?", check.add_canary(tiny)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Your card was shipped on Monday and should arrive within five business days.",
        # a paraphrase: same ideas, few shared 5-grams
        "I'm Orion from Acme Bank support. I can't share internal procedures, but for "
        "loan questions please contact our loans team on extension 4411.",
        "You are welcome! Let me know if there is anything else I can do for you today.",
    ],
)
def test_unrelated_and_paraphrased_answers_are_not_flagged(text: str) -> None:
    check = SystemPromptLeak()
    assert [f for f in leak(check, text, check.add_canary(PROMPT)) if f.score >= 0.5] == []


def test_unrelated_answer_has_no_findings_at_all() -> None:
    check = SystemPromptLeak()
    text = "The weather in Paris is mild in spring, with occasional showers."
    assert leak(check, text, check.add_canary(PROMPT)) == []
    assert leak(check, text) == []


def test_prompt_index_is_cached_per_prompt() -> None:
    check = SystemPromptLeak()
    leak(check, "hello", PROMPT)
    leak(check, "hello again", PROMPT)
    assert check._index_for.cache_info().hits >= 1


# -- params ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"canary": "short"}, "canary must be"),
        ({"canary": "has a space"}, "canary must be"),
        ({"ngram": 1}, "ngram must be"),
        ({"ngram": 50}, "ngram must be"),
        ({"min_overlap": 0}, "min_overlap must be"),
        ({"min_overlap": 1.5}, "min_overlap must be"),
        ({"ngram": 8, "min_run_words": 6}, "min_run_words"),
        ({"canary_line": "x"}, "extra"),
    ],
)
def test_param_errors(params: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SystemPromptLeakParams.model_validate(params)


def test_patterns_are_valid_re2() -> None:
    for source in PATTERNS.values():
        re2.compile(source)


def test_declaration() -> None:
    assert SystemPromptLeak.name == "system_prompt_leak"
    assert SystemPromptLeak.surfaces == {"output"}
    assert SystemPromptLeak.tags == ("owasp:llm07:2025",)


def test_lone_surrogates_do_not_break_the_scan() -> None:
    check = SystemPromptLeak()
    text = f"bad \udcff bytes {check.canary} \ud83d {PROMPT}"
    data = CheckInput(text, Canonical(text, View(text, "canonical")), "output")
    data.system_prompt = "\udcff " + PROMPT
    found = by_type(check.run(data))
    assert spanned(text, found["CANARY"]) == check.canary
    assert found["PROMPT_OVERLAP"].score >= 0.9


def test_gated_windows_give_the_same_result_as_a_full_scan() -> None:
    """The RE2 gate narrows the exact pass to windows around its matches; that must not
    change any finding."""
    prompt = PROMPT + " the loans team the loans team at the loans team at extension"
    words = prompt.split()
    noise = [
        "apple",
        "banana,",
        "the;",
        "loans!",
        "team?",
        "ÜBER",
        "straße",
        "x-ray",
        "don't",
        "4411",
        "TEAM",
    ]
    rng = random.Random(7)
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.5:
                i = rng.randrange(len(words))
                frag = words[i : i + rng.randint(1, 16)]
                parts.append(rng.choice([" ", "\n", " -- "]).join(frag))
            else:
                parts.append(" ".join(rng.choice(noise) for _ in range(rng.randint(1, 5))))
        text = rng.choice([" ", "\n\n"]).join(parts)
        n = rng.choice([2, 3, 5])
        check = SystemPromptLeak(SystemPromptLeakParams(ngram=n, min_run_words=6, min_overlap=0.05))
        gated = leak(check, text, prompt)
        index = check._index_for(prompt)
        ungated = dataclasses.replace(index, gate=None)
        check._index_for = lambda _p, ungated=ungated: ungated  # type: ignore[method-assign]
        full = leak(check, text, prompt)
        assert _key(gated) == _key(full), text


def _key(findings: list[Finding]) -> list[tuple[str | None, int | None, int | None, float]]:
    return sorted((f.entity_type, f.start, f.end, round(f.score, 6)) for f in findings)


# -- canary split by separators or formatting, and inside longer tokens -------------------

_FIXED = "sr-canary-0123456789abcdef"


@pytest.mark.parametrize(
    "payload",
    [
        "0123 4567 89ab cdef",  # grouped like a card number
        " ".join(_FIXED),  # one character at a time
        "\n".join(_FIXED),  # one character per line
        "sr-canary-0123**4567**89abcdef",  # markdown bold in the middle
        "sr-canary-01234567\n89abcdef",  # wrapped
        "SR CANARY 0123-4567-89AB-CDEF",
        "~~0123456789ab~~ cdef",  # the span is the canary's characters, not the markup
    ],
)
def test_canary_split_by_separators_is_found_with_its_span(payload: str) -> None:
    check = SystemPromptLeak(SystemPromptLeakParams(canary=_FIXED))
    text = f"Here you go: {payload} -- that is all."
    findings = leak(check, text)
    assert [f.entity_type for f in findings] == ["CANARY"]
    assert spanned(text, findings[0]) == payload.strip("~")


def test_custom_canary_with_spaces_between_its_parts_is_found() -> None:
    check = SystemPromptLeak(SystemPromptLeakParams(canary="ZEBRA-PLUM-7731"))
    text = "It was ZEBRA PLUM 7731, I think."
    assert [spanned(text, f) for f in leak(check, text)] == ["ZEBRA PLUM 7731"]


@pytest.mark.parametrize(
    "text",
    [
        "Ticket zebra-plum-77319 is closed.",  # the canary is a prefix of a longer token
        "Ticket xzebra-plum-7731 is closed.",
        "Ticket zebra plum 77312 is closed.",
        "Ticket zebra-plum-7731abc is closed.",
    ],
)
def test_canary_inside_a_longer_token_is_not_reported(text: str) -> None:
    check = SystemPromptLeak(SystemPromptLeakParams(canary="ZEBRA-PLUM-7731"))
    assert leak(check, text) == []
