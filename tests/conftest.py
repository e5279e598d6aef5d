"""Shared fixtures: the real spaCy pipeline, loaded once per session."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def extract():
    """Run the real pipeline on a text: returns the ArticleResult."""
    from kg.pipeline import extract_articles
    from kg.types import Article

    def run(text: str, **meta):
        return next(extract_articles([Article(text=text, **meta)]))

    return run


def triples(result) -> set[tuple[str, str, str]]:
    return {(s.subject, s.relation, s.object) for s in result.statements}


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright (never a downloaded browser).

    Missing: the test fails when ``CI=true`` (CI installs it) and is skipped elsewhere,
    with the reason."""
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        reason = f"chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
