"""Lighthouse scores per page type, desktop and mobile, measured like production, offline.

    .venv/bin/python bench/lighthouse/run.py [SITE_DIR] [--runs N]

Serves the built site on 127.0.0.1 with gzip (as GitHub Pages does) and runs the pinned
lighthouse (package.json) with Debian's chromium, N times per page and preset (default 3).
Prints the median Performance, Accessibility, Best Practices and SEO per page type for the
desktop preset and for Lighthouse's default mobile emulation (throttled CPU and network).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import ROOT, built_site, page_types, serve_gzip  # noqa: E402
from browser import CHROMIUM_FLAGS, chromium_path  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def audit(url: str, desktop: bool) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
        cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)]
        if desktop:
            cmd.append("--preset=desktop")
        subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": chromium_path()}, timeout=240)
        report = json.loads(out.read_text(encoding="utf-8"))
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def median_scores(url: str, desktop: bool, runs: int) -> dict[str, int]:
    results = [audit(url, desktop) for _ in range(runs)]
    return {c: sorted(r[c] for r in results)[len(results) // 2] for c in CATEGORIES}


def main() -> None:
    runs = 3
    args = sys.argv[:]
    if "--runs" in args:
        runs = int(args[args.index("--runs") + 1])
        del args[args.index("--runs"):args.index("--runs") + 2]
    site = built_site(args, "/tmp/medblog-bench-lighthouse")
    print(f"median of {runs} run(s), served with gzip")
    print(f"{'page type':16}{'':3}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}   |{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}")
    print(f"{'':19}{'desktop':>24}   |{'mobile':>24}")
    with serve_gzip(site) as base:
        for name, path in page_types(site).items():
            desktop = median_scores(base + path, True, runs)
            mobile = median_scores(base + path, False, runs)
            print(f"{name:16}{'':3}" + "".join(f"{desktop[c]:>6}" for c in CATEGORIES) + "   |"
                  + "".join(f"{mobile[c]:>6}" for c in CATEGORIES))


if __name__ == "__main__":
    main()
