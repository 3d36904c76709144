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
    types = {"home": "", "category": "category/metrics/", "markdown post": rel(markdown),
             "notebook post": rel(notebook), "glossary": "glossary/", "about": "about/"}
    calc_post = next((p for p in posts if 'class="medcalc"' in p.read_text(encoding="utf-8")), None)
    if calc_post is not None:
        types["post + calculator"] = rel(calc_post)
    if (site / "calculators" / "index.html").is_file():
        types["calculator page"] = "calculators/"
    return types


GZIP_TYPES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ipynb")


def serve_gzip(site: Path):
    """Serve `site` on 127.0.0.1 compressing text with gzip, as GitHub Pages does."""
    import gzip
    import io

    from browser import _QuietHandler, serve

    class Handler(_QuietHandler):
        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if (path.suffix in GZIP_TYPES and path.is_file()
                    and "gzip" in self.headers.get("Accept-Encoding", "")):
                body = gzip.compress(path.read_bytes(), compresslevel=6)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)
            return super().send_head()

    return serve(site, Handler)
