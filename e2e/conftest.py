"""Browser journeys run in Debian's Chromium (Playwright cannot download its own browser here)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/lib/chromium/chromium"
if not os.path.exists(CHROMIUM):
    CHROMIUM = shutil.which("chromium") or CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = ["--no-sandbox", "--disable-dev-shm-usage"]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai", "accept_downloads": True}


@pytest.fixture(autouse=True)
def csp_violations(monkeypatch):
    """Every page the journey opens reports what the Content-Security-Policy refused; a journey fails on any."""
    from playwright.sync_api import BrowserContext

    refused: list[str] = []
    new_page = BrowserContext.new_page

    def watched_new_page(self):
        page = new_page(self)
        page.on(
            "console",
            lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
        )
        return page

    monkeypatch.setattr(BrowserContext, "new_page", watched_new_page)
    yield refused
    assert refused == []
