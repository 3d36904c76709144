"""Page weight per page type: what a first visit downloads, by kind, measured in chromium.

    .venv/bin/python bench/weight/run.py [SITE_DIR]

Without SITE_DIR it builds the site into /tmp/medblog-bench-weight. Prints bytes per page
type (HTML, CSS, JS, fonts, images, other) and the first-load total without images against
the budget, and the notebook/Markdown HTML ratio per 1,000 characters of visible text.
It measures; it does not pass or fail.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import built_site, page_types  # noqa: E402
from browser import browser, serve  # noqa: E402

# First-load budget, compressed, without images: Material's bundle and stylesheets (~75 KB
# gzip), the search index Material fetches on every page (~200 KB gzip), the page itself,
# and on pages with formulas KaTeX with the fonts it uses (~130 KB). 400 KB, or 550 KB on a
# page with formulas, is about 1-1.5 s on a 3 Mbit/s mobile link; later pages reuse all but
# the HTML from the cache.
BUDGET_KB = 400
BUDGET_MATH_KB = 550


def kind_of(url: str, content_type: str) -> str:
    path = url.split("?")[0]
    if path.endswith((".woff2", ".woff", ".ttf")):
        return "fonts"
    if path.endswith(".css"):
        return "css"
    if path.endswith(".js"):
        return "js"
    if path.endswith((".png", ".jpg", ".svg", ".webp", ".gif")) or content_type.startswith("image/"):
        return "images"
    if "html" in content_type or path.endswith("/"):
        return "html"
    return "other"


def visible_chars(html_path: Path) -> int:
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    return len(article.get_text(" ", strip=True)) if article else 0


def main() -> None:
    site = built_site(sys.argv, "/tmp/medblog-bench-weight")
    types = page_types(site)
    kinds = ["html", "css", "js", "fonts", "images", "other"]
    print("KB per page type on a first visit (uncompressed; 'gzip' is what a gzip-serving host such as GitHub Pages sends)")
    print(f"{'page type':16}" + "".join(f"{k:>9}" for k in kinds) + f"{'no-img':>9}{'gzip':>8}{'budget':>10}")
    with serve(site) as base, browser() as instance:
        for name, path in types.items():
            context = instance.new_context()  # empty cache: a first visit
            page = context.new_page()
            sizes = dict.fromkeys(kinds, 0)
            compressed = [0]

            def record(response):
                try:
                    body = response.body()
                except Exception:  # redirects and aborted requests have no body
                    return
                kind = kind_of(response.url, response.headers.get("content-type", ""))
                sizes[kind] += len(body)
                if kind not in ("images", "fonts"):  # images and woff2 are already compressed
                    compressed[0] += len(gzip.compress(body))
                elif kind == "fonts":
                    compressed[0] += len(body)

            page.on("response", record)
            page.goto(base + path, wait_until="networkidle")
            no_images = sum(v for k, v in sizes.items() if k != "images") / 1024
            budget = BUDGET_MATH_KB if sizes["fonts"] else BUDGET_KB  # KaTeX fonts load only with math
            flag = f"{'ok' if compressed[0] / 1024 <= budget else 'OVER'} {budget}"
            print(f"{name:16}" + "".join(f"{sizes[k] / 1024:>9.1f}" for k in kinds)
                  + f"{no_images:>9.1f}{compressed[0] / 1024:>8.1f}{flag:>10}")
            context.close()
    md = site / types["markdown post"] / "index.html"
    nb = site / types["notebook post"] / "index.html"
    md_rate = md.stat().st_size / max(visible_chars(md), 1) * 1000
    nb_rate = nb.stat().st_size / max(visible_chars(nb), 1) * 1000
    print(f"\nHTML bytes per 1,000 visible characters: markdown {md_rate:,.0f}, notebook {nb_rate:,.0f} "
          f"(ratio {nb_rate / md_rate:.2f}; budget 2.0)")
    sizes = sorted((p.stat().st_size, p.parent.name) for p in site.glob("20[0-9][0-9]/[0-9][0-9]/*/index.html"))
    nb_sizes = [s for s, n in sizes if list((site / "2026").glob(f"*/{n}/*.ipynb"))]
    print(f"post HTML sizes: {len(sizes)} posts, {sizes[0][0] / 1024:.0f}–{sizes[-1][0] / 1024:.0f} KB"
          + (f"; notebook posts median {sorted(nb_sizes)[len(nb_sizes) // 2] / 1024:.0f} KB" if nb_sizes else ""))


if __name__ == "__main__":
    main()
