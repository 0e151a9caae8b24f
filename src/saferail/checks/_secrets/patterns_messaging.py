"""Secret patterns: chat, mail and messaging.

Slack, Discord, Teams, Telegram, SendGrid, Brevo, Mailgun, Mailchimp, Twilio.

Order within the table matters: where two hits start at the same offset, the pattern
listed first wins (see :mod:`saferail.checks._secrets.patterns`).
"""

from __future__ import annotations

__all__ = ["MESSAGING_SPECS"]

from saferail.checks._secrets.spec import ALNUM, NONE, Spec, random_alnum, spec

MESSAGING_SPECS: tuple[Spec, ...] = (
    spec(
        "slack_config",
        "SLACK_TOKEN",
        r"\b(?P<v>xoxe(?:\.xox[bp])?-\d-(?P<b>[A-Za-z0-9]{100,}))",
    ),
    spec(
        "slack_app",
        "SLACK_TOKEN",
        r"\b(?P<v>xapp-\d-[A-Z0-9]{9,13}-\d{10,15}-(?P<b>[a-f0-9]{40,80}))",
    ),
    spec(
        "slack",
        "SLACK_TOKEN",
        r"\b(?P<v>xox[abeoprs]-(?:\d{1,2}-)?\d{6,15}(?:-\d{6,15}){0,3}-(?P<b>[A-Za-z0-9]{8,100}))",
        tail=ALNUM | frozenset("-"),
    ),
    spec(
        "slack_webhook",
        "SLACK_WEBHOOK",
        r"(?P<v>https?://hooks\.slack\.com/(?:services|workflows|triggers)/"
        r"(?P<b>[A-Za-z0-9+/_-]{20,200}))",
        tail=NONE,
    ),
    spec(
        "discord_webhook",
        "DISCORD_WEBHOOK",
        r"(?P<v>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/"
        r"(?P<b>[A-Za-z0-9_-]{60,70}))",
    ),
    spec(
        "teams_webhook",
        "TEAMS_WEBHOOK",
        r"(?P<v>https://[A-Za-z0-9-]{1,60}\.webhook\.office\.com/webhookb2/"
        r"(?P<b>[A-Za-z0-9@/_-]{60,300}))",
        0.9,
        tail=NONE,
    ),
    spec(
        "discord_bot",
        "DISCORD_TOKEN",
        r"\b(?P<v>[MNO][A-Za-z0-9_-]+\.[A-Za-z0-9_-]{6}\.(?P<b>[A-Za-z0-9_-]{27,38}))",
        0.85,
        check=lambda v: random_alnum(v) and 24 <= len(v.split(".")[0]) <= 26,
    ),
    spec(
        "telegram",
        "TELEGRAM_BOT_TOKEN",
        r"\b(?P<v>\d+:AA(?P<b>[A-Za-z0-9_-]{33}))",
        0.9,
        check=lambda v: 8 <= v.index(":") <= 10,
    ),
    spec(
        "sendgrid",
        "SENDGRID_API_KEY",
        r"\b(?P<v>SG\.[A-Za-z0-9_-]{22}\.(?P<b>[A-Za-z0-9_-]{43}))",
    ),
    spec(
        "brevo",
        "BREVO_API_KEY",
        r"\b(?P<v>xkeysib-(?P<b>[a-f0-9]{64})-[A-Za-z0-9]{16})\b",
    ),
    spec("mailgun", "MAILGUN_API_KEY", r"\b(?P<v>key-(?P<b>[0-9a-f]{32}))\b", 0.85),
    spec(
        "mailgun_private",
        "MAILGUN_API_KEY",
        r"\b(?P<v>(?P<b>[0-9a-f]+)-[0-9a-f]{8}-[0-9a-f]{8})\b",
        0.75,
        check=lambda v: v.index("-") == 32,
    ),
    spec(
        "mailchimp",
        "MAILCHIMP_API_KEY",
        r"\b(?P<v>(?P<b>[0-9a-f]+)-us\d{1,2})\b",
        0.85,
        check=lambda v: v.index("-") == 32,
    ),
    spec("twilio", "TWILIO_API_KEY", r"\b(?P<v>SK(?P<b>[0-9a-f]{32}))\b", 0.8),
)
"""Patterns for chat, mail and messaging, in table order."""
