"""Search quality benchmark: tuned (this site) vs stock Material search, same content.

Builds the site twice (stock: MEDBLOG_STOCK_SEARCH=1 keeps Material's separator and skips
the glossary keywords, cards and lazy loading), serves each on 127.0.0.1, types every query
of queries.yml into Material's search box in headless chromium, and prints, per part of the
query set (the team's original queries; the new queries one may tune on; the held-out ones):

- hit@1, hit@5, MRR over all results (a 용어집 entry or card counts when it is a target);
- the same with the glossary set aside ("post" metrics: rank among the non-용어집 results);
- concept-card hit rate: the first result is the card (glossary/?…#id) of a target concept;
- queries with no result at all, and mean results per query;
- search index size raw and gzip, search bytes requested on page load before search is
  opened, and the median query latency in the browser (keystroke to rendered results).

It measures; it does not pass or fail.

    .venv/bin/python bench/search/run.py [--skip-build] [--show-misses] [--show-heldout]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import ROOT  # noqa: E402  (also puts tests/ on the path for browser.py)
from browser import browser, serve  # noqa: E402

OUT = Path(os.environ.get("BENCH_DIR", "/tmp/medblog-bench-search"))
PARTS = ("team", "tune", "heldout")

# Keystroke -> last change of the result list, measured inside the page.
TIMER = """() => {
    if (window.__benchTimer) return;
    window.__benchTimer = true;
    document.addEventListener("keydown", () => { window.__t0 = performance.now(); }, true);
    const target = document.querySelector(".md-search-result");
    new MutationObserver(() => { window.__t1 = performance.now(); })
        .observe(target, {childList: true, subtree: true, characterData: true});
}"""


def _location(href: str) -> str:
    """A result link as a location: the page, then #anchor; a card (glossary/?c=<id>) reads
    as glossary/#<id>, the 용어집 entry it stands for. Material's ?h= is dropped."""
    parts = urlsplit(href)
    concept = parse_qs(parts.query).get("c")
    anchor = concept[0] if concept else unquote(parts.fragment)
    return parts.path.lstrip("/") + (f"#{anchor}" if anchor else "")


def build(variant: str, project: Path) -> Path:
    site = OUT / variant
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MEDBLOG_STOCK_SEARCH": "1" if variant == "stock" else "0"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q", "-d", str(site)],
                   cwd=project, env=env, check=True)
    return site


def resolve_targets(site: Path, targets: list[str]) -> list[tuple[str, str | None]]:
    """post:<slug> -> ('YYYY/MM/slug/', None); glossary:<id> -> ('glossary/', id)."""
    resolved = []
    for target in targets:
        kind, name = target.split(":", 1)
        if kind == "post":
            matches = sorted(site.glob(f"[0-9][0-9][0-9][0-9]/[0-9][0-9]/{name}/index.html"))
            resolved += [(m.parent.relative_to(site).as_posix() + "/", None) for m in matches]
        else:
            resolved.append(("glossary/", name))
    return resolved


def is_hit(item: list[str], targets: list[tuple[str, str | None]]) -> bool:
    for location in item:
        path, _, anchor = location.partition("#")
        for t_path, t_anchor in targets:
            if path == t_path and (t_anchor is None or anchor == t_anchor):
                return True
    return False


def run_query(page, query: str, timeout: float = 15000) -> tuple[list[list[str]], float]:
    """browser.search() with a latency probe: results best first, and milliseconds."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    page.wait_for_function(
        "() => /입력하세요|초기화/.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=timeout,
    )
    page.evaluate(TIMER)
    page.evaluate("() => { window.__t0 = window.__t1 = undefined; }")
    field.fill(query)
    field.press("End")
    page.wait_for_function(
        """(q) => {
            const input = document.querySelector('input.md-search__input');
            const meta = document.querySelector('.md-search-result__meta');
            return input.value === q && meta && /문서/.test(meta.textContent) && !/입력하세요/.test(meta.textContent)
                && window.__t1 !== undefined;
        }""",
        arg=query,
        timeout=timeout,
    )
    # settled: no change of the result list for two animation frames
    page.wait_for_function(
        """() => new Promise(resolve => { const t = window.__t1;
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__t1 === t))); })""",
        timeout=timeout,
    )
    latency = page.evaluate("() => window.__t1 - window.__t0")
    items = page.eval_on_selector_all(
        ".md-search-result__list > li.md-search-result__item",
        "els => els.map(li => Array.from(li.querySelectorAll('a.md-search-result__link')).map(a => a.href))",
    )
    raw_first = page.eval_on_selector_all(
        ".md-search-result__list > li.md-search-result__item a.md-search-result__link",
        "els => els.length ? els[0].getAttribute('href') : ''",
    )
    return [[_location(h) for h in item] for item in items], latency, raw_first


def evaluate(site: Path, queries: list[dict]) -> dict:
    rows = []
    with serve(site) as base, browser() as instance:
        page = instance.new_page(viewport={"width": 1280, "height": 900})
        requested = []
        page.on("requestfinished", lambda r: requested.append(r))
        page.goto(base)
        page.wait_for_load_state("networkidle")
        load_bytes = 0
        for request in requested:
            if "/search/" in request.url:
                sizes = request.sizes()
                load_bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        for query in queries:
            targets = resolve_targets(site, query["targets"])
            items, latency, raw_first = run_query(page, query["q"])
            rank = next((i + 1 for i, item in enumerate(items) if is_hit(item, targets)), None)
            posts = [item for item in items if not item[0].startswith("glossary/")]
            post_targets = [t for t in targets if t[1] is None]
            post_rank = None
            if post_targets:
                post_rank = next((i + 1 for i, item in enumerate(posts) if is_hit(item, post_targets)), None)
            concepts = {t[1] for t in targets if t[1]}
            first = items[0][0] if items else ""
            card = "?" in raw_first.split("#")[0] and first.startswith("glossary/#") and first.split("#")[1] in concepts
            rows.append({"q": query["q"], "part": query.get("part", "team"), "kind": query["kind"],
                         "rank": rank, "post_rank": post_rank, "has_post": bool(post_targets),
                         "concept": bool(concepts), "card": card, "count": len(items), "latency": latency,
                         "top": [item[0] for item in items[:3]]})
    index = (site / "search" / "search_index.json").read_bytes()
    return {"rows": rows, "index KB": len(index) / 1024, "index KB gzip": len(gzip.compress(index, 9)) / 1024,
            "load KB": load_bytes / 1024}


def metrics(rows: list[dict]) -> dict:
    n = len(rows)
    post = [r for r in rows if r["has_post"]]
    concept = [r for r in rows if r["concept"]]
    return {
        "hit@1": sum(r["rank"] == 1 for r in rows) / n,
        "hit@5": sum(r["rank"] is not None and r["rank"] <= 5 for r in rows) / n,
        "MRR": sum(1 / r["rank"] for r in rows if r["rank"]) / n,
        "post hit@1": sum(r["post_rank"] == 1 for r in post) / len(post),
        "post hit@5": sum(r["post_rank"] is not None and r["post_rank"] <= 5 for r in post) / len(post),
        "post MRR": sum(1 / r["post_rank"] for r in post if r["post_rank"]) / len(post),
        "card hit": sum(r["card"] for r in concept) / len(concept),
        "no result": sum(r["count"] == 0 for r in concept),
        "results/query": sum(r["count"] for r in rows) / n,
        "latency ms p50": statistics.median(r["latency"] for r in rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-build", action="store_true", help="reuse the sites of the last run")
    parser.add_argument("--show-misses", action="store_true", help="misses of the team and tuning parts")
    parser.add_argument("--show-heldout", action="store_true", help="also the held-out misses (not for tuning)")
    parser.add_argument("--project", type=Path, default=ROOT, help="build this checkout (default: this repository)")
    parser.add_argument("--variants", default="stock,tuned")
    args = parser.parse_args()
    queries = yaml.safe_load((Path(__file__).with_name("queries.yml")).read_text(encoding="utf-8"))["queries"]
    variants = args.variants.split(",")
    results = {}
    for variant in variants:
        site = OUT / variant if args.skip_build else build(variant, args.project)
        results[variant] = evaluate(site, queries)
    header = f"{'':16}" + "".join(f"{v:>10}" for v in variants)
    for part in PARTS:
        rows = {v: [r for r in results[v]["rows"] if r["part"] == part] for v in variants}
        print(f"\n{part}: {len(rows[variants[0]])} queries")
        print(header)
        table = {v: metrics(rows[v]) for v in variants}
        for key in table[variants[0]]:
            print(f"{key:16}" + "".join(f"{table[v][key]:>10.2f}" for v in variants))
    print("\nall parts")
    print(header)
    table = {v: metrics(results[v]["rows"]) for v in variants}
    for key in ("hit@1", "MRR", "post hit@1", "card hit", "latency ms p50"):
        print(f"{key:16}" + "".join(f"{table[v][key]:>10.2f}" for v in variants))
    for key in ("index KB", "index KB gzip", "load KB"):
        print(f"{key:16}" + "".join(f"{results[v][key]:>10.1f}" for v in variants))
    kinds = sorted({q["kind"] for q in queries})
    print("\nhit@1 by kind   " + "".join(f"{v:>10}" for v in variants))
    for kind in kinds:
        idx = [i for i, q in enumerate(queries) if q["kind"] == kind]
        row = [sum(results[v]["rows"][i]["rank"] == 1 for i in idx) / len(idx) for v in variants]
        print(f"{kind:16}" + "".join(f"{x:>10.2f}" for x in row) + f"   ({len(idx)} queries)")
    if args.show_misses or args.show_heldout:
        shown = {"team", "tune"} | ({"heldout"} if args.show_heldout else set())
        for variant in variants:
            print(f"\n{variant}: not first, or explaining post not first among posts")
            for r in results[variant]["rows"]:
                if r["part"] in shown and (r["rank"] != 1 or (r["has_post"] and r["post_rank"] != 1)):
                    print(f"  [{r['part']}] {r['q']!r}: rank {r['rank']}, post rank {r['post_rank']}, top {r['top']}")


if __name__ == "__main__":
    main()
