"""The review's HTML (eval reports, red-team report, system card) renders in headless
Chromium without console errors; screenshots are kept as test artifacts."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from saferail.review.config import ReviewConfig
from saferail.review.run import run_review

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "review"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("chromium") is None,
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review")
    config = ReviewConfig(
        target="refuse",
        suites=("harmful_refusal", "over_refusal"),
        sample=8,
        redteam_budget=8,
        redteam_strategies=("direct",),
        out=out,
    )
    asyncio.run(run_review(config, log=lambda _: None))
    return out


def _pages(out: Path) -> list[Path]:
    pages = [out / "evals" / "over_refusal" / "report.html", out / "redteam" / "report.html"]
    card = out / "system_card.html"
    return [*pages, card] if card.exists() else pages


def test_review_html_renders_without_console_errors(review_dir: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            for page_path in _pages(review_dir):
                page = browser.new_page()
                errors: list[str] = []
                page.on(
                    "console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None
                )
                page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
                page.goto(page_path.as_uri())
                page.wait_for_load_state("load")
                assert page.title(), page_path
                assert page.locator("svg").count() >= 1, f"no chart in {page_path}"
                name = "-".join(page_path.relative_to(review_dir).with_suffix(".png").parts)
                page.screenshot(path=str(ARTIFACTS / name), full_page=True)
                assert errors == [], f"{page_path}: {errors}"
                page.close()
        finally:
            browser.close()
    assert any(ARTIFACTS.glob("*.png"))
