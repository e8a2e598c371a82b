"""What an officer sees, in Debian's chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT
from tests.test_app import CANONICAL

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: apt-get install -y chromium (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_officer_asks_and_sees_not_permitted_with_sources(chromium_browser, app_url, width, height):
    page = chromium_browser.new_page(viewport={"width": width, "height": height})
    page.goto(app_url)
    box = page.locator("#sc-question textarea")
    box.fill(CANONICAL)
    started = time.perf_counter()
    box.press("Enter")
    page.locator("#sc-verdict").get_by_text("Not permitted").wait_for(timeout=15_000)
    assert page.locator("#sc-verdict").bounding_box()["y"] < height  # the verdict is on the first screen
    elapsed = time.perf_counter() - started
    print(f"\nbrowser time to verdict at {width}px: {elapsed * 1000:.0f} ms")
    first_source = page.locator("#sc-sources details").first
    first_source.locator("summary").click()
    assert "judicial warrant" in first_source.locator("blockquote").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"chat-{width}x{height}.png"), full_page=True)
    no_horizontal_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert no_horizontal_scroll
    followup = page.locator(".sc-followup").first
    followup.wait_for(state="visible")
    label = followup.inner_text()
    followup.click()
    page.locator("#sc-chat").get_by_text(label).first.wait_for(timeout=15_000)
    page.close()
