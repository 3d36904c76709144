"""Lighthouse scores per page type (desktop preset, plus mobile performance), offline.

    .venv/bin/python bench/lighthouse/run.py [SITE_DIR]

Serves the built site on 127.0.0.1 and runs the pinned lighthouse (package.json) with
Debian's chromium. Prints Performance, Accessibility, Best Practices and SEO per page type.
Mobile performance is reported, not gated: it swings by 20 points between identical runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import ROOT, built_site, page_types  # noqa: E402
from browser import CHROMIUM_FLAGS, chromium_path, serve  # noqa: E402

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


def main() -> None:
    site = built_site(sys.argv, "/tmp/medblog-bench-lighthouse")
    print(f"{'page type':16}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'mobile perf':>13}")
    with serve(site) as base:
        for name, path in page_types(site).items():
            desktop = audit(base + path, desktop=True)
            mobile = audit(base + path, desktop=False)
            print(f"{name:16}" + "".join(f"{desktop[c]:>6}" for c in CATEGORIES) + f"{mobile['performance']:>13}")


if __name__ == "__main__":
    main()
