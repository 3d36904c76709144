"""Quality gates on built pages: internal links and anchors, HTML validity (vnu),
and accessibility (axe-core in chromium, light and dark)."""

from __future__ import annotations

import contextlib

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import serve
from conftest import ROOT

NODE_MODULES = ROOT / "node_modules"
PAGE_TYPES = {
    "home": "",
    "category": "category/metrics/",
    "markdown post": "2026/10/fixture-markdown/",
    "notebook post": "2026/10/fixture-notebook/",
    "glossary": "glossary/",
    "about": "about/",
}


def broken_links(site: Path, site_url: str) -> list[str]:
    """Every internal href/src that points to a missing file or a missing anchor."""
    ids: dict[Path, set[str]] = {}
    soups: dict[Path, BeautifulSoup] = {}

    def soup_of(path: Path) -> BeautifulSoup:
        if path not in soups:
            soups[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids[path] = {el["id"] for el in soups[path].find_all(id=True)} | {
                el["name"] for el in soups[path].find_all("a", attrs={"name": True})
            }
        return soups[path]

    problems = []
    for page in sorted(site.rglob("*.html")):
        for el in soup_of(page).find_all(["a", "img", "link", "script", "source"]):
            ref = el.get("href") or el.get("src")
            if not ref or ref.startswith(("mailto:", "javascript:", "data:", "tel:")):
                continue
            if ref.startswith(site_url):  # canonical and og links: absolute on the site
                ref = urlsplit(site_url).path + ref[len(site_url):]
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue  # external links are not fetched
            if parts.path.startswith("/"):  # absolute: under the site's base path (404.html)
                base_path = urlsplit(site_url).path
                if not parts.path.startswith(base_path):
                    problems.append(f"{page.relative_to(site)}: {ref} (outside the site)")
                    continue
                target = site / unquote(parts.path[len(base_path):])
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {ref} (missing file)")
                continue
            if parts.fragment and target.suffix == ".html":
                soup_of(target)
                if unquote(parts.fragment) not in ids[target]:
                    problems.append(f"{page.relative_to(site)}: {ref} (missing anchor)")
    return problems


def test_fixture_site_has_no_broken_internal_links(fixture_site):
    assert broken_links(fixture_site.site, "https://medical-ai-research.github.io/medical-ai-research/") == []


def test_link_checker_catches_a_broken_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2><a href="#y">y</a><a href="../b/">b</a>', encoding="utf-8")
    assert broken_links(tmp_path, "https://example.org/") == ["a/index.html: #y (missing anchor)", "a/index.html: ../b/ (missing file)"]


def test_real_site_has_no_broken_internal_links(real_site):
    assert broken_links(real_site.site, "https://medical-ai-research.github.io/medical-ai-research/") == []


# Material's search field carries autocomplete/aria attributes that vnu reports; they are
# Material's, not ours, and harmless.
VNU_NOISE = ("autocomplete", "“aria-label” attribute must not be specified on the “div” element")


def vnu_errors(files: list[Path]) -> list[str]:
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    proc = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(urlsplit(m.get('url', '')).path).parent.name}: {m['message']}"
        for m in messages
        if m.get("type") == "error" and not any(noise in m["message"] for noise in VNU_NOISE)
    ]


def test_generated_pages_are_valid_html(fixture_site):
    files = [fixture_site.site / path / "index.html" for path in PAGE_TYPES.values()]
    assert vnu_errors(files) == []


def test_real_pages_of_every_type_are_valid_html(real_site):
    """vnu on the real site too: one page of each type, with real content (notebook outputs,
    tables, formulas, calculators) that the fixtures do not have."""
    site = real_site.site
    posts = sorted(site.glob("20[0-9][0-9]/[0-9][0-9]/*/index.html"))
    notebook = next(p for p in posts if list(p.parent.glob("*.ipynb")) and "medcalc" in p.read_text(encoding="utf-8"))
    markdown = next(p for p in posts if not list(p.parent.glob("*.ipynb")))
    files = [site / "index.html", site / "category" / "metrics" / "index.html", markdown, notebook,
             site / "glossary" / "index.html", site / "about" / "index.html", site / "calculators" / "index.html"]
    assert vnu_errors(files) == []


def test_vnu_catches_invalid_html(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=ko><title>t</title><p><div></p></span>", encoding="utf-8")
    assert vnu_errors([bad])


@pytest.fixture(scope="module")
def axe_results(fixture_site, chromium):
    script = (NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    results = {}
    with serve(fixture_site.site) as base, contextlib.nullcontext(chromium) as instance:
        for scheme in ("light", "dark"):
            page = instance.new_page(color_scheme=scheme, viewport={"width": 1280, "height": 900})
            for name, path in PAGE_TYPES.items():
                page.goto(base + path, wait_until="networkidle")
                page.add_script_tag(content=script)
                violations = page.evaluate("async () => (await axe.run(document)).violations")
                results[(name, scheme)] = [
                    f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                    for v in violations
                    if v["impact"] in ("serious", "critical")
                ]
            page.close()
    return results


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_serious_accessibility_violations(axe_results, name, scheme):
    assert axe_results[(name, scheme)] == []
