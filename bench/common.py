"""Shared by the benchmarks: which site to measure, and one page of each type in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # browser.py: local server and chromium


def built_site(argv: list[str], scratch: str) -> Path:
    """The site named on the command line, or a fresh strict build of this repository."""
    if len(argv) > 1:
        return Path(argv[1])
    site = Path(scratch)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)
    return site


def page_types(site: Path) -> dict[str, str]:
    posts = sorted(site.glob("20[0-9][0-9]/[0-9][0-9]/*/index.html"))
    notebook = next((p for p in posts if list(p.parent.glob("*.ipynb"))), None)
    markdown = next((p for p in posts if not list(p.parent.glob("*.ipynb"))), None)
    rel = lambda p: p.parent.relative_to(site).as_posix() + "/"  # noqa: E731
    return {"home": "", "category": "category/metrics/", "markdown post": rel(markdown),
            "notebook post": rel(notebook), "glossary": "glossary/", "about": "about/"}
