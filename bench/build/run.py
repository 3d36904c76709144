"""Authoring-loop benchmark: how long the author waits, on a copy of this repository.

Prints, each measured on a scratch copy (tracked files only, so nothing of this checkout's
caches is reused unless asked):

1. cold build: every notebook executed (one per CPU), with the per-notebook table from
   the build log, and, with --serial, the same cold build executing one notebook at a time;
2. warm full build (`mkdocs build`, every notebook from the cache);
3. preview reload under `mkdocs serve`: from saving a file to the served page showing the
   change, after editing one Markdown post, one notebook's Markdown cell and one
   notebook's code cell;
4. the same Markdown-post reload on stock Material (blog + search, no medblog hooks, the
   posts as plain Markdown in docs/posts) as the anchor;
5. with --make-test, the wall time of `make test` in this checkout.

It measures; it does not pass or fail.

    .venv/bin/python bench/build/run.py [--serial] [--make-test]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(os.environ.get("BENCH_DIR", "/tmp/medblog-bench-build"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
EXECUTED = re.compile(r"\[(\d+)/(\d+)\] (\S+\.ipynb) executed in ([\d.]+) s")


def copy_repo(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for rel in filter(None, files.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def mkdocs_build(project: Path, env: dict | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(project / "site")],
                          cwd=project, env={**ENV, **(env or {})}, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(proc.stdout + proc.stderr)
    return time.perf_counter() - started, proc.stderr + proc.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


class Preview:
    """`mkdocs serve` on a project; measures save-to-visible times."""

    def __init__(self, project: Path, config: str = "mkdocs.yml"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", config, "--dev-addr", f"127.0.0.1:{self.port}"],
                                     cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_for("", lambda html: "</html>" in html, timeout=1800)

    def wait_for(self, path: str, ok, timeout: float = 600) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if ok(fetch(self.base + path)):
                return time.perf_counter() - started
            time.sleep(0.05)
        raise TimeoutError(f"{self.base}{path} did not change within {timeout} s")

    def reload_after(self, path: Path, old: str, new: str, page: str, marker: str) -> float:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return self.wait_for(page, lambda html: marker in html)

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def stock_project(project: Path, dest: Path) -> Path:
    """The same posts on stock Material: Markdown posts as they are, notebooks as Markdown."""
    import nbformat
    from nbconvert import MarkdownExporter

    if dest.exists():
        shutil.rmtree(dest)
    (dest / "docs" / "posts").mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# 블로그\n", encoding="utf-8")
    for post in (project / "posts").glob("*.md"):
        shutil.copy(post, dest / "docs" / "posts" / post.name)
    exporter = MarkdownExporter()
    for executed in (project / ".cache" / "medblog" / "executed").glob("*.ipynb"):
        body, resources = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
        (dest / "docs" / "posts" / f"{executed.stem}.md").write_text(body, encoding="utf-8")
        for name, data in resources.get("outputs", {}).items():
            (dest / "docs" / "posts" / name).write_bytes(data)
    config = """site_name: stock
theme: {name: material, language: ko}
plugins:
  - search
  - tags
  - blog: {blog_dir: ., post_excerpt: optional, post_url_format: "{date}/{slug}", post_url_date_format: yyyy/MM, categories_allowed: ["의료AI 지표", "연구 경험", "비평"]}
markdown_extensions: [abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc, pymdownx.arithmatex, pymdownx.details, pymdownx.highlight, pymdownx.superfences]
"""
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serial", action="store_true", help="also time a cold build executing one notebook at a time")
    parser.add_argument("--make-test", action="store_true", help="also time `make test` in this checkout")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []

    if args.serial:
        serial = copy_repo(OUT / "serial")
        config = serial / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("execution_workers: 0", "execution_workers: 1"), encoding="utf-8")
        seconds, _ = mkdocs_build(serial)
        rows.append(("cold build, one notebook at a time", seconds))

    project = copy_repo(OUT / "repo")
    cold, log = mkdocs_build(project)
    table = sorted(((float(s), name) for _, _, name, s in EXECUTED.findall(log)), reverse=True)
    print(f"{'notebook':45} {'seconds':>8}")
    for seconds, name in table:
        print(f"{name:45} {seconds:8.1f}")
    print(f"{'(sum of per-notebook times)':45} {sum(s for s, _ in table):8.1f}\n")
    rows.append((f"cold build, {os.cpu_count()} at a time ({len(table)} notebooks)", cold))
    rows.append(("warm full build", mkdocs_build(project)[0]))

    preview = Preview(project)
    try:
        post = next(p for p in sorted((project / "posts").glob("*.md")))
        slug = re.search(r"^slug: (\S+)", post.read_text(encoding="utf-8"), re.M).group(1)
        date = re.search(r"^date: (\d{4})-(\d{2})", post.read_text(encoding="utf-8"), re.M)
        page = f"{date.group(1)}/{date.group(2)}/{slug}/"
        rows.append(("preview reload: one Markdown post edited",
                     preview.reload_after(post, "<!-- more -->", "<!-- more -->\n\n벤치마크 문장 하나.", page, "벤치마크 문장 하나")))
        notebook = project / "notebooks" / "e-value.ipynb"
        nb_page = "2026/11/e-value/"
        rows.append(("preview reload: notebook Markdown cell edited",
                     preview.reload_after(notebook, "<!-- more -->", "<!-- more -->\\n\\n노트북 벤치 문장.", nb_page, "노트북 벤치 문장")))
        rows.append(("preview reload: notebook code cell edited (re-executes it)",
                     preview.reload_after(notebook, '"import numpy as np\\n",', '"import numpy as np\\n",\n    "print(\'벤치 실행 표시\')\\n",',
                                          nb_page, "벤치 실행 표시")))
    finally:
        preview.close()

    stock = stock_project(project, OUT / "stock")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=stock, env=ENV, check=True)
    preview = Preview(stock)
    try:
        stock_post = stock / "docs" / "posts" / post.name
        rows.append(("stock Material, preview reload: one Markdown post edited",
                     # a marker of its own: the copied post already holds the one inserted above
                     preview.reload_after(stock_post, "<!-- more -->", "<!-- more -->\n\n스톡 벤치 문장.", page, "스톡 벤치 문장")))
    finally:
        preview.close()

    if args.make_test:
        started = time.perf_counter()
        subprocess.run(["make", "test"], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)
        rows.append(("make test (this checkout, caches as they are)", time.perf_counter() - started))

    print(f"{'measure':60} {'seconds':>8}")
    for name, seconds in rows:
        print(f"{name:60} {seconds:8.1f}")


if __name__ == "__main__":
    main()
