"""What a browser test does often: sign in through the real form, save a screenshot to look at."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from playwright.async_api import Page, expect

from tests.web.accounts import Person

# Debian's Chromium; NASTAVNIK_CHROMIUM points elsewhere (e.g. to check the loud skip).
CHROMIUM = Path(os.environ.get("NASTAVNIK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = "apt-get update && apt-get install -y chromium"
_SHOTS = Path(os.environ.get("NASTAVNIK_SCREENSHOTS") or tempfile.mkdtemp(prefix="nastavnik-shots-"))


async def sign_in(page: Page, person: Person, start_path: str | None = None) -> None:
    """Sign in through the form, as a person would, and wait for the start page (or `start_path`)."""
    await page.goto("/sign-in")
    await page.get_by_label("Логин").fill(person.login)
    await page.get_by_label("Пароль").fill(person.password)
    await page.get_by_role("button", name="Войти").click()
    await page.wait_for_load_state()
    if start_path is not None:
        await expect(page).to_have_url(f"{page.url.split('/', 3)[0]}//{page.url.split('/')[2]}{start_path}")


async def shot(page: Page, name: str, full_page: bool = True) -> Path:
    """A PNG of the page under $NASTAVNIK_SCREENSHOTS (docs/screenshots for the README) or a temp dir."""
    _SHOTS.mkdir(parents=True, exist_ok=True)
    path = _SHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")
    return path
