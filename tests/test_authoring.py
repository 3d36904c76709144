"""Authoring: the new-post and new-notebook commands produce posts that build, and
`mkdocs serve` watches the folders the author edits."""

from __future__ import annotations

import subprocess
import sys

from mkdocs.config import load_config

from conftest import ROOT, build, make_project


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "medblog", *args], cwd=cwd, capture_output=True, text=True)


def test_new_post_and_new_notebook_build(tmp_path):
    project = make_project(tmp_path / "project")
    made = run("new-post", "임상 정보가 빠진 논문", "--slug", "missing-info", "--date", "2026-11-01",
               "--category", "비평", "--root", str(project))
    assert made.returncode == 0, made.stderr
    made = run("new-notebook", "ROC 곡선 & AUROC", "--slug", "roc-auroc", "--date", "2026-11-02",
               "--category", "의료AI 지표", "--root", str(project))
    assert made.returncode == 0, made.stderr
    assert (project / "posts" / "missing-info.md").is_file()
    assert (project / "notebooks" / "roc-auroc.ipynb").is_file()
    built = build(project)
    assert built.returncode == 0, built.output[-2000:]
    page = built.html("2026/11/roc-auroc/")
    assert page.select_one(".md-content h1").get_text(strip=True).rstrip("¶") == "ROC 곡선 & AUROC"
    assert built.html("category/critique/").find("a", href=lambda h: h and "missing-info" in h)


def test_new_post_refuses_duplicate_or_bad_slug(tmp_path):
    project = make_project(tmp_path / "project")
    assert run("new-post", "첫 글", "--slug", "first", "--root", str(project)).returncode == 0
    again = run("new-post", "같은 글", "--slug", "first", "--root", str(project))
    assert again.returncode != 0 and "already used" in again.stderr
    korean = run("new-post", "한글 슬러그", "--slug", "한글", "--root", str(project))
    assert korean.returncode != 0 and "lowercase ASCII" in korean.stderr


def test_serve_watches_posts_and_notebooks():
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_config(config)
    assert str(ROOT / "posts") in config.watch
    assert str(ROOT / "notebooks") in config.watch
