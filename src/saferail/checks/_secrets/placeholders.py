"""The placeholder filter: template variables, examples, masked and dummy values.

A candidate secret that is ``<YOUR_API_KEY>``, ``${VAR}``, ``changeme``, ``xxxx``,
``123456`` or just words naming a secret (``MY_API_KEY``) is never reported; this module
decides that (:func:`is_placeholder`) and offers the name-shape helpers it is built on.
"""

from __future__ import annotations

__all__ = [
    "components",
    "identifier_like",
    "is_placeholder",
    "is_template",
    "one_case_name",
    "password_placeholder",
]

import string

import re2

_UPPER_WORD = re2.compile(r"[A-Z][A-Z0-9]{0,11}")

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


def components(value: str) -> list[str]:
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


def is_template(v: str) -> bool:
    low = v.lower()
    if any(m in low for m in _TEMPLATE_MARKERS):
        return True
    if v[0] in "$`%&*":  # $VAR, `cmd`, %VAR%, YAML anchors and aliases
        return True
    pairs = (("<", ">"), ("[", "]"), ("{", "}"), ("(", ")"))
    for left, right in pairs:
        if v.startswith(left) and v.endswith(right):
            inner = v[1:-1].strip()
            if not inner or left in "<[" or identifier_like(inner) or one_case_name(inner):
                return True
    return False


def one_case_name(v: str) -> bool:
    """``password``, ``API_TOKEN``, ``db-pass``: a name, not random characters."""
    letters = v.replace("_", "").replace("-", "")
    return letters.isalpha() and (letters.islower() or letters.isupper())


def identifier_like(v: str) -> bool:
    """Words joined as an identifier (``MY_API_KEY``, ``ultraPictureBox``), no randomness."""
    if any(c.isdigit() for c in v) and not v.isupper():
        return False
    comps = [c for c in components(v) if c]
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
    if is_template(v) or _upper_snake(v):
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
        comps = components(v)
        if (
            len(comps) >= 2
            and all(len(c) >= 2 for c in comps)
            and sum(map(len, comps)) / len(comps) >= 3
            and any(c in _KEYWORDISH for c in comps)
        ):
            return True
    return False


def password_placeholder(password: str, user: str) -> bool:
    """Whether ``password`` is too short, the user name again or a placeholder."""
    if len(password) < 4 or password == user:
        return True
    return is_placeholder(password)
