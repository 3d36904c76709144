"""A built site served on 127.0.0.1 and Debian's chromium driven by Playwright.

Shared by the browser tests and bench/search. Playwright never downloads a browser here:
it launches the system chromium (or $CHROMIUM) through executable_path.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve(site: Path, handler_class=None):
    """Serve `site` on an ephemeral loopback port; yields the base URL."""
    handler = functools.partial(handler_class or _QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("chromium not found: `make test` installs Debian's chromium, or set CHROMIUM")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield instance
        finally:
            instance.close()


def _location(href: str) -> str:
    parts = urlsplit(href)  # drop the ?h= highlight query Material adds
    return parts.path.lstrip("/") + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


def search(page, query: str, timeout: float = 15000) -> list[list[str]]:
    """Type `query` into Material's search box. Returns the result items best first, each
    as the locations it links to (the page, then its matching sections)."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    page.wait_for_function(
        "() => /입력하세요|초기화/.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=timeout,
    )
    field.fill(query)
    field.press("End")  # Material reacts to key events; fill() alone types Hangul without any
    page.wait_for_function(
        """(q) => {
            const input = document.querySelector('input.md-search__input');
            const meta = document.querySelector('.md-search-result__meta');
            return input.value === q && meta && /문서/.test(meta.textContent) && !/입력하세요/.test(meta.textContent);
        }""",
        arg=query,
        timeout=timeout,
    )
    # the result list is drawn with the count: wait for its items (or the "no result" text)
    page.wait_for_function(
        """() => document.querySelectorAll('.md-search-result__list > li.md-search-result__item').length > 0
                 || /없습니다/.test(document.querySelector('.md-search-result__meta').textContent)""",
        timeout=timeout,
    )
    items = page.eval_on_selector_all(
        ".md-search-result__list > li.md-search-result__item",
        "els => els.map(li => Array.from(li.querySelectorAll('a.md-search-result__link')).map(a => a.href))",
    )
    return [[_location(h) for h in item] for item in items]
