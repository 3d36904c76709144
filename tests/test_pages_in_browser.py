"""What a reader's browser does with the built pages: math is drawn by the site's own
KaTeX, and no page asks any other host for anything."""

from __future__ import annotations

import contextlib

from urllib.parse import urlsplit

import pytest

from browser import serve

PAGES = ["", "category/metrics/", "archive/2026/", "tags/", "glossary/", "2026/10/fixture-markdown/", "2026/10/fixture-notebook/"]


@pytest.fixture(scope="module")
def loaded_pages(fixture_site, chromium):
    """Load each page type once; keep every request and the rendered math."""
    results = {}
    with serve(fixture_site.site) as base, contextlib.nullcontext(chromium) as instance:
        origin = urlsplit(base).netloc
        for path in PAGES:
            page = instance.new_page()
            requests = []
            page.on("request", lambda request, requests=requests: requests.append(request.url))
            page.goto(base + path, wait_until="networkidle")
            results[path] = {
                "origin": origin,
                "requests": requests,
                "katex": page.locator(".arithmatex .katex").count(),
                "raw_math": page.evaluate(
                    "() => Array.from(document.querySelectorAll('.arithmatex')).filter(e => !e.querySelector('.katex')).length"
                ),
            }
            page.close()
    return results


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_site(loaded_pages, path):
    result = loaded_pages[path]
    check_no_foreign_request(result["requests"], result["origin"])


def check_no_foreign_request(requests, origin):
    """Every request a page makes stays on the site (also used by tests/test_mutations.py)."""
    foreign = [url for url in requests if urlsplit(url).netloc not in (origin, "") and not url.startswith("data:")]
    assert foreign == [], foreign


@pytest.mark.parametrize("path", ["2026/10/fixture-markdown/", "2026/10/fixture-notebook/"])
def test_math_is_rendered_offline_by_katex(loaded_pages, path):
    assert loaded_pages[path]["katex"] >= 1
    assert loaded_pages[path]["raw_math"] == 0


def test_404_page_gets_the_same_repairs(fixture_site):
    html = fixture_site.text("404.html")
    assert 'src="/medical-ai-research/assets/javascripts/search-fallback.js"' in html
    assert 'aria-label="검색"' in html and 'data-md-component="source"' not in html
