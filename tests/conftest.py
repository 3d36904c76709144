"""Shared fixtures: sites built once per session, and a helper to build small projects.

`fixture_site` is built from tests/fixtures/{posts,notebooks}; `real_site` from the
repository's own posts. Both use the real mkdocs.yml, docs/ and medblog hooks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
ENV.pop("SITE_URL", None)


@dataclass
class Built:
    project: Path
    site: Path
    returncode: int
    output: str

    def html(self, url_path: str) -> BeautifulSoup:
        """Parse a built page by its URL path, e.g. '2026/10/fixture-notebook/'."""
        path = self.site / url_path.strip("/")
        if path.suffix != ".html":
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def text(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def make_project(dest: Path, posts: list[Path] = (), notebooks: list[Path] = ()) -> Path:
    """A throwaway project: the real config, docs and hooks, with the given posts."""
    dest.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("- medblog/", f"- {ROOT / 'medblog'}/")  # every hooks module
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("posts"))
    shutil.copytree(ROOT / "overrides", dest / "overrides")  # theme.custom_dir
    # data/ of the repository, except the glossary: fixture projects use a small glossary
    # of their own, so that content changes never break the platform tests
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copy(FIXTURES / "glossary" / "valid.yml", dest / "data" / "glossary.yml")
    (dest / "posts").mkdir(exist_ok=True)
    (dest / "notebooks").mkdir(exist_ok=True)
    for post in posts:
        shutil.copy(post, dest / "posts" / post.name)
    for notebook in notebooks:
        shutil.copy(notebook, dest / "notebooks" / notebook.name)
    return dest


def build(project: Path, *args: str, env: dict | None = None) -> Built:
    site = project / "site"
    proc = subprocess.run(
        [*MKDOCS, "build", "--strict", "--clean", "-d", str(site), *args],
        cwd=project, env={**ENV, **(env or {})}, capture_output=True, text=True, timeout=900,
    )
    return Built(project, site, proc.returncode, proc.stdout + proc.stderr)


def fixture_posts() -> list[Path]:
    return sorted((FIXTURES / "posts").glob("*"))


def fixture_notebooks() -> list[Path]:
    return sorted((FIXTURES / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Built:
    project = make_project(tmp_path_factory.mktemp("fixture-project"), fixture_posts(), fixture_notebooks())
    built = build(project)
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Built:
    """The repository's own site, built in place so that mkdocs-jupyter's cache
    (keyed on each notebook's absolute path and content) is reused between runs."""
    site = tmp_path_factory.mktemp("real-site") / "site"
    proc = subprocess.run(
        [*MKDOCS, "build", "--strict", "--clean", "-d", str(site)],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=1500,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Built(ROOT, site, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def chromium():
    """One Debian chromium for the whole test session (each test opens its own pages,
    and Playwright gives every page a fresh context)."""
    from browser import browser

    with browser() as instance:
        yield instance
