"""Search quality benchmark: tuned (this site) vs stock Material search, same content.

Builds the site twice (stock: MEDBLOG_STOCK_SEARCH=1 keeps Material's separator and skips
the glossary keywords), serves each on 127.0.0.1, types every query of queries.yml into
Material's search box in headless chromium, and prints hit@1, hit@5, MRR, mean results per
query and index size side by side. It measures; it does not pass or fail.

    .venv/bin/python bench/search/run.py [--skip-build] [--show-misses]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import ROOT  # noqa: E402  (also puts tests/ on the path for browser.py)
from browser import browser, search, serve  # noqa: E402

OUT = Path(os.environ.get("BENCH_DIR", "/tmp/medblog-bench-search"))


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


def evaluate(site: Path, queries: list[dict]) -> dict:
    ranks, post_ranks, counts, misses = [], [], [], []
    with serve(site) as base, browser() as instance:
        page = instance.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base)
        for query in queries:
            targets = resolve_targets(site, query["targets"])
            items = search(page, query["q"])
            rank = next((i + 1 for i, item in enumerate(items) if is_hit(item, targets)), None)
            ranks.append(rank)
            # the same, counting only the posts among the targets (the glossary entry aside)
            post_targets = [t for t in targets if t[1] is None]
            if post_targets:
                post_ranks.append(next((i + 1 for i, item in enumerate(items) if is_hit(item, post_targets)), None))
            counts.append(len(items))
            if rank != 1:
                misses.append((query["q"], rank, [item[0] for item in items[:3]]))
    n = len(queries)
    return {
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "MRR": sum(1 / r for r in ranks if r) / n,
        "results/query": sum(counts) / n,
        "post hit@3": sum(r is not None and r <= 3 for r in post_ranks) / len(post_ranks),
        "index KB": (site / "search" / "search_index.json").stat().st_size / 1024,
        "ranks": ranks,
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-build", action="store_true", help="reuse the sites of the last run")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--project", type=Path, default=ROOT, help="build this checkout (default: this repository)")
    args = parser.parse_args()
    queries = yaml.safe_load((Path(__file__).with_name("queries.yml")).read_text(encoding="utf-8"))["queries"]
    results = {}
    for variant in ("stock", "tuned"):
        site = OUT / variant if args.skip_build else build(variant, args.project)
        results[variant] = evaluate(site, queries)
    print(f"{len(queries)} queries")
    print(f"{'':16}{'stock':>10}{'tuned':>10}")
    for key in ("hit@1", "hit@5", "MRR", "post hit@3", "results/query", "index KB"):
        print(f"{key:16}{results['stock'][key]:>10.2f}{results['tuned'][key]:>10.2f}")
    ratio = results["tuned"]["index KB"] / results["stock"]["index KB"]
    print(f"{'index ratio':16}{'':>10}{ratio:>10.2f}")
    kinds = sorted({q["kind"] for q in queries})
    print("\nhit@1 by kind      stock     tuned")
    for kind in kinds:
        idx = [i for i, q in enumerate(queries) if q["kind"] == kind]
        row = [sum(results[v]["ranks"][i] == 1 for i in idx) / len(idx) for v in ("stock", "tuned")]
        print(f"{kind:16}{row[0]:>9.2f}{row[1]:>10.2f}   ({len(idx)} queries)")
    if args.show_misses:
        for variant in ("stock", "tuned"):
            print(f"\n{variant} misses at rank 1:")
            for q, rank, top in results[variant]["misses"]:
                print(f"  {q!r}: rank {rank}, top {top}")


if __name__ == "__main__":
    main()
