"""Secret patterns: private keys, structured tokens and credentials.

PEM private keys, JWTs, credentials in URLs, Bundler settings and ``curl -u`` options,
generic assignments whose name says "secret" (``api_key = "..."``) and ``Bearer`` tokens.
The PEM pattern heads the whole table; the others close it (the generic ones last).
"""

from __future__ import annotations

__all__ = ["CREDENTIAL_SPECS", "PEM_SPECS"]

from saferail.checks._secrets.spec import NONE, TOKEN, Spec, jwt_ok, spec

# Names ending with one of these words introduce a value that may be a secret; the
# Python side decides from the whole name (see :mod:`.names`).
_KEYWORDS = (
    r"(?i:key|keys|token|tokens|secret|passw(?:or)?d|pwd|passphrase|pass|credentials?|creds"
    r"|auth|authorization|passwort|kennwort|senha|contrase(?:n|ñ)a|пароль)"
)
_SCHEMES = r"(?i:bearer|basic|token|digest|bot|api-?token)"
# The name may be bold in markdown ("**Password:** ...", "**Password**: ...") and its
# quotes escaped, as in JSON inside a JSON string ({\"api_key\": \"...\"}).
_ASSIGN = (
    r"(?P<k>[A-Za-z0-9_.-]*" + _KEYWORDS + r"\d{0,2})"
    r"(?P<sep>(?:\\?[\"']|\*{1,2})?[ \t]*(?::{1,3}=|\?=|=>|->|=|:)(?:\*{1,2})?"
    r"|\\?[\"'][ \t]*,)"
    r"[ \t]*(?:(?P<s>" + _SCHEMES + r")[ \t]+)?"
    r"(?:\\?(?P<q>[\"'`]))?(?:(?P<s2>" + _SCHEMES + r")[ \t]+)?"
)
# mysql / mariadb clients take the password glued to -p (a space would make it a database
# name) or as --password=VALUE
_DB_CLI = (
    r"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mariadb|mariadb-dump)\b"
    r"[^\n|;&]{0,200}?[ \t](?:-p|--password=)(?P<v>[^\s\"'-][^\s\"']*)"
)
# an XML element named for a secret, its text the value (judged like an assignment)
_XML_ELEMENT = r"<(?P<k>[A-Za-z0-9_.:-]*" + _KEYWORDS + r"\d{0,2})(?:[ \t][^<>\n]{0,200})?>"
# a key/value attribute pair whose key names a secret (.NET appSettings, Ant, Maven...)
_XML_KEY_VALUE = (
    r"\b(?i:key|name)[ \t]*=[ \t]*[\"'](?P<k>[A-Za-z0-9_.:-]*" + _KEYWORDS + r"[A-Za-z0-9_.:-]*)"
    r"[\"'][ \t]+(?i:value)[ \t]*=[ \t]*(?P<q>[\"'])"
)
_PEM = (
    r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
    r"(?P<b>(?:[A-Za-z0-9+/=:,._ \t\r\n]|\\[nr]|-[A-Za-z0-9])*)"
    r"(?P<e>-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----)?"
)

PEM_SPECS: tuple[Spec, ...] = (
    spec("pem", "PRIVATE_KEY", r"(?P<v>" + _PEM + r")", 0.99, tail=NONE, kind="pem"),
)
"""PEM private keys (the first pattern of the table)."""

CREDENTIAL_SPECS: tuple[Spec, ...] = (
    spec(
        "jwt",
        "JWT",
        r"\b(?P<v>eyJ[A-Za-z0-9_-]{8,}={0,2}\.eyJ(?P<b>[A-Za-z0-9_-]{8,})={0,2}\."
        r"(?:[A-Za-z0-9_-]{8,}={0,2})?)",
        0.9,
        tail=TOKEN | frozenset("."),
        check=jwt_ok,
    ),
    spec(
        "url_creds",
        "URL_CREDENTIALS",
        # the password runs from the first ":" to the last "@" before the host, as URL
        # parsers read it ("p@ss:w" unencoded); the host may be an IPv6 literal ("@[::1]")
        r"\b[A-Za-z][A-Za-z0-9+.-]*://(?P<u>[^\s:/?#@\"'<>\[\]]*):"
        r"(?P<v>[^\s/?#\"'<>\[\]]+)@[A-Za-z0-9\[]",
        0.85,
        tail=NONE,
        kind="url",
    ),
    spec(
        "bundler",
        "BUNDLER_CREDENTIALS",
        r"\b(?i:BUNDLE_[A-Z0-9_]*__[A-Z]{2,})[\"']?[ \t]*:?=?[ \t]*[\"']?"
        r"(?P<v>[A-Za-z0-9._%+-]{1,100}:[A-Za-z0-9._~%+/=-]{4,200})",
        0.85,
        tail=NONE,
        kind="bundler",
    ),
    spec(
        "curl_user",
        "BASIC_AUTH",
        r"(?:^|[ \t\n])(?:-u|--user)(?:[ \t]+|=)(?P<v>(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'])+)",
        0.85,
        tail=NONE,
        kind="curl",
    ),
    spec(
        "assign",
        "GENERIC_SECRET",
        _ASSIGN,
        0.7,
        tail=NONE,
        kind="assign",
    ),
    # a database client's password option: mysql -u app -pS3cret..., --password=S3cret...
    spec("db_cli_password", "GENERIC_SECRET", _DB_CLI, 0.7, tail=NONE, kind="cli_password"),
    # XML configuration: <password>value</password>, <add key="DbPassword" value="..."/>
    spec("xml_element", "GENERIC_SECRET", _XML_ELEMENT, 0.7, tail=NONE, kind="assign"),
    spec("xml_key_value", "GENERIC_SECRET", _XML_KEY_VALUE, 0.7, tail=NONE, kind="assign"),
    spec(
        "bearer",
        "BEARER_TOKEN",
        r"\b(?i:bearer)[ \t]+(?P<v>[A-Za-z0-9._~+/-]{12,}=*)",
        0.8,
        tail=NONE,
        kind="bearer",
    ),
)
"""Structured tokens and credentials (the last patterns of the table)."""
