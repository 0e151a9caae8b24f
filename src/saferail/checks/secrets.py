"""``secret``: API keys, tokens, private keys and credentials in text.

About ninety RE2 patterns: provider formats with a fixed prefix or shape (AWS, GitHub,
GitLab, Slack, Stripe, Google, OpenAI, Anthropic, JWT, PEM private keys and many more),
credentials in URLs, ``curl -u`` options and ``Authorization`` headers, and generic
assignments whose name says "secret" (``api_key = "..."``, ``password: ...``). All of them
form one RE2 set, so a text needs one DFA pass to learn which patterns occur at all (for
ordinary prose: none); only those then run on their own to get their groups. Every
candidate passes Python-side checks: its boundaries, a placeholder filter (template
syntax, masking, ``EXAMPLE``, ``xxxx``, ``123456``...) and, for generic assignments, a
Shannon-entropy threshold. Spans are the secret value's offsets in the original text; a
secret found inside a decoded payload (base64, hex...) is reported on the payload.
"""

from __future__ import annotations

__all__ = [
    "ENTITY_TYPES",
    "PATTERNS",
    "Secrets",
    "SecretsParams",
    "is_placeholder",
    "shannon_entropy",
]

import base64
import binascii
import bisect
import functools
import math
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import re2
from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.registry import register_check

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_TOKEN = _ALNUM | frozenset("_-")
_B64 = _TOKEN | frozenset("+/=")
_NONE: frozenset[str] = frozenset()

STRONG = 0.95
_UPPER_WORD = re2.compile(r"[A-Z][A-Z0-9]{0,11}")


# --------------------------------------------------------------------------- placeholders

_TEMPLATE_MARKERS = (
    "${",
    "{{",
    "}}",
    "%(",
    "$(",
    "<%",
    "%>",
    "#{",
    "os.environ",
    "process.env",
    "getenv",
    "env[",
    "env(",
    "secrets.",
    "vault(",
)
_PLACEHOLDER_SUBSTRINGS = (
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "dummy",
    "redacted",
    "your_",
    "your-",
    "yourapi",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpass",
    "_here",
    "-here",
    "here_",
    "insert_",
    "replace_",
    "replaceme",
    "sample",
    "fake",
    "xxxx",
    "****",
    "####",
    "\u2022\u2022\u2022",  # bullets
    "...",
    "\u2026",
    "lorem",
    "notreal",
    "not_real",
    "not-real",
)
_PLACEHOLDER_VALUES = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "token",
        "apikey",
        "api_key",
        "key",
        "test",
        "testing",
        "admin",
        "root",
        "user",
        "username",
        "null",
        "none",
        "nil",
        "true",
        "false",
        "undefined",
        "changeit",
        "letmein",
        "default",
        "demo",
        "guest",
        "foo",
        "bar",
        "baz",
        "foobar",
        "qwerty",
        "value",
        "string",
        "required",
        "optional",
        "empty",
        "hidden",
        "masked",
        "unset",
        "todo",
        "tbd",
    }
)
_KEYBOARD_RUNS = ("qwerty", "asdfgh", "zxcvbn", "qwertz", "azerty")
_KEYWORDISH = frozenset(
    {
        "token",
        "secret",
        "password",
        "passwd",
        "here",
        "your",
        "apikey",
        "placeholder",
        "value",
        "string",
        "example",
        "sample",
        "key",
        "api",
        "bot",
        "access",
        "auth",
    }
)


def _has_run(value: str, size: int) -> bool:
    """Whether one character is repeated ``size`` times in a row somewhere in ``value``."""
    return any(ch * size in value for ch in set(value))


def _windows(alphabet: str, size: int) -> list[str]:
    return [alphabet[i : i + size] for i in range(len(alphabet) - size + 1)]


_SEQUENCES = [
    w
    for alphabet in ("0123456789", string.ascii_lowercase)
    for w in _windows(alphabet, 6) + _windows(alphabet[::-1], 6)
]
# six consecutive letters or digits, ascending or descending: 123456, abcdef, 987654
_SEQUENCE = re2.compile("(?i:" + "|".join(_SEQUENCES) + ")")


def _components(value: str) -> list[str]:
    """Split an identifier-like string into lowercase words (snake, kebab, camel case)."""
    out: list[str] = []
    cur = ""
    prev = ""
    for ch in value:
        if not ch.isalnum():
            if cur:
                out.append(cur)
            cur, prev = "", ""
            continue
        boundary = (ch.isupper() and prev.islower()) or (
            prev != "" and ch.isdigit() != prev.isdigit()
        )
        if boundary and cur:
            out.append(cur)
            cur = ""
        cur += ch
        prev = ch
    if cur:
        out.append(cur)
    return [c.lower() for c in out]


def _is_template(v: str) -> bool:
    low = v.lower()
    if any(m in low for m in _TEMPLATE_MARKERS):
        return True
    if v[0] in "$`%&*":  # $VAR, `cmd`, %VAR%, YAML anchors and aliases
        return True
    pairs = (("<", ">"), ("[", "]"), ("{", "}"), ("(", ")"))
    for left, right in pairs:
        if v.startswith(left) and v.endswith(right):
            inner = v[1:-1].strip()
            if not inner or left in "<[" or _identifier_like(inner) or _one_case_name(inner):
                return True
    return False


def _one_case_name(v: str) -> bool:
    """``password``, ``API_TOKEN``, ``db-pass``: a name, not random characters."""
    letters = v.replace("_", "").replace("-", "")
    return letters.isalpha() and (letters.islower() or letters.isupper())


def _identifier_like(v: str) -> bool:
    """Words joined as an identifier (``MY_API_KEY``, ``ultraPictureBox``), no randomness."""
    if any(c.isdigit() for c in v) and not v.isupper():
        return False
    comps = [c for c in _components(v) if c]
    if not comps:
        return False
    alpha = [c for c in comps if c.isalpha()]
    if len(alpha) != len([c for c in comps if not c.isdigit()]):
        return False
    if _upper_snake(v):
        return True
    return len(comps) >= 2 and sum(len(c) for c in alpha) / max(1, len(alpha)) >= 4


def _upper_snake(v: str) -> bool:
    """An environment-variable-like name: ``MY_API_KEY``, ``K8S_CRED``."""
    return (
        v.isupper()
        and "_" in v
        and all(_UPPER_WORD.fullmatch(p) is not None for p in v.split("_") if p)
    )


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is a template variable, an example or a masked/dummy value.

    True for ``<YOUR_API_KEY>``, ``${VAR}``, ``$VAR``, ``{{ var }}``, ``%(var)s``,
    ``os.environ[...]``, ``process.env.X``, values containing ``EXAMPLE``, ``xxxx``,
    ``****``, ``your-api-key-here``, ``changeme``, ``dummy``, ``redacted``, values made of
    one repeated character or of very few distinct characters, values containing a run
    of six consecutive letters or digits (``123456``, ``abcdef``) or a keyboard row, and
    values that are just words naming a secret (``MY_API_KEY``, ``SlackBotTokenHere``).
    """
    v = value.strip().strip("\"'`").strip()
    if len(v) < 3:
        return True
    low = v.lower()
    if low in _PLACEHOLDER_VALUES or low.rstrip("0123456789!@#$%^&*?.") in _PLACEHOLDER_VALUES:
        return True  # "password", "Password123!", "admin1"
    if _is_template(v) or _upper_snake(v):
        return True
    if any(s in low for s in _PLACEHOLDER_SUBSTRINGS):
        return True
    if any(s in low for s in _KEYBOARD_RUNS):
        return True
    distinct = len(set(low))
    if distinct == 1 or (len(v) >= 12 and distinct <= 4):
        return True
    if _has_run(v, max(5, len(v) // 4)):
        return True
    if _SEQUENCE.search(v) is not None:
        return True
    if not any(c.isdigit() for c in v):
        comps = _components(v)
        if (
            len(comps) >= 2
            and all(len(c) >= 2 for c in comps)
            and sum(map(len, comps)) / len(comps) >= 3
            and any(c in _KEYWORDISH for c in comps)
        ):
            return True
    return False


def shannon_entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character."""
    n = len(value)
    if n == 0:
        return 0.0
    return -sum((c / n) * math.log2(c / n) for c in Counter(value).values())


# --------------------------------------------------------------------------- validators


def _mixed_case(v: str) -> bool:
    return any(c.islower() for c in v) and any(c.isupper() for c in v)


def _has_digit_and_letter(v: str) -> bool:
    return any(c.isdigit() for c in v) and any(c.isalpha() for c in v)


def _random_alnum(v: str) -> bool:
    classes = sum(
        (
            any(c.islower() for c in v),
            any(c.isupper() for c in v),
            any(c.isdigit() for c in v),
        )
    )
    return classes >= 2


def _b64url_decode(part: str) -> bytes:
    padded = part + "=" * (-len(part) % 4)
    try:
        return base64.urlsafe_b64decode(padded)
    except (binascii.Error, ValueError):
        return b""


def _jwt_ok(v: str) -> bool:
    header = _b64url_decode(v.split(".", 1)[0].rstrip("="))
    return any(k in header for k in (b'"alg"', b'"typ"', b'"kid"', b'"enc"', b'"x5t"'))


# --------------------------------------------------------------------------- specs


@dataclass(frozen=True, slots=True)
class _Spec:
    key: str
    entity: str
    regex: str
    score: float = STRONG
    tail: frozenset[str] = _TOKEN
    head: frozenset[str] = _NONE
    check: Callable[[str], bool] | None = None
    kind: str = "token"  # token | pem | assign | bearer | url | curl | bundler


def _spec(
    key: str,
    entity: str,
    regex: str,
    score: float = STRONG,
    *,
    tail: frozenset[str] = _TOKEN,
    head: frozenset[str] = _NONE,
    check: Callable[[str], bool] | None = None,
    kind: str = "token",
) -> _Spec:
    return _Spec(key, entity, regex, score, tail, head, check, kind)


# Names ending with one of these words introduce a value that may be a secret; the
# Python side decides from the whole name (see _classify_name).
_KEYWORDS = (
    r"(?i:key|keys|token|tokens|secret|passw(?:or)?d|pwd|passphrase|pass|credentials?|creds"
    r"|auth|authorization|passwort|kennwort|senha|contrase(?:n|ñ)a|пароль)"
)
_SCHEMES = r"(?i:bearer|basic|token|digest|bot|api-?token)"
_ASSIGN = (
    r"(?P<k>[A-Za-z0-9_.-]*" + _KEYWORDS + r"\d{0,2})"
    r"(?P<sep>[\"']?[ \t]*(?::{1,3}=|\?=|=>|->|=|:)|[\"'][ \t]*,)"
    r"[ \t]*(?:(?P<s>" + _SCHEMES + r")[ \t]+)?"
    r"(?P<q>[\"'`])?(?:(?P<s2>" + _SCHEMES + r")[ \t]+)?"
)
_PEM = (
    r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
    r"(?P<b>(?:[A-Za-z0-9+/=:,._ \t\r\n]|\\[nr]|-[A-Za-z0-9])*)"
    r"(?P<e>-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----)?"
)

# Where two hits overlap, the one starting first stays; at the same start, the one listed
# first here (so the more specific format comes first).
_SPECS: tuple[_Spec, ...] = (
    _spec("pem", "PRIVATE_KEY", r"(?P<v>" + _PEM + r")", 0.99, tail=_NONE, kind="pem"),
    # --- cloud providers
    _spec(
        "aws_akid",
        "AWS_ACCESS_KEY_ID",
        r"\b(?P<v>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)"
        r"(?P<b>[A-Z2-7]{16}))\b",
    ),
    _spec(
        "aws_bedrock",
        "AWS_BEDROCK_API_KEY",
        r"\b(?P<v>ABSKQmVkcm9ja0FQSUtleS(?P<b>[A-Za-z0-9+/]{60,}={0,2})"
        r"|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t(?P<b2>[A-Za-z0-9+/%]{60,}={0,2}))",
        tail=_B64,
    ),
    _spec(
        "gcp_api_key",
        "GOOGLE_API_KEY",
        r"\b(?P<v>AIza(?P<b>[A-Za-z0-9_-]{35}))",
    ),
    _spec(
        "gcp_oauth_secret",
        "GOOGLE_OAUTH_CLIENT_SECRET",
        r"\b(?P<v>GOCSPX-(?P<b>[A-Za-z0-9_-]{28}))",
    ),
    _spec(
        "gcp_oauth_token",
        "GOOGLE_OAUTH_TOKEN",
        r"\b(?P<v>ya29\.(?P<b>[A-Za-z0-9_-]{30,}))",
        0.9,
    ),
    _spec(
        "azure_storage",
        "AZURE_STORAGE_KEY",
        r"(?i:AccountKey|SharedAccessKey)=(?P<v>[A-Za-z0-9+/]{40,86}={0,2})",
        tail=_B64,
    ),
    _spec(
        "azure_client_secret",
        "AZURE_CLIENT_SECRET",
        r"(?P<v>[A-Za-z0-9_~.-]{3}\dQ~(?P<b>[A-Za-z0-9_~.-]{31,34}))",
        0.9,
        head=_TOKEN | frozenset("~."),
        tail=_TOKEN | frozenset("~."),
    ),
    _spec(
        "digitalocean",
        "DIGITALOCEAN_TOKEN",
        r"\b(?P<v>do[opr]_v1_(?P<b>[a-f0-9]{64}))\b",
    ),
    _spec(
        "alibaba",
        "ALIBABA_ACCESS_KEY_ID",
        r"\b(?P<v>LTAI(?P<b>[A-Za-z0-9]{12,20}))\b",
        0.85,
        check=_random_alnum,
    ),
    _spec(
        "yandex",
        "YANDEX_TOKEN",
        r"\b(?P<v>t1\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{86}={0,2}"
        r"|AQVN(?P<b>[A-Za-z0-9_-]{35,38}))",
        0.9,
        tail=_B64,
    ),
    _spec(
        "cloudflare_ca",
        "CLOUDFLARE_ORIGIN_CA_KEY",
        r"\b(?P<v>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b",
    ),
    # --- source hosting and package registries
    _spec(
        "github_pat",
        "GITHUB_TOKEN",
        r"\b(?P<v>github_pat_(?P<b>[A-Za-z0-9_]{70,255}))\b",
    ),
    _spec(
        "github",
        "GITHUB_TOKEN",
        r"\b(?P<v>gh[pousr]_(?P<b>[A-Za-z0-9]{36,251}))\b",
    ),
    _spec(
        "gitlab",
        "GITLAB_TOKEN",
        r"\b(?P<v>gl(?:pat|dt|ptt|rt|soat|ffct|cbt|imt|agent|oas|ft|wt|cf)-"
        r"(?P<b>[A-Za-z0-9_-]{20,300}(?:\.[A-Za-z0-9]{2,20}){0,2}))",
    ),
    _spec(
        "gitlab_runner_reg",
        "GITLAB_TOKEN",
        r"\b(?P<v>GR1348941(?P<b>[A-Za-z0-9_-]{20}))",
    ),
    _spec("npm", "NPM_TOKEN", r"\b(?P<v>npm_(?P<b>[A-Za-z0-9]{36}))\b"),
    _spec(
        "pypi",
        "PYPI_TOKEN",
        r"\b(?P<v>pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)(?P<b>[A-Za-z0-9_-]{50,}))",
    ),
    _spec("rubygems", "RUBYGEMS_API_KEY", r"\b(?P<v>rubygems_(?P<b>[a-f0-9]{48}))\b"),
    _spec("clojars", "CLOJARS_TOKEN", r"\b(?P<v>CLOJARS_(?P<b>[a-z0-9]{60}))\b"),
    _spec(
        "artifactory",
        "ARTIFACTORY_TOKEN",
        r"\b(?P<v>AKCp(?P<b>[A-Za-z0-9]{69})|cmVmdGtu(?P<b2>[A-Za-z0-9]{56}))\b",
        0.9,
    ),
    _spec(
        "sourcegraph",
        "SOURCEGRAPH_TOKEN",
        r"\b(?P<v>sgp_(?:(?:[a-fA-F0-9]{16}|local)_)?(?P<b>[a-fA-F0-9]{40}))\b",
    ),
    # --- chat, mail and messaging
    _spec(
        "slack_config",
        "SLACK_TOKEN",
        r"\b(?P<v>xoxe(?:\.xox[bp])?-\d-(?P<b>[A-Za-z0-9]{100,}))",
    ),
    _spec(
        "slack_app",
        "SLACK_TOKEN",
        r"\b(?P<v>xapp-\d-[A-Z0-9]{9,13}-\d{10,15}-(?P<b>[a-f0-9]{40,80}))",
    ),
    _spec(
        "slack",
        "SLACK_TOKEN",
        r"\b(?P<v>xox[abeoprs]-(?:\d{1,2}-)?\d{6,15}(?:-\d{6,15}){0,3}-(?P<b>[A-Za-z0-9]{8,100}))",
        tail=_ALNUM | frozenset("-"),
    ),
    _spec(
        "slack_webhook",
        "SLACK_WEBHOOK",
        r"(?P<v>https?://hooks\.slack\.com/(?:services|workflows|triggers)/"
        r"(?P<b>[A-Za-z0-9+/_-]{20,200}))",
        tail=_NONE,
    ),
    _spec(
        "discord_webhook",
        "DISCORD_WEBHOOK",
        r"(?P<v>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/"
        r"(?P<b>[A-Za-z0-9_-]{60,70}))",
    ),
    _spec(
        "teams_webhook",
        "TEAMS_WEBHOOK",
        r"(?P<v>https://[A-Za-z0-9-]{1,60}\.webhook\.office\.com/webhookb2/"
        r"(?P<b>[A-Za-z0-9@/_-]{60,300}))",
        0.9,
        tail=_NONE,
    ),
    _spec(
        "discord_bot",
        "DISCORD_TOKEN",
        r"\b(?P<v>[MNO][A-Za-z0-9_-]+\.[A-Za-z0-9_-]{6}\.(?P<b>[A-Za-z0-9_-]{27,38}))",
        0.85,
        check=lambda v: _random_alnum(v) and 24 <= len(v.split(".")[0]) <= 26,
    ),
    _spec(
        "telegram",
        "TELEGRAM_BOT_TOKEN",
        r"\b(?P<v>\d+:AA(?P<b>[A-Za-z0-9_-]{33}))",
        0.9,
        check=lambda v: 8 <= v.index(":") <= 10,
    ),
    _spec(
        "sendgrid",
        "SENDGRID_API_KEY",
        r"\b(?P<v>SG\.[A-Za-z0-9_-]{22}\.(?P<b>[A-Za-z0-9_-]{43}))",
    ),
    _spec(
        "brevo",
        "BREVO_API_KEY",
        r"\b(?P<v>xkeysib-(?P<b>[a-f0-9]{64})-[A-Za-z0-9]{16})\b",
    ),
    _spec("mailgun", "MAILGUN_API_KEY", r"\b(?P<v>key-(?P<b>[0-9a-f]{32}))\b", 0.85),
    _spec(
        "mailgun_private",
        "MAILGUN_API_KEY",
        r"\b(?P<v>(?P<b>[0-9a-f]+)-[0-9a-f]{8}-[0-9a-f]{8})\b",
        0.75,
        check=lambda v: v.index("-") == 32,
    ),
    _spec(
        "mailchimp",
        "MAILCHIMP_API_KEY",
        r"\b(?P<v>(?P<b>[0-9a-f]+)-us\d{1,2})\b",
        0.85,
        check=lambda v: v.index("-") == 32,
    ),
    _spec("twilio", "TWILIO_API_KEY", r"\b(?P<v>SK(?P<b>[0-9a-f]{32}))\b", 0.8),
    # --- payments and commerce
    _spec(
        "stripe",
        "STRIPE_KEY",
        r"\b(?P<v>(?:sk|rk)_(?:live|test|prod)_(?P<b>[A-Za-z0-9]{20,247}))\b",
    ),
    _spec("stripe_whsec", "STRIPE_KEY", r"\b(?P<v>whsec_(?P<b>[A-Za-z0-9+/=]{32,}))", tail=_B64),
    _spec(
        "facebook_page",
        "FACEBOOK_ACCESS_TOKEN",
        r"\b(?P<v>EAA[A-Za-z0-9]{80,})\b",
        0.85,
        check=_random_alnum,
    ),
    _spec(
        "square_access",
        "SQUARE_TOKEN",
        r"\b(?P<v>EAAA(?P<b>[A-Za-z0-9_+=-]{60})|sq0atp-(?P<b2>[A-Za-z0-9_-]{22}))",
    ),
    _spec("square_secret", "SQUARE_TOKEN", r"\b(?P<v>sq0csp-(?P<b>[A-Za-z0-9_-]{43}))"),
    _spec(
        "shopify",
        "SHOPIFY_TOKEN",
        r"\b(?P<v>shp(?:at|ca|pa|ss)_(?P<b>[a-fA-F0-9]{32}))\b",
    ),
    _spec(
        "shippo",
        "SHIPPO_API_KEY",
        r"\b(?P<v>shippo_(?:live|test)_(?P<b>[a-f0-9]{40}))\b",
    ),
    _spec("easypost", "EASYPOST_API_KEY", r"\b(?P<v>EZ[AT]K(?P<b>[A-Za-z0-9]{54}))\b"),
    _spec(
        "duffel",
        "DUFFEL_TOKEN",
        r"\b(?P<v>duffel_(?:test|live)_(?P<b>[A-Za-z0-9_=-]{43}))",
        tail=_TOKEN | frozenset("="),
    ),
    _spec(
        "facebook_app",
        "FACEBOOK_ACCESS_TOKEN",
        r"\b(?P<v>\d+(?:\||%7C)(?P<b>[A-Za-z0-9_-]{27}))",
        0.85,
        check=lambda v: 15 <= len(v.replace("%7C", "|").split("|")[0]) <= 16,
    ),
    # --- AI providers
    _spec(
        "anthropic",
        "ANTHROPIC_API_KEY",
        r"\b(?P<v>sk-ant-(?:api|admin|sid|oat|ort)\d{2}-(?P<b>[A-Za-z0-9_-]{80,120}AA))",
    ),
    _spec(
        "openai",
        "OPENAI_API_KEY",
        r"\b(?P<v>sk-(?:(?:proj|svcacct|admin|None)-)?"
        r"(?P<b>[A-Za-z0-9_-]{8,200}T3BlbkFJ[A-Za-z0-9_-]{8,200}))",
    ),
    _spec(
        "openai_project",
        "OPENAI_API_KEY",
        r"\b(?P<v>sk-(?:proj|svcacct|admin)-(?P<b>[A-Za-z0-9_-]{40,250}))",
        0.9,
    ),
    _spec(
        "huggingface",
        "HUGGINGFACE_TOKEN",
        r"\b(?P<v>(?:hf|api_org)_(?P<b>[A-Za-z]{34}))\b",
        check=_mixed_case,
    ),
    _spec("perplexity", "PERPLEXITY_API_KEY", r"\b(?P<v>pplx-(?P<b>[A-Za-z0-9]{48}))\b"),
    _spec("groq", "GROQ_API_KEY", r"\b(?P<v>gsk_(?P<b>[A-Za-z0-9]{52}))\b"),
    _spec("replicate", "REPLICATE_API_TOKEN", r"\b(?P<v>r8_(?P<b>[A-Za-z0-9]{37}))\b"),
    _spec("xai", "XAI_API_KEY", r"\b(?P<v>xai-(?P<b>[A-Za-z0-9]{80}))\b"),
    # --- developer platforms and SaaS
    _spec(
        "atlassian",
        "ATLASSIAN_API_TOKEN",
        r"\b(?P<v>AT(?:ATT|CTT)3(?P<b>[A-Za-z0-9_=-]{150,}))",
        tail=_TOKEN | frozenset("="),
    ),
    _spec(
        "databricks",
        "DATABRICKS_TOKEN",
        r"\b(?P<v>dapi(?P<b>[a-f0-9]{32})(?:-\d)?)\b",
    ),
    _spec(
        "doppler",
        "DOPPLER_TOKEN",
        r"\b(?P<v>dp\.(?:pt|st|sa|ct|scim|audit)\.(?P<b>[A-Za-z0-9]{40,44}))\b",
    ),
    _spec(
        "linear",
        "LINEAR_API_KEY",
        r"\b(?P<v>lin_api_(?P<b>[A-Za-z0-9]{40})|lin_oauth_(?P<b2>[a-f0-9]{64}))\b",
    ),
    _spec(
        "postman",
        "POSTMAN_API_KEY",
        r"\b(?P<v>PMAK-[a-f0-9]{24}-(?P<b>[a-f0-9]{34}))\b",
    ),
    _spec(
        "notion",
        "NOTION_TOKEN",
        r"\b(?P<v>ntn_(?P<b>\d{11}[A-Za-z0-9]{35}))\b",
        check=_mixed_case,
    ),
    _spec(
        "sentry",
        "SENTRY_TOKEN",
        r"\b(?P<v>sntrys_eyJ(?P<b>[A-Za-z0-9+/=_-]{60,})|sntryu_(?P<b2>[a-f0-9]{64}))",
        tail=_B64,
    ),
    _spec(
        "grafana",
        "GRAFANA_TOKEN",
        r"\b(?P<v>glc_(?P<b>[A-Za-z0-9+/]{32,400}={0,2})"
        r"|glsa_(?P<b2>[A-Za-z0-9]{32})_[A-Fa-f0-9]{8})",
        tail=_B64,
    ),
    _spec(
        "terraform",
        "TERRAFORM_CLOUD_TOKEN",
        r"\b(?P<v>(?P<b>[A-Za-z0-9]+)\.atlasv1\.[A-Za-z0-9_=-]{60,70})",
        tail=_TOKEN | frozenset("="),
        check=lambda v: v.index(".") == 14,
    ),
    _spec(
        "vault",
        "VAULT_TOKEN",
        r"\b(?P<v>hv[sbr]\.(?P<b>[A-Za-z0-9_-]{90,}))",
    ),
    _spec(
        "vault_legacy",
        "VAULT_TOKEN",
        r"\b(?P<v>s\.(?P<b>[A-Za-z0-9]{24}))\b",
        0.7,
        check=lambda v: _mixed_case(v) and any(c.isdigit() for c in v),
    ),
    _spec(
        "onepassword",
        "ONEPASSWORD_TOKEN",
        r"\b(?P<v>ops_eyJ(?P<b>[A-Za-z0-9+/=_-]{200,})"
        r"|A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-"
        r"[A-Z0-9]{5})",
        tail=_B64,
        check=_has_digit_and_letter,
    ),
    _spec(
        "flyio",
        "FLYIO_TOKEN",
        r"\b(?P<v>fo1_(?P<b>[A-Za-z0-9_-]{43})"
        r"|FlyV1 fm[12][ar]?_(?P<b2>[A-Za-z0-9+/=_-]{100,}))",
        tail=_B64,
    ),
    _spec(
        "openshift",
        "OPENSHIFT_TOKEN",
        r"\b(?P<v>sha256~(?P<b>[A-Za-z0-9_-]{43}))",
    ),
    _spec(
        "heroku",
        "HEROKU_API_KEY",
        r"\b(?P<v>HRKU-AA(?P<b>[A-Za-z0-9_-]{58}))",
    ),
    _spec(
        "intra42",
        "INTRA42_CLIENT_SECRET",
        r"\b(?P<v>s-s4t2(?:ud|af)-(?P<b>[a-f0-9]{64}))\b",
    ),
    _spec(
        "infracost",
        "INFRACOST_API_KEY",
        r"\b(?P<v>ico-(?P<b>[A-Za-z0-9]{32}))\b",
        check=_mixed_case,
    ),
    _spec("scalingo", "SCALINGO_TOKEN", r"\b(?P<v>tk-us-(?P<b>[A-Za-z0-9_-]{48}))"),
    _spec(
        "octopus",
        "OCTOPUS_DEPLOY_API_KEY",
        r"\b(?P<v>API-(?P<b>[A-Z0-9]{26}))\b",
        0.85,
        check=_has_digit_and_letter,
    ),
    _spec(
        "newrelic",
        "NEW_RELIC_KEY",
        r"\b(?P<v>NRAK-(?P<b>[A-Z0-9]{27})|NRJS-(?P<b2>[a-f0-9]{19})|NRII-(?P<b3>[A-Za-z0-9_-]{32}))",
    ),
    _spec(
        "dynatrace",
        "DYNATRACE_TOKEN",
        r"\b(?P<v>dt0c01\.[A-Z0-9]{24}\.(?P<b>[A-Z0-9]{64}))\b",
    ),
    _spec("pulumi", "PULUMI_TOKEN", r"\b(?P<v>pul-(?P<b>[a-f0-9]{40}))\b"),
    _spec("prefect", "PREFECT_API_KEY", r"\b(?P<v>pnu_(?P<b>[A-Za-z0-9]{36}))\b"),
    _spec("readme", "README_API_KEY", r"\b(?P<v>rdme_(?P<b>[a-z0-9]{70}))\b"),
    _spec(
        "planetscale",
        "PLANETSCALE_TOKEN",
        r"\b(?P<v>pscale_(?:tkn|pw|oauth)_(?P<b>[A-Za-z0-9_.=-]{32,64}))",
        tail=_TOKEN | frozenset("=."),
    ),
    _spec(
        "typeform",
        "TYPEFORM_TOKEN",
        r"\b(?P<v>tfp_(?P<b>[A-Za-z0-9_=-]{40,60}))",
        tail=_TOKEN | frozenset("="),
    ),
    _spec(
        "frameio",
        "FRAMEIO_TOKEN",
        r"\b(?P<v>fio-u-(?P<b>[A-Za-z0-9_=-]{64}))",
        tail=_TOKEN | frozenset("="),
    ),
    _spec(
        "harness",
        "HARNESS_TOKEN",
        r"\b(?P<v>(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.(?P<b>[A-Za-z0-9]{20}))\b",
    ),
    _spec(
        "mapbox",
        "MAPBOX_TOKEN",
        r"\b(?P<v>sk\.eyJ[A-Za-z0-9_-]{50,}\.(?P<b>[A-Za-z0-9_-]{20,}))",
    ),
    _spec(
        "clickhouse",
        "CLICKHOUSE_API_SECRET",
        r"\b(?P<v>4b1d(?P<b>[A-Za-z0-9]{38}))\b",
        0.8,
        check=_mixed_case,
    ),
    _spec(
        "age",
        "AGE_SECRET_KEY",
        r"\b(?P<v>AGE-SECRET-KEY-1(?P<b>[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}))\b",
    ),
    _spec(
        "twitter_bearer",
        "TWITTER_BEARER_TOKEN",
        r"\b(?P<v>AAAAAAAAAAAAAAAAAAAA(?P<b>[A-Za-z0-9%]+))\b",
        0.85,
        tail=_TOKEN | frozenset("%"),
        check=lambda v: 80 <= len(v) <= 170,
    ),
    _spec(
        "notion_legacy",
        "NOTION_TOKEN",
        r"\b(?P<v>secret_(?P<b>[A-Za-z0-9]{43}))\b",
        0.8,
        check=_mixed_case,
    ),
    # --- structured tokens and credentials
    _spec(
        "jwt",
        "JWT",
        r"\b(?P<v>eyJ[A-Za-z0-9_-]{8,}={0,2}\.eyJ(?P<b>[A-Za-z0-9_-]{8,})={0,2}\."
        r"(?:[A-Za-z0-9_-]{8,}={0,2})?)",
        0.9,
        tail=_TOKEN | frozenset("."),
        check=_jwt_ok,
    ),
    _spec(
        "url_creds",
        "URL_CREDENTIALS",
        r"\b[A-Za-z][A-Za-z0-9+.-]*://(?P<u>[^\s:/?#@\"'<>\[\]]*):"
        r"(?P<v>[^\s:/?#@\"'<>\[\]]+)@[A-Za-z0-9]",
        0.85,
        tail=_NONE,
        kind="url",
    ),
    _spec(
        "bundler",
        "BUNDLER_CREDENTIALS",
        r"\b(?i:BUNDLE_[A-Z0-9_]*__[A-Z]{2,})[\"']?[ \t]*:?=?[ \t]*[\"']?"
        r"(?P<v>[A-Za-z0-9._%+-]{1,100}:[A-Za-z0-9._~%+/=-]{4,200})",
        0.85,
        tail=_NONE,
        kind="bundler",
    ),
    _spec(
        "curl_user",
        "BASIC_AUTH",
        r"(?:^|[ \t\n])(?:-u|--user)(?:[ \t]+|=)(?P<v>(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'])+)",
        0.85,
        tail=_NONE,
        kind="curl",
    ),
    _spec(
        "assign",
        "GENERIC_SECRET",
        _ASSIGN,
        0.7,
        tail=_NONE,
        kind="assign",
    ),
    _spec(
        "bearer",
        "BEARER_TOKEN",
        r"\b(?i:bearer)[ \t]+(?P<v>[A-Za-z0-9._~+/-]{12,}=*)",
        0.8,
        tail=_NONE,
        kind="bearer",
    ),
)

PATTERNS: dict[str, str] = {s.key: s.regex for s in _SPECS}
"""Every pattern by name (each compiles on its own with RE2)."""


def _no_captures(source: str) -> str:
    return str(re2.sub(r"\(\?P<[A-Za-z0-9_]+>", "(?:", source))


def _build_set() -> Any:
    options = re2.Options()
    options.max_mem = 64 << 20
    options.never_capture = True
    patterns = re2.Set.SearchSet(options)
    for spec in _SPECS:
        patterns.Add(_no_captures(spec.regex))
    patterns.Compile()
    return patterns


# All patterns as one automaton: a single forward DFA pass over the text tells which
# patterns match anywhere (for ordinary prose: none, and the scan ends there). Only those
# patterns then run on their own (small programs, with their capture groups).
_ANYWHERE = _build_set()
_COMPILED: dict[str, Any] = {s.key: re2.compile(s.regex) for s in _SPECS}
_GROUPS: dict[str, dict[str, int]] = {k: dict(rx.groupindex) for k, rx in _COMPILED.items()}

ENTITY_TYPES: tuple[str, ...] = tuple(
    sorted({s.entity for s in _SPECS} | {"AWS_SECRET_ACCESS_KEY", "GENERIC_SECRET"})
)
"""Every entity type the check can report."""


# --------------------------------------------------------------------------- params


class SecretsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_entropy: float = Field(
        3.0,
        ge=0.0,
        le=8.0,
        description="Shannon entropy (bits/char) a generic assignment's value must reach.",
    )
    providers: list[str] | None = Field(
        None, description="Report only these entity types (default: all)."
    )
    allow_values: list[str] = Field(
        default_factory=list, description="Values that are never reported."
    )

    @field_validator("providers")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        unknown = sorted(set(value) - set(ENTITY_TYPES))
        if unknown:
            raise ValueError(f"unknown providers {unknown}; known: {', '.join(ENTITY_TYPES)}")
        return value


# --------------------------------------------------------------------------- name rules

_STRONG_LAST = frozenset(
    {
        "token",
        "tokens",
        "secret",
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "pass",
        "credential",
        "credentials",
        "creds",
        "auth",
        "authorization",
        "apikey",
        "accesskey",
        "secretkey",
        "privatekey",
        "clientsecret",
        "appsecret",
        "authtoken",
        "accesstoken",
        "apitoken",
        "refreshtoken",
        "bottoken",
    }
)
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "secret",
        "access",
        "private",
        "signing",
        "encryption",
        "encrypt",
        "master",
        "account",
        "auth",
        "service",
        "client",
        "app",
        "consumer",
        "subscription",
        "webhook",
        "hmac",
        "jwt",
        "session",
        "license",
        "admin",
        "write",
        "read",
        "deploy",
        "ssh",
        "storage",
        "shared",
    }
)
_NAME_EXCLUDE = frozenset(
    {
        "public",
        "publishable",
        "pub",
        "csrf",
        "xsrf",
        "authenticity",
        "antiforgery",
        "page",
        "next",
        "continuation",
        "cursor",
        "sync",
        "max",
        "min",
        "num",
        "count",
        "length",
        "len",
        "size",
        "type",
        "sort",
        "primary",
        "foreign",
        "partition",
        "cache",
        "idempotency",
        "lookup",
        "hash",
    }
)
_PASSWORDISH = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "pass",
        "passwort",
        "kennwort",
        "senha",
        "contrasena",
        "contraseña",
        "пароль",
    }
)


@functools.lru_cache(maxsize=4096)
def _classify_name(name: str) -> str | None:
    """``strong``, ``password``, ``weak`` (a ``<vendor>_KEY`` name) or None (not secret)."""
    comps = _components(name)
    while comps and comps[-1].isdigit():
        comps.pop()
    if not comps:
        return None
    if any(c in _NAME_EXCLUDE for c in comps[:-1]):
        return None
    last = comps[-1]
    if last in _PASSWORDISH or (last.endswith("password") and last != "password"):
        return "password"
    if last in _STRONG_LAST:
        return "strong"
    if last in ("key", "keys"):
        if len(comps) < 2:
            return None
        prev = comps[-2]
        if prev in _KEY_QUALIFIERS:
            return "strong"
        return "weak"
    if last.endswith(("apikey", "accesskey", "secretkey", "privatekey", "clientsecret")):
        return "strong"
    return None


# --------------------------------------------------------------------------- scanning


@dataclass(slots=True)
class _Hit:
    entity: str
    start: int
    end: int
    score: float
    generic: bool
    value: str
    order: int = 0  # the pattern's place in _SPECS


def _hit_order(hit: _Hit) -> tuple[int, int]:
    return hit.start, hit.order


_PEM_MAX = 64 * 1024
# after a BEGIN line: optional "Proc-Type: ..." header lines, then base64 lines
_PEM_LINES = re2.compile(
    r"(?:(?:\r?\n|\\n|[ \t])*[A-Za-z-]+: [^\r\n\\]*)*"
    r"(?:(?:\r?\n|\\n|[ \t])*[A-Za-z0-9+/=]{16,})+"
)
_DROP_B64 = str.maketrans("", "", string.ascii_letters + string.digits + "+/=")
_UNQUOTED_STOP = frozenset(" \t\r\n\"'`,;<>(){}[]|\\")
_QUERY_PARAM = re2.compile(r"[A-Za-z_][A-Za-z0-9_.-]*=")


class _Scan:
    """One view's text, its UTF-8 bytes (what RE2 scans) and byte-to-char offsets."""

    __slots__ = ("_curl", "ascii", "data", "last", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(text)
        self.last = (0, 0)  # the last (byte, char) offset pair converted
        self._curl: int | None = None

    def char(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        last_byte, last_char = self.last
        if byte_offset < last_byte:
            last_byte, last_char = 0, 0
        chunk = self.data[last_byte:byte_offset]
        char = last_char + len(chunk.decode("utf-8", "surrogatepass"))
        self.last = (byte_offset, char)
        return char

    @property
    def curl(self) -> int:
        """Where "curl" first occurs in the text (-1 if nowhere)."""
        if self._curl is None:
            self._curl = self.text.find("curl")
        return self._curl


@register_check
class Secrets(Check):
    """API keys, tokens, private keys and credentials (provider formats and assignments)."""

    name = "secret"
    categories = ("secret",)
    surfaces = frozenset({"input", "output", "retrieval", "tool_call"})
    cost = "cheap"
    description = __doc__ or ""
    tags = ("owasp:llm02:2025",)
    Params: ClassVar[type[BaseModel]] = SecretsParams

    def __init__(self, params: BaseModel | None = None) -> None:
        super().__init__(params)
        assert isinstance(self.params, SecretsParams)
        self._min_entropy = self.params.min_entropy
        self._providers = frozenset(self.params.providers) if self.params.providers else None
        self._allow = frozenset(self.params.allow_values)

    # ------------------------------------------------------------------ public

    def run(self, data: CheckInput) -> list[Finding]:
        seen: set[tuple[str, int, int]] = set()
        findings: list[Finding] = []
        for view in data.views(decoded=True):
            if not view.text:
                continue
            for hit in self.scan(view.text):
                start, end = view.to_original(hit.start, hit.end)
                key = (hit.entity, start, end)
                if key in seen:
                    continue
                seen.add(key)
                findings.append(
                    self.finding(hit.score, start, end, entity_type=hit.entity, detail=view.kind)
                )
        return findings

    def scan(self, text: str) -> list[_Hit]:
        """Every secret in ``text`` (offsets into ``text``)."""
        scan = _Scan(text)
        matched = _ANYWHERE.Match(scan.data)
        if not matched:
            return []
        hits: list[_Hit] = []
        for order in sorted(matched):
            spec = _SPECS[order]
            for m in _COMPILED[spec.key].finditer(scan.data):
                hit = self._evaluate(spec, m, scan)
                if hit is not None:
                    hit.order = order
                    hits.append(hit)
        return self._select(hits)

    # ------------------------------------------------------------------ helpers

    def _select(self, hits: list[_Hit]) -> list[_Hit]:
        """Provider formats win over generic ones; of overlapping hits the first stays."""
        kept: list[_Hit] = []
        for generic in (False, True):
            group = sorted((h for h in hits if h.generic is generic), key=_hit_order)
            taken = sorted((h.start, h.end) for h in kept)
            starts = [span[0] for span in taken]
            reach = -1
            for h in group:
                if h.start < reach:
                    continue  # overlaps an earlier hit of the same kind
                i = bisect.bisect_left(starts, h.end) - 1
                if i >= 0 and taken[i][1] > h.start:
                    continue  # overlaps a provider format
                kept.append(h)
                reach = max(reach, h.end)
        return [
            h
            for h in sorted(kept, key=_hit_order)
            if (self._providers is None or h.entity in self._providers)
            and h.value not in self._allow
        ]

    def _span(self, m: Any, spec: _Spec, name: str, scan: _Scan) -> tuple[int, int] | None:
        idx = _GROUPS[spec.key].get(name)
        if idx is None:
            return None
        start, end = m.span(idx)
        if start < 0:
            return None
        return scan.char(start), scan.char(end)

    def _evaluate(self, spec: _Spec, m: Any, scan: _Scan) -> _Hit | None:
        kind = spec.kind
        if kind == "assign":
            return self._assignment(spec, m, scan)
        span = self._span(m, spec, "v", scan)
        if span is None:
            span = (scan.char(m.start()), scan.char(m.end()))
        text = scan.text
        start, end = span
        if kind == "pem":
            return self._pem(spec, m, scan, start, end)
        if kind == "url":
            user = self._span(m, spec, "u", scan)
            return self._password_hit(spec, text, start, end, user)
        if kind == "curl":
            return self._curl(spec, scan, start, end)
        if kind == "bundler":
            return self._user_password(spec, text, start, end)
        if kind == "bearer":
            return self._generic_value(spec, "strong", text, start, end, spec.entity)
        if spec.head and start > 0 and text[start - 1] in spec.head:
            return None
        if spec.tail and end < len(text) and text[end] in spec.tail:
            return None
        value = text[start:end]
        body = value
        for name in ("b", "b2", "b3"):
            bspan = self._span(m, spec, name, scan)
            if bspan is not None:
                body = text[bspan[0] : bspan[1]]
                break
        if is_placeholder(body):
            return None
        if spec.check is not None and not spec.check(value):
            return None
        return _Hit(spec.entity, start, end, spec.score, False, value)

    def _user_password(self, spec: _Spec, text: str, start: int, end: int) -> _Hit | None:
        value = text[start:end]  # "user:password", both parts secret
        if any(is_placeholder(part) for part in value.split(":", 1)):
            return None
        return _Hit(spec.entity, start, end, spec.score, False, value)

    def _password_hit(
        self, spec: _Spec, text: str, start: int, end: int, user_span: tuple[int, int] | None
    ) -> _Hit | None:
        password = text[start:end]
        user = text[user_span[0] : user_span[1]] if user_span else ""
        if len(user) > 64 or len(password) > 128:
            return None
        if not password or _password_placeholder(password, user):
            return None
        return _Hit(spec.entity, start, end, spec.score, False, password)

    def _curl(self, spec: _Spec, scan: _Scan, start: int, end: int) -> _Hit | None:
        text = scan.text
        if not 0 <= scan.curl < start:
            return None  # "-u user:pass" counts only in a curl command
        # unquote the shell word, remembering where each character came from
        chars: list[str] = []
        where: list[int] = []
        quote = ""
        for i in range(start, end):
            ch = text[i]
            if quote:
                if ch == quote:
                    quote = ""
                    continue
            elif ch in "\"'":
                quote = ch
                continue
            chars.append(ch)
            where.append(i)
        word = "".join(chars)
        if ":" not in word or _is_template(word):
            return None
        cut = word.index(":")
        user, password = word[:cut], word[cut + 1 :]
        if password:
            if _password_placeholder(password, user):
                return None
            s, e = where[cut + 1], where[-1] + 1
            return _Hit(spec.entity, s, e, spec.score, False, password)
        # "-u KEY:" - an API key used as the user name
        if len(user) >= 8 and not is_placeholder(user) and shannon_entropy(user) >= 3.0:
            return _Hit(spec.entity, where[0], where[cut - 1] + 1, spec.score, False, user)
        return None

    def _pem(self, spec: _Spec, m: Any, scan: _Scan, start: int, end: int) -> _Hit | None:
        text = scan.text
        body_span = self._span(m, spec, "b", scan)
        if body_span is None:
            return None
        b0, b1 = body_span
        if self._span(m, spec, "e", scan) is None:
            # no END line (a truncated key): keep the header and base64 lines that follow
            lines = _PEM_LINES.match(text[b0 : min(b1, b0 + _PEM_MAX)])
            if lines is None:
                return None
            b1 = end = b0 + lines.end()
        body = text[b0:b1].replace("\\n", "\n").replace("\\r", "\n")
        payload = "".join(ln.strip() for ln in body.splitlines() if ":" not in ln)
        b64 = len(payload) - len(payload.translate(_DROP_B64))
        if b64 < 40 or b64 < 0.9 * len(payload) or len(set(payload)) < 10:
            return None
        low = payload.lower()
        if any(s in low for s in ("xxxx", "...", "example", "redacted")):
            return None
        return _Hit(spec.entity, start, end, spec.score, False, text[start:end])

    def _assignment(self, spec: _Spec, m: Any, scan: _Scan) -> _Hit | None:
        text = scan.text
        kspan = self._span(m, spec, "k", scan)
        if kspan is None:
            return None
        name = text[kspan[0] : kspan[1]]
        strength = _classify_name(name)
        if strength is None:
            return None
        sep_span = self._span(m, spec, "sep", scan)
        sep = text[sep_span[0] : sep_span[1]] if sep_span else ""
        scheme_span = self._span(m, spec, "s", scan) or self._span(m, spec, "s2", scan)
        scheme = text[scheme_span[0] : scheme_span[1]].lower() if scheme_span else ""
        q_span = self._span(m, spec, "q", scan)
        start = scan.char(m.end())
        if q_span is not None:
            quote = text[q_span[0]]
            stop = text.find(quote, start, start + 1024)
            if stop < 0 or "\n" in text[start:stop]:
                return None
            end = stop
        else:
            if sep.endswith(","):
                return None
            end = start
            limit = min(len(text), start + 1024)
            while end < limit and text[end] not in _UNQUOTED_STOP:
                if text[end] == "&" and _QUERY_PARAM.match(text[end + 1 : end + 65]):
                    break  # "?token=abc&page=2": the next query parameter
                end += 1
            if end < len(text) and text[end] in "([":
                return None  # a call or a subscript: code, not a literal
            word_end = end
            while end > start and text[end - 1] in ".:":
                end -= 1
            if end - start < 6:
                return None
            while word_end < limit and not text[word_end].isspace():
                word_end += 1
            word = text[start:word_end]
            if ".." in word or "\u2026" in word or is_placeholder(word):
                return None  # truncated or masked ("ops_eyJ...", "abc..[Redacted]")
            if _code_path(text[start:end]):
                return None
        if end - start < 6:
            return None
        if scheme == "basic":
            return self._basic(text, start, end)
        entity = "BEARER_TOKEN" if scheme == "bearer" else spec.entity
        low = name.lower().replace("-", "_").replace(".", "_")
        value = text[start:end]
        if ("aws" in low or "secretaccesskey" in low.replace("_", "")) and _is_aws_secret(value):
            if not is_placeholder(value):
                return _Hit("AWS_SECRET_ACCESS_KEY", start, end, 0.9, True, value)
            return None
        return self._generic_value(spec, strength, text, start, end, entity)

    def _generic_value(
        self, spec: _Spec, strength: str, text: str, start: int, end: int, entity: str
    ) -> _Hit | None:
        value = text[start:end]
        if len(value.split()) != 1 or not value.isprintable():
            return None
        n = len(value)
        min_len = {"password": 8, "strong": 10, "weak": 16}[strength]
        if n < min_len or n > 1024:
            return None
        if is_placeholder(value) or _identifier_like(value):
            return None
        if value.startswith(_PROVIDER_PREFIXES):
            return None  # a provider's prefix, but not its format: malformed or a sample
        entropy = shannon_entropy(value)
        # a short value cannot reach a high entropy (at most log2(len) bits): scale down
        threshold = self._min_entropy * min(1.0, 0.85 * math.log2(n) / 3.0)
        if strength == "weak":
            threshold = max(self._min_entropy, 3.5)
            if not _has_digit_and_letter(value):
                return None
        elif not _char_classes_ok(value):
            return None
        if entropy < threshold:
            return None
        score = 0.6 + 0.1 * (entropy - threshold)
        if strength == "weak":
            score -= 0.1
        if entity == "BEARER_TOKEN":
            score += 0.1
        score = max(0.5, min(0.85, score))
        return _Hit(entity, start, end, score, True, value)

    def _basic(self, text: str, start: int, end: int) -> _Hit | None:
        value = text[start:end]
        raw = value.rstrip("=")
        if len(raw) < 6:
            return None
        try:
            decoded = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
        except (binascii.Error, ValueError):
            return None
        plain = decoded.decode("utf-8", "replace")
        if ":" not in plain:
            return None
        user, password = plain.split(":", 1)
        if password and not _password_placeholder(password, user):
            return _Hit("BASIC_AUTH", start, end, 0.85, True, value)
        if not password and len(user) >= 16 and shannon_entropy(user) >= 3.0:
            return _Hit("BASIC_AUTH", start, end, 0.75, True, value)
        return None


# Values starting like a provider format are judged by that format's pattern alone.
_PROVIDER_PREFIXES = (
    "AKIA",
    "ASIA",
    "AIza",
    "GOCSPX-",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxa-",
    "xoxb-",
    "xoxe-",
    "xoxe.",
    "xoxo-",
    "xoxp-",
    "xoxr-",
    "xoxs-",
    "xapp-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "sk-ant-",
    "sk-proj-",
    "hf_",
    "api_org_",
    "npm_",
    "pypi-",
    "dop_v1_",
    "shpat_",
    "sq0atp-",
    "sq0csp-",
    "SG.",
    "ops_eyJ",
    "hvs.",
    "hvb.",
    "glc_",
    "glsa_",
    "sgp_",
    "ntn_",
    "dapi",
    "fo1_",
    "HRKU-",
)


def _password_placeholder(password: str, user: str) -> bool:
    if len(password) < 4 or password == user:
        return True
    return is_placeholder(password)


def _is_aws_secret(value: str) -> bool:
    return len(value) == 40 and all(c.isalnum() or c in "+/" for c in value)


def _code_path(value: str) -> bool:
    """``self.secret``, ``settings.API_KEY``, ``XSalsa20.key_length``: a reference."""
    if "." not in value:
        return False
    parts = value.split(".")
    if not all(_identifier(p) for p in parts):
        return False
    # a random dotted token has mixed-case, digit-bearing parts; a reference has names
    return any(_one_case_name(p) or _identifier_like(p) for p in parts[1:])


def _identifier(part: str) -> bool:
    return bool(part) and (part[0].isalpha() or part[0] == "_") and part.replace("_", "").isalnum()


def _char_classes_ok(value: str) -> bool:
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    symbol = any(not c.isalnum() for c in value)
    return lower + upper + digit + symbol >= 2
