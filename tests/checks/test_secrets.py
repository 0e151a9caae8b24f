"""The ``secret`` check: provider formats, generic assignments, placeholders and spans.

Every token here is generated (a documented prefix plus seeded random characters), so no
real-looking secret literal sits in the source for other scanners to trip on.
"""

import base64
import random
import string

import pytest
import re2
from pydantic import ValidationError

from saferail.checks.base import Finding
from saferail.checks.secrets import (
    ENTITY_TYPES,
    PATTERNS,
    Secrets,
    SecretsParams,
    is_placeholder,
    shannon_entropy,
)
from tests.conftest import run_check

ALNUM = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "_-"


def fake(n: int, alphabet: str = ALNUM, seed: int = 0) -> str:
    """``n`` seeded random characters that pass the placeholder filter."""
    rng = random.Random(seed)
    while True:
        out = "".join(rng.choice(alphabet) for _ in range(n))
        if not is_placeholder(out):
            return out


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


JWT = ".".join(
    [
        b64url(b'{"alg":"HS256","typ":"JWT"}'),
        b64url(b'{"sub":"user-' + fake(10).encode() + b'","iat":1700000000}'),
        fake(43, URLSAFE, 9),
    ]
)
PEM_BODY = "\n".join(fake(64, B64, 100 + i) for i in range(6))
PEM = f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----"

# (entity type, secret, text around it with {} where the secret goes)
PROVIDER_CASES = [
    ("AWS_ACCESS_KEY_ID", "AKIA" + fake(16, B32, 1), "aws_access_key_id = {}"),
    ("AWS_ACCESS_KEY_ID", "ASIA" + fake(16, B32, 2), "temporary key {} expires soon"),
    ("AWS_SECRET_ACCESS_KEY", fake(40, B64, 3), "aws_secret_access_key = {}"),
    ("AWS_SECRET_ACCESS_KEY", fake(40, B64, 4), '"SecretAccessKey": "{}",'),
    ("GITHUB_TOKEN", "ghp_" + fake(36, ALNUM, 5), "export GH_TOKEN={}"),
    ("GITHUB_TOKEN", "gho_" + fake(36, ALNUM, 6), "oauth {}"),
    ("GITHUB_TOKEN", "ghs_" + fake(36, ALNUM, 7), "token: {}"),
    ("GITHUB_TOKEN", "github_pat_" + fake(22, ALNUM, 8) + "_" + fake(59, ALNUM, 9), "pat {}"),
    ("GITLAB_TOKEN", "glpat-" + fake(20, URLSAFE, 10), "PRIVATE-TOKEN: {}"),
    ("GITLAB_TOKEN", "glptt-" + fake(40, HEX, 11), "trigger {}"),
    (
        "SLACK_TOKEN",
        f"xoxb-{fake(12, '123456789', 12)}-{fake(13, '123456789', 13)}-" + fake(24, ALNUM, 14),
        "SLACK_BOT_TOKEN={}",
    ),
    (
        "SLACK_TOKEN",
        f"xoxp-{fake(11, '123456789', 15)}-{fake(12, '123456789', 16)}-"
        f"{fake(12, '123456789', 17)}-{fake(32, HEX, 18)}",
        "user token {} here",
    ),
    (
        "SLACK_WEBHOOK",
        "https://hooks.slack.com/services/T"
        + fake(8, B32, 19)
        + "/B"
        + fake(8, B32, 20)
        + "/"
        + fake(24, ALNUM, 21),
        "post to {} please",
    ),
    ("STRIPE_KEY", "sk_live_" + fake(24, ALNUM, 22), "stripe.api_key = '{}'"),
    ("STRIPE_KEY", "rk_live_" + fake(24, ALNUM, 23), "restricted {}"),
    ("STRIPE_KEY", "sk_test_" + fake(24, ALNUM, 24), "{}"),
    ("GOOGLE_API_KEY", "AIza" + fake(35, URLSAFE, 25), "maps?key={}&callback=init"),
    ("GOOGLE_OAUTH_CLIENT_SECRET", "GOCSPX-" + fake(28, URLSAFE, 26), '"client_secret":"{}"'),
    (
        "OPENAI_API_KEY",
        "sk-" + fake(20, ALNUM, 27) + "T3BlbkFJ" + fake(20, ALNUM, 28),
        "OPENAI_API_KEY={}",
    ),
    (
        "OPENAI_API_KEY",
        "sk-proj-" + fake(74, URLSAFE, 29) + "T3BlbkFJ" + fake(74, URLSAFE, 30),
        "use {} for the project",
    ),
    ("ANTHROPIC_API_KEY", "sk-ant-api03-" + fake(93, URLSAFE, 31) + "AA", "x-api-key: {}"),
    ("SENDGRID_API_KEY", "SG." + fake(22, URLSAFE, 32) + "." + fake(43, URLSAFE, 33), "{}"),
    ("JWT", JWT, "Authorization: Bearer {}"),
    ("PRIVATE_KEY", PEM, "here is the key:\n{}\nkeep it safe"),
    ("NPM_TOKEN", "npm_" + fake(36, ALNUM, 34), "//registry.npmjs.org/:_authToken={}"),
    ("PYPI_TOKEN", "pypi-AgEIcHlwaS5vcmc" + fake(70, URLSAFE, 35), "password = {}"),
    ("TWILIO_API_KEY", "SK" + fake(32, HEX, 36), "twilio {}"),
    ("MAILGUN_API_KEY", "key-" + fake(32, HEX, 37), "mailgun {}"),
    ("HEROKU_API_KEY", "HRKU-AA" + fake(58, URLSAFE, 38), "{}"),
    ("DIGITALOCEAN_TOKEN", "dop_v1_" + fake(64, HEX, 39), "DO_TOKEN={}"),
    ("SHOPIFY_TOKEN", "shpat_" + fake(32, HEX, 40), "{}"),
    (
        "HUGGINGFACE_TOKEN",
        "hf_" + fake(34, string.ascii_letters, 41),
        "huggingface-cli login --token {}",
    ),
    (
        "AZURE_STORAGE_KEY",
        fake(86, B64, 42) + "==",
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={};EndpointSuffix=core",
    ),
    (
        "AZURE_CLIENT_SECRET",
        fake(3, ALNUM, 43) + "8Q~" + fake(34, ALNUM + "_~.-", 44),
        "client secret: {}",
    ),
    ("SQUARE_TOKEN", "sq0atp-" + fake(22, URLSAFE, 45), "{}"),
    ("TELEGRAM_BOT_TOKEN", fake(10, "123456789", 46) + ":AA" + fake(33, URLSAFE, 47), "bot {}"),
    ("DATABRICKS_TOKEN", "dapi" + fake(32, HEX, 48), "token = {}"),
    ("DOPPLER_TOKEN", "dp.pt." + fake(43, ALNUM, 49), "{}"),
    ("LINEAR_API_KEY", "lin_api_" + fake(40, ALNUM, 50), "{}"),
    ("POSTMAN_API_KEY", "PMAK-" + fake(24, HEX, 51) + "-" + fake(34, HEX, 52), "{}"),
    ("ATLASSIAN_API_TOKEN", "ATATT3" + fake(180, URLSAFE + "=", 53), "jira: {}"),
    (
        "DISCORD_WEBHOOK",
        "https://discord.com/api/webhooks/"
        + fake(18, "123456789", 54)
        + "/"
        + fake(68, URLSAFE, 55),
        "{}",
    ),
    ("VAULT_TOKEN", "hvs." + fake(96, URLSAFE, 56), "VAULT_TOKEN={}"),
    ("SENTRY_TOKEN", "sntryu_" + fake(64, HEX, 57), "{}"),
    ("GRAFANA_TOKEN", "glsa_" + fake(32, ALNUM, 58) + "_" + fake(8, HEX, 59), "{}"),
    ("URL_CREDENTIALS", fake(16, ALNUM, 60), "DATABASE_URL=postgres://app:{}@db.internal:5432/app"),
    ("BASIC_AUTH", fake(14, ALNUM, 61), "curl -u deploy:{} https://api.example.org/v1/me"),
    ("BEARER_TOKEN", fake(40, ALNUM, 62), "-H 'Authorization: Bearer {}'"),
    ("GENERIC_SECRET", fake(32, ALNUM, 63), 'api_key = "{}"'),
    ("GENERIC_SECRET", fake(12, ALNUM + "!#%&", 64), "password: {}"),
    ("GENERIC_SECRET", fake(24, ALNUM, 65), "client_secret={}&grant_type=client_credentials"),
    ("GENERIC_SECRET", fake(32, ALNUM, 66), '"X-API-KEY": "{}"'),
]


def ids(case: tuple[str, str, str]) -> str:
    return case[0]


def only(findings: list[Finding], entity: str) -> list[Finding]:
    return [f for f in findings if f.entity_type == entity]


@pytest.mark.parametrize(
    ("entity", "secret", "template"), PROVIDER_CASES, ids=map(ids, PROVIDER_CASES)
)
def test_provider_formats_are_found_with_exact_spans(
    entity: str, secret: str, template: str
) -> None:
    text = template.format(secret)
    findings = run_check(Secrets(), text)
    hits = only(findings, entity)
    assert hits, f"{entity} not found; got {[f.entity_type for f in findings]}"
    assert any(text[f.start : f.end] == secret for f in hits if f.start is not None)
    for f in findings:
        assert f.check == "secret" and f.category == "secret"
        assert 0.5 <= f.score <= 1.0


def test_strong_formats_score_higher_than_generic_assignments() -> None:
    strong = run_check(Secrets(), "ghp_" + fake(36, ALNUM, 70))
    generic = run_check(Secrets(), 'api_key = "' + fake(32, ALNUM, 71) + '"')
    assert strong[0].score >= 0.9
    assert generic[0].score < strong[0].score


@pytest.mark.parametrize(
    "text",
    [
        "Plain English: what is a good way to keep my API keys and passwords safe?",
        "Explain how the token bucket algorithm works and what a secret santa is.",
        "The primary key of the users table is id; the sort key is created_at.",
        "request id 123e4567-e89b-12d3-a456-426614174000 failed",
        "uuid: 9b2c6f1e-3d4a-4c8b-9e7f-1a2b3c4d5e6f",
        "Merged commit 9fceb02d0ae598e95dc970b74767f19372d61af8 into main",
        "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "<img src='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
        "mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='>",
        "password = input()",
        "password = getpass.getpass('Password: ')",
        "api_key = os.environ['OPENAI_API_KEY']",
        "api_key = os.environ.get('OPENAI_API_KEY')",
        "const token = process.env.GITHUB_TOKEN;",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "password: ${DB_PASSWORD}",
        "password=$DB_PASSWORD",
        "api_key: {{ api_key }}",
        "password = %(db_password)s",
        "secret = '<YOUR_API_KEY>'",
        "api_key: your-api-key-here",
        "api_key = 'changeme'",
        "token = 'dummy'",
        "password: '****'",
        "client_secret: REDACTED",
        "aws_access_key_id = AKIAXXXXXXXXXXXXXXXX",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "token = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'",
        "api_key = '1234567890abcdef1234567890abcdef'",
        "secret = 'abcdefghijklmnopqrstuvwxyz'",
        "max_tokens: 4096",
        "csrf_token = 'b0c3a1d5e7f9b0c3a1d5e7f9b0c3a1d5'",
        "public_key = '9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit'",
        "postgres://user:password@localhost:5432/db",
        "curl -u username:password https://example.org",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        "-----BEGIN PUBLIC KEY-----\n" + fake(64, B64, 80) + "\n-----END PUBLIC KEY-----",
    ],
)
def test_hard_negatives_are_not_reported(text: str) -> None:
    findings = run_check(Secrets(), text)
    assert findings == [], [(f.entity_type, text[f.start : f.end]) for f in findings]


@pytest.mark.parametrize(
    "value",
    [
        "AKIAXXXXXXXXXXXXXXXX",
        "AKIAIOSFODNN7EXAMPLE",
        "<YOUR_API_KEY>",
        "${VAR}",
        "$VAR",
        "{{ var }}",
        "%(var)s",
        "os.environ['API_KEY']",
        "process.env.API_KEY",
        "aaaaaaaaaaaaaaaa",
        "xxxxxxxx",
        "1234567890",
        "abcdefghijklmnop",
        "your-api-key-here",
        "changeme",
        "dummy",
        "REDACTED",
        "****",
        "MY_API_KEY",
        "SlackBotTokenHere",
        "qwerty123",
        "Password123!",
        "",
    ],
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("seed", range(20))
def test_random_tokens_are_not_placeholders(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = rng.choice([ALNUM, HEX, B64, URLSAFE])
    value = "".join(rng.choice(alphabet) for _ in range(rng.randint(20, 64)))
    assert not is_placeholder(value)


def test_entropy() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == pytest.approx(2.0)
    assert shannon_entropy(fake(64, ALNUM, 90)) > 5.0


def test_base64_hidden_key_is_reported_on_the_payload() -> None:
    key = "AKIA" + fake(16, B32, 91)
    payload = base64.b64encode(f"please use the key {key} for the deploy".encode()).decode()
    text = f"run this: {payload} thanks"
    findings = only(run_check(Secrets(), text), "AWS_ACCESS_KEY_ID")
    assert findings
    assert any(text[f.start : f.end] == payload for f in findings if f.start is not None)


def test_spans_map_through_non_ascii_and_invisible_characters() -> None:
    token = "ghp_" + fake(36, ALNUM, 92)
    text = f"Привет 🤖 — voilà: {token} ✓"
    [finding] = run_check(Secrets(), text)
    assert text[finding.start : finding.end] == token

    split = token[:10] + "\u200b" + token[10:]
    text = f"naïve {split} end"
    findings = only(run_check(Secrets(), text), "GITHUB_TOKEN")
    assert findings and text[findings[0].start : findings[0].end] == split


def test_private_key_span_covers_the_whole_block() -> None:
    text = f"key:\n{PEM}\nthanks"
    [finding] = run_check(Secrets(), text)
    assert finding.entity_type == "PRIVATE_KEY"
    assert text[finding.start : finding.end] == PEM


def test_private_key_in_json_with_escaped_newlines() -> None:
    block = "-----BEGIN PRIVATE KEY-----\\n" + PEM_BODY.replace("\n", "\\n")
    block += "\\n-----END PRIVATE KEY-----\\n"
    text = '{"type": "service_account", "private_key": "' + block + '"}'
    findings = only(run_check(Secrets(), text), "PRIVATE_KEY")
    assert findings
    found = text[findings[0].start : findings[0].end]
    assert found.startswith("-----BEGIN PRIVATE KEY-----") and found.endswith("KEY-----")


def test_truncated_private_key_is_still_reported() -> None:
    text = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + PEM_BODY + "\n\nthat is all I have"
    [finding] = run_check(Secrets(), text)
    assert finding.entity_type == "PRIVATE_KEY"
    assert text[finding.start : finding.end].endswith(PEM_BODY.splitlines()[-1])


def test_provider_value_in_an_assignment_is_reported_once() -> None:
    token = "ghp_" + fake(36, ALNUM, 93)
    findings = run_check(Secrets(), f'GITHUB_TOKEN = "{token}"')
    assert [f.entity_type for f in findings] == ["GITHUB_TOKEN"]


def test_a_jwt_bearer_token_is_reported_as_jwt_only() -> None:
    text = f"curl -H 'Authorization: Bearer {JWT}' https://api.example.org"
    assert [f.entity_type for f in run_check(Secrets(), text)] == ["JWT"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("https://app.example.org/reset?token={}&lang=en", fake(20, ALNUM, 110)),
        ("Passwort: {}", fake(12, ALNUM, 111)),
        ('os.getenv("API_TOKEN", "{}")', fake(24, ALNUM, 112)),
        ("export AUTH_CLIENTSECRET={}", fake(32, ALNUM, 113)),
        ("jira_api_token := '{}'", fake(24, ALNUM, 114)),
        # XML configuration: an element named for a secret, a key/value attribute pair
        ("<password>{}</password>", fake(16, ALNUM, 115)),
        ("<db.password>{}</db.password>", fake(14, ALNUM, 116)),
        ('<add key="DbPassword" value="{}" />', fake(18, ALNUM, 117)),
        ('<property name="hibernate.connection.password" value="{}"/>', fake(16, ALNUM, 118)),
        # a database client's password option (glued to -p, or --password=)
        ("mysql -u app -p{} -h db.internal shop", fake(14, ALNUM, 119)),
        ("mysqldump --user=root --password={} shop > dump.sql", fake(16, ALNUM, 120)),
        # a YAML block scalar: the value on the next, indented line
        ("db:\n  host: db.internal\n  password: |\n    {}\n  user: app\n", fake(16, ALNUM, 121)),
        ("api_token: >-\n  {}\n", fake(24, ALNUM, 122)),
    ],
)
def test_generic_assignment_shapes(text: str, value: str) -> None:
    text = text.format(value)
    findings = run_check(Secrets(), text)
    assert [text[f.start : f.end] for f in findings if f.start is not None] == [value]
    assert findings[0].entity_type == "GENERIC_SECRET"


@pytest.mark.parametrize(
    "text",
    [
        "<password></password>",
        "<password>${DB_PASSWORD}</password>",
        "<password>changeme</password>",
        '<PasswordBox x:Name="pw" Width="200"/> and more text',
        '<add key="PageSize" value="25" />',
        '<add key="TokenLifetimeMinutes" value="30" />',
        "mysql -u root -p shop",  # -p alone prompts; "shop" is the database
        "mysql -u root -p$MYSQL_PWD",
        "mysql -h db -P 3306 -u app",
        "password: |\n  changeme\n",
        "api_key: |\n  ${API_KEY}\n",
        "description: |\n  Rotate the password every ninety days.\n",
        "password: |\nnot-indented-so-not-the-value-x7Q2\n",
    ],
)
def test_configs_and_commands_without_a_secret_are_clean(text: str) -> None:
    assert run_check(Secrets(), text) == []


def test_several_secrets_in_one_text() -> None:
    a = "sk_live_" + fake(24, ALNUM, 94)
    b = "npm_" + fake(36, ALNUM, 95)
    text = f"stripe {a}\nnpm {b}\n"
    spans = {text[f.start : f.end] for f in run_check(Secrets(), text) if f.start is not None}
    assert spans == {a, b}


def test_basic_authorization_header() -> None:
    creds = base64.b64encode(f"deploy:{fake(16, ALNUM, 96)}".encode()).decode()
    text = f'curl -H "Authorization: Basic {creds}" https://api.example.org'
    [finding] = run_check(Secrets(), text)
    assert finding.entity_type == "BASIC_AUTH"
    assert text[finding.start : finding.end] == creds


def test_runs_on_every_surface() -> None:
    token = "glpat-" + fake(20, URLSAFE, 97)
    for surface in ("input", "output", "retrieval", "tool_call"):
        assert run_check(Secrets(), f"use {token}", surface)


# --------------------------------------------------------------------------- params


def test_providers_param_restricts_entity_types() -> None:
    text = f"{'ghp_' + fake(36, ALNUM, 98)} and {'npm_' + fake(36, ALNUM, 99)}"
    check = Secrets(SecretsParams(providers=["NPM_TOKEN"]))
    assert {f.entity_type for f in run_check(check, text)} == {"NPM_TOKEN"}


def test_unknown_provider_is_rejected_with_the_known_names() -> None:
    with pytest.raises(ValidationError, match=r"known: .*GITHUB_TOKEN"):
        SecretsParams(providers=["NOPE"])


def test_extra_params_are_forbidden() -> None:
    with pytest.raises(ValidationError):
        SecretsParams(threshold=3)  # type: ignore[call-arg]


def test_allow_values_are_never_reported() -> None:
    token = "ghp_" + fake(36, ALNUM, 100)
    other = "npm_" + fake(36, ALNUM, 101)
    check = Secrets(SecretsParams(allow_values=[token]))
    findings = run_check(check, f"{token} {other}")
    assert [f.entity_type for f in findings] == ["NPM_TOKEN"]


def test_min_entropy_controls_generic_assignments_only() -> None:
    text = f'password = "{fake(10, string.ascii_lowercase + string.digits, 102)}"'
    assert run_check(Secrets(), text)
    strict = Secrets(SecretsParams(min_entropy=4.5))
    assert run_check(strict, text) == []
    assert run_check(strict, "ghp_" + fake(36, ALNUM, 103))


# --------------------------------------------------------------------------- declaration


def test_declaration() -> None:
    assert Secrets.name == "secret"
    assert Secrets.categories == ("secret",)
    assert Secrets.surfaces == frozenset({"input", "output", "retrieval", "tool_call"})
    assert Secrets.cost == "cheap"
    assert "owasp:llm02:2025" in Secrets.tags
    for entity in (
        "AWS_ACCESS_KEY_ID",
        "GITHUB_TOKEN",
        "SLACK_TOKEN",
        "STRIPE_KEY",
        "GOOGLE_API_KEY",
        "OPENAI_API_KEY",
        "JWT",
        "PRIVATE_KEY",
        "GENERIC_SECRET",
    ):
        assert entity in ENTITY_TYPES


def test_every_pattern_compiles_under_re2() -> None:
    assert len(PATTERNS) >= 40
    for name, source in PATTERNS.items():
        assert re2.compile(source) is not None, name
