"""The dashboard in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright;
no browser is downloaded), served by real uvicorn on loopback over the seeded stores.

Checked: the login form, a KPI chart drawn from the stored events (SVG paths and points with
data), breakdowns, the eval run comparison, the red-team findings, role enforcement (a viewer
gets 403 for the events page and API, an admin does not) and no console errors. Screenshots
go under pytest's basetemp and are copied to ``test-artifacts/dashboard/`` (git-ignored).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.dashboard.conftest import Dashboard, MakeDashboard, artifacts_dir
from tests.gateway.conftest import serve_in_thread

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}", allow_module_level=True)
if importlib.util.find_spec("playwright") is None:
    pytest.skip("browser tests need the playwright package (pip install -e '.[dev]')",
                allow_module_level=True)  # fmt: skip

from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def served(make_dashboard: MakeDashboard) -> Iterator[tuple[str, Dashboard]]:
    dash = make_dashboard()
    server, thread, port = serve_in_thread(dash.app)
    try:
        yield f"http://127.0.0.1:{port}", dash
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        assert not thread.is_alive(), "the dashboard did not stop"


class Shots:
    """Screenshots into basetemp, copied to the repo's git-ignored ``test-artifacts/``."""

    def __init__(self, base: Path) -> None:
        self.dir = artifacts_dir(base)
        self.copy = REPO / "test-artifacts" / "dashboard"
        self.copy.mkdir(parents=True, exist_ok=True)

    def take(self, page: Page, name: str) -> Path:
        path = self.dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shutil.copy2(path, self.copy / path.name)
        return path


@pytest.fixture
def shots(tmp_path_factory: pytest.TempPathFactory) -> Shots:
    return Shots(tmp_path_factory.getbasetemp())


def _watch(page: Page) -> list[str]:
    """Console errors and uncaught page errors of ``page``."""
    errors: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            errors.append(f"console: {msg.text} ({msg.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return errors


def _login(page: Page, root: str, key: str) -> None:
    page.goto(f"{root}/")
    assert page.url.startswith(f"{root}/login?next=")
    page.fill("#key", key)
    page.click("button[type=submit]")
    page.wait_for_url(f"{root}/")


def _chart(page: Page) -> dict[str, Any]:
    page.wait_for_selector('#kpi-chart[data-state="ready"]', timeout=15_000)
    found: dict[str, Any] = page.eval_on_selector(
        "#kpi-chart svg",
        """svg => ({
            series: Number(svg.dataset.series),
            points: Number(svg.dataset.points),
            paths: [...svg.querySelectorAll('path.line')].map(p => p.getAttribute('d')),
            dots: svg.querySelectorAll('circle.dot').length,
            labels: [...svg.querySelectorAll('g.series')].map(g => g.dataset.label),
            rows: document.querySelectorAll('#kpi-series tbody tr').length,
        })""",
    )
    return found


def test_login_chart_findings_comparison_and_roles(
    browser: Browser, served: tuple[str, Dashboard], shots: Shots
) -> None:
    root, dash = served
    w = dash.world
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = _watch(page)

    # log in as a viewer: the KPI chart is drawn from the stored events
    page.goto(f"{root}/")
    assert page.url.startswith(f"{root}/login?next=")
    shots.take(page, "01-login")
    page.fill("#key", w.keys["viewer"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{root}/")
    chart = _chart(page)
    assert chart["series"] == 1 and chart["dots"] == chart["points"] == 13
    (path,) = chart["paths"]
    assert path.startswith("M") and path.count("L") == 12  # 13 hourly points joined
    assert chart["rows"] == 1
    page.wait_for_selector("b.pending", state="detached")  # cards counted from events
    card = page.locator("a.card", has_text="telemetry completeness").inner_text()
    assert re.search(r"\d+\.\d\d%\s+[\d,]+ / [\d,]+", card), card
    shots.take(page, "02-kpis")

    # break it down by model version: two lines (v1 flat, v2 with the shift)
    page.select_option("select[name=by]", "model_version")
    page.click(".controls button[type=submit]")
    page.wait_for_url("**by=model_version**")
    chart = _chart(page)
    # lines are drawn largest series first: v1 (276 decisions), then v2 (249)
    assert chart["series"] == 2 and chart["labels"] == ["model_version=v1", "model_version=v2"]
    v1, v2 = chart["paths"]
    assert v1.count("L") == 11 and v2.count("L") == 12
    assert page.locator("table.alerts").inner_text().count("block-spike") >= 1
    shots.take(page, "03-kpis-by-model-version")

    # red-team findings
    page.click("header nav >> text=Red team")
    page.click(f"a[href='/redteam/{w.redteam.run_id}']")
    findings = page.locator("#findings-table tbody tr")
    assert findings.count() == 2
    assert findings.nth(0).locator(".sev").inner_text().lower() == "critical"  # CSS uppercases
    assert "d_pretend" in findings.nth(0).inner_text()
    widths = page.eval_on_selector_all(
        "svg.bars rect.bar", "rs => rs.map(r => Number(r.getAttribute('width')))"
    )
    assert len(widths) == 4 and sorted(w > 0 for w in widths) == [False, True, True, True]
    shots.take(page, "04-redteam-findings")

    # eval runs: compare the newest run with the one before (the defaults)
    page.click("header nav >> text=Eval runs")
    assert page.locator("#runs-table tbody tr").count() == 2
    page.click("#compare-button")
    page.wait_for_url("**/runs/compare?**")
    verdict = page.locator("#regression-verdict").inner_text()
    assert "2 significant regressions" in verdict and "leaks" in verdict
    assert page.locator("svg.bars line.baseline").count() == 3
    shots.take(page, "05-run-comparison")

    assert page.locator("header nav a[href='/events']").count() == 0
    assert errors == [], errors

    # role enforcement, in a second tab of the same session (its 403s log console errors)
    probe = context.new_page()
    response = probe.goto(f"{root}/events")
    assert response is not None and response.status == 403
    assert probe.locator("h1").inner_text() == "403 · forbidden"
    shots.take(probe, "06-viewer-forbidden")
    assert probe.evaluate("fetch('/api/events').then(r => r.status)") == 403
    assert probe.evaluate("fetch('/api/summary').then(r => r.status)") == 200
    context.close()


def test_an_admin_reads_events_with_audited_content(
    browser: Browser, served: tuple[str, Dashboard], shots: Shots
) -> None:
    root, dash = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = _watch(page)
    _login(page, root, dash.world.keys["admin"])
    page.click("header nav >> text=Events")
    assert page.locator("#events-table tbody tr").count() == 100
    page.check("input[name=include_content]")
    page.click(".controls button[type=submit]")
    page.wait_for_url("**include_content=true**")
    cells = page.locator("td.content pre").all_inner_texts()
    assert cells and any("<EMAIL_ADDRESS_1>" in c or "<PERSON_1>" in c for c in cells)
    assert page.evaluate("fetch('/api/events?limit=1').then(r => r.status)") == 200
    assert page.evaluate("fetch('/api/audit').then(r => r.json()).then(b => b.entries.length)")
    shots.take(page, "07-admin-events-content")
    page.click("header nav >> text=Audit")
    assert "read_content" in page.locator("table.audit").inner_text()
    page.click("text=Log out")
    page.wait_for_url(f"{root}/login")
    assert errors == [], errors
    context.close()
