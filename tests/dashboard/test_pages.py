"""The HTML pages: login and sessions, role enforcement with clean error pages, what each
page shows from the seeded stores, and the security headers."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from saferail.dashboard import DashboardConfig
from saferail.dashboard.auth import COOKIE, SessionStore
from saferail.dashboard.login import safe_next
from saferail.telemetry.access import Principal
from tests.dashboard.conftest import Dashboard, MakeDashboard
from tests.dashboard.seed import RAW_PII

ORIGIN = "http://testserver"


def login(dash: Dashboard, role: str, next_: str = "/") -> TestClient:
    client = dash.client()
    response = client.post(
        "/login",
        data={"key": dash.world.keys[role], "next": next_},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == next_
    return client


def test_pages_redirect_to_the_login_form_and_back(dash: Dashboard) -> None:
    client = dash.client()
    response = client.get("/runs?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fruns%3Fx%3D1"
    form = client.get(response.headers["location"])
    assert form.status_code == 200 and 'name="next" value="/runs?x=1"' in form.text
    response = client.post(
        "/login",
        data={"key": dash.world.keys["viewer"], "next": "/runs?x=1"},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/runs?x=1"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie and "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # plain http here; --secure-cookie or https sets it
    assert client.get("/runs").status_code == 200
    assert client.get("/login", follow_redirects=False).headers["location"] == "/"


def test_wrong_keys_and_cross_origin_forms_are_refused(dash: Dashboard) -> None:
    client = dash.client()
    unknown = "srk_000000000000_" + "b" * 43
    for key, message in [("", "paste an API key"), ("srk_", "malformed API key"),
                         (unknown, "unknown API key")]:  # fmt: skip
        response = client.post("/login", data={"key": key}, headers={"Origin": ORIGIN})
        assert response.status_code == 401 and message in response.text
        assert COOKIE not in response.headers.get("set-cookie", "")
    response = client.post(
        "/login",
        data={"key": dash.world.keys["admin"]},
        headers={"Origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 403 and "another origin" in response.text
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    ("wanted", "safe"),
    [
        ("/events?type=guard.decision", "/events?type=guard.decision"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("/login?next=/", "/"),
        (None, "/"),
    ],
)
def test_the_next_page_stays_local(wanted: str | None, safe: str) -> None:
    assert safe_next(wanted) == safe


def test_logout_ends_the_session(dash: Dashboard) -> None:
    client = login(dash, "analyst")
    token = client.cookies[COOKIE]
    response = client.post("/logout", headers={"Origin": ORIGIN}, follow_redirects=False)
    assert response.headers["location"] == "/login"
    client.cookies.set(COOKIE, token)  # replaying the old cookie does not work
    assert client.get("/events", follow_redirects=False).status_code == 303


def test_revoking_a_key_ends_its_sessions(dash: Dashboard) -> None:
    key = dash.key("temp-analyst", "analyst")
    client = dash.client()
    client.post("/login", data={"key": key}, headers={"Origin": ORIGIN})
    assert client.get("/events").status_code == 200
    dash.events.revoke_api_key("temp-analyst")
    response = client.get("/events", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_sessions_expire_and_the_oldest_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("saferail.dashboard.auth.time.monotonic", lambda: clock[0])
    sessions = SessionStore(ttl_s=60, max_sessions=2)
    who = Principal(name="a", role="viewer")
    first, second = sessions.open(who, "k1"), sessions.open(who, "k2")
    assert sessions.get(first) is not None and len(sessions) == 2
    third = sessions.open(who, "k3")
    assert sessions.get(first) is None and sessions.get(second) is not None
    clock[0] += 61
    assert sessions.get(third) is None and sessions.get(second) is None


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("viewer", "/events", 403),
        ("viewer", "/audit", 403),
        ("analyst", "/audit", 403),
        ("analyst", "/events?include_content=true", 403),
        ("analyst", "/events", 200),
        ("admin", "/audit", 200),
        ("admin", "/events?include_content=true", 200),
    ],
)
def test_pages_enforce_roles_with_a_clean_error_page(
    dash: Dashboard, role: str, path: str, status: int
) -> None:
    response = login(dash, role).get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    if status == 403:
        assert "403 · forbidden" in response.text and "may not" in response.text
        assert "Traceback" not in response.text


def test_navigation_follows_the_role(dash: Dashboard) -> None:
    viewer = login(dash, "viewer").get("/").text
    assert 'href="/events"' not in viewer and 'href="/audit"' not in viewer
    admin = login(dash, "admin").get("/").text
    assert 'href="/events"' in admin and 'href="/audit"' in admin


def test_overview_shows_summary_controls_chart_and_alerts(dash: Dashboard) -> None:
    html = login(dash, "viewer").get("/?kpi=violation_rate:banned_topic&by=model_version").text
    assert (
        'data-api="/api/kpis?kpi=violation_rate%3Abanned_topic&amp;range=24h&amp;by=model_version"'
        in html
    )
    assert re.search(r"block rate</span>\s*<b>\d+\.\d\d%</b>", html)
    assert '<option value="model_version" selected>' in html
    # the two KPIs counted from events are fetched after the page loads
    assert 'data-kpi-api="/api/kpis?range=24h&amp;kpi=telemetry_completeness"' in html
    assert "block-spike" in html and "model_version=v2" in html  # the recent alert
    assert '<script src="/static/dashboard.js" defer></script>' in html
    assert "<script>" not in html  # no inline script: the CSP allows none


def test_unknown_kpi_falls_back_and_bad_ranges_are_clean_errors(dash: Dashboard) -> None:
    client = login(dash, "viewer")
    assert "<code>block_rate</code>" in client.get("/?kpi=nope").text
    response = client.get("/?range=forever")
    assert response.status_code == 400 and "range: expected a duration" in response.text
    response = client.get("/nowhere")
    assert response.status_code == 404 and "no such page" in response.text
    assert 'href="/runs"' in response.text  # the error page keeps the navigation


def test_events_page_filters_and_admin_content_is_redacted(dash: Dashboard) -> None:
    analyst = login(dash, "analyst").get("/events?action=block&model_version=v1&limit=500").text
    rows = re.findall(r'<tr class="v-(\w+)">', analyst)
    assert len(rows) == 12 and set(rows) == {"fail"}
    admin = login(dash, "admin").get("/events?include_content=true&limit=1000").text
    assert "this read was written to the audit log" in admin
    assert "&lt;EMAIL_ADDRESS_1&gt;" in admin or "&lt;PERSON_1&gt;" in admin
    assert not any(value in admin for value in RAW_PII)


def test_alerts_and_audit_pages(dash: Dashboard, make_dashboard: MakeDashboard) -> None:
    html = login(dash, "viewer").get("/alerts").text
    assert "block-spike" in html and "sev-high" in html
    assert (
        "No alert history configured"
        in login(make_dashboard(with_alerts=False), "viewer").get("/alerts").text
    )
    admin = login(dash, "admin")
    admin.get("/events?include_content=true")
    audit = admin.get("/audit").text
    assert "read_content" in audit and "admin-1" in audit and "viewer-1" in audit


def test_eval_run_pages(dash: Dashboard) -> None:
    w, client = dash.world, login(dash, "viewer")
    runs = client.get("/runs").text
    assert (
        f'name="run" value="{w.regressed_id}" aria-label="compare {w.regressed_id}" checked' in runs
    )
    assert (
        f'name="baseline" value="{w.baseline_id}" aria-label="baseline {w.baseline_id}" checked'
        in runs
    )
    run = client.get(f"/runs/{w.regressed_id}").text
    assert "50.0% [" in run and "(12/24)" in run and 'class="bar"' in run
    compare = client.get(f"/runs/compare?run={w.regressed_id}&baseline={w.baseline_id}").text
    assert "2 significant regressions" in compare
    assert re.search(r"<code>leaks</code> 100\.0% → 0\.0%", compare)
    assert compare.count('class="baseline"') == 3  # overall, leaks, orders
    missing = client.get("/runs/nope")
    assert missing.status_code == 404 and "no run matches" in missing.text


def test_redteam_pages(dash: Dashboard) -> None:
    w, client = dash.world, login(dash, "viewer")
    runs = client.get("/redteam").text
    assert f"/redteam/{w.redteam.run_id}" in runs and "40.0%" in runs
    page = client.get(f"/redteam/{w.redteam.run_id}").text
    assert page.count('<span class="sev sev-critical">critical</span>') == 1
    assert "d_pretend: the target answers harmful requests" in page
    assert "40.0% [" in page and "(2/5)" in page
    assert "CANARY-77aa" not in page  # transcripts stay in the report


def test_pages_without_a_run_store(make_dashboard: MakeDashboard) -> None:
    client = login(make_dashboard(with_runs=False), "viewer")
    assert "No run store configured" in client.get("/runs").text
    assert "No run store configured" in client.get("/redteam").text


def test_security_headers_and_static_assets(dash: Dashboard) -> None:
    client = login(dash, "viewer")
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    js = client.get("/static/dashboard.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "http" not in js.text.replace("http://www.w3.org/2000/svg", "")  # nothing remote
    assert client.get("/static/dashboard.css").status_code == 200


def test_cookie_secure_setting(make_dashboard: MakeDashboard) -> None:
    dash = make_dashboard(config=DashboardConfig(cookie_secure=True))
    response = dash.client().post(
        "/login",
        data={"key": dash.world.keys["viewer"]},
        headers={"Origin": ORIGIN},
        follow_redirects=False,
    )
    assert "Secure" in response.headers["set-cookie"]
