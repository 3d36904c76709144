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


def test_serve_rebuild_renders_only_the_edited_post(tmp_path):
    """`mkdocs serve` (as `make serve` runs it): after a save, only the edited page is
    rendered again, counted by the build's own report, and the preview shows the edit."""
    import re
    import socket
    import time
    import urllib.request

    from conftest import ENV, MKDOCS, fixture_notebooks, fixture_posts

    project = make_project(tmp_path / "project", fixture_posts(), fixture_notebooks())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([*MKDOCS, "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    report = re.compile(r"rendered (\d+) page\(s\), (\d+) from the render cache")

    def wait_for(condition, what, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            assert server.poll() is None, log.read_text(encoding="utf-8")[-2000:]
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}:\n" + log.read_text(encoding="utf-8")[-2000:])

    def page(path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        # the watcher starts after the first build; "Serving on" follows it
        wait_for(lambda: "Serving on" in log.read_text(encoding="utf-8"), "the first build and the watcher")
        first = report.findall(log.read_text(encoding="utf-8"))[0]
        post = project / "posts" / "fixture-markdown.md"
        post.write_text(post.read_text(encoding="utf-8").replace("## 정의와 수식", "## 정의와 수식\n\n미리보기 문장."), encoding="utf-8")
        wait_for(lambda: "미리보기 문장." in page("2026/10/fixture-markdown/"), "the edit in the preview")
        wait_for(lambda: len(report.findall(log.read_text(encoding="utf-8"))) >= 2, "the rebuild report")
        rendered, reused = report.findall(log.read_text(encoding="utf-8"))[1]
        assert (int(rendered), int(reused)) == (1, int(first[0]) + int(first[1]) - 1)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_prebuild_writes_the_generated_inputs_as_plain_files(tmp_path):
    """`python -m medblog prebuild`: what the build generates, without MkDocs (for any generator)."""
    from conftest import fixture_notebooks, fixture_posts

    project = make_project(tmp_path / "project", fixture_posts(), fixture_notebooks())
    made = run("prebuild", "--root", str(project))
    assert made.returncode == 0, made.stderr
    generated = project / ".cache" / "medblog" / "generated"
    assert "*[TPR]: 민감도(sensitivity)" in (generated / "abbreviations.md").read_text(encoding="utf-8")
    page = (generated / "glossary.md").read_text(encoding="utf-8")
    assert "### 민감도 (sensitivity) {#sensitivity}" in page and "posts/fixture-markdown.md" in page
    stub = (generated / "stubs" / "fixture-notebook.md").read_text(encoding="utf-8")
    assert stub.startswith("---\ntitle: '픽스처 노트북: 유병률과 양성예측도'") and "<!-- more -->" in stub
    executed = project / ".cache" / "medblog" / "executed" / "fixture-notebook.ipynb"
    assert '"output_type"' in executed.read_text(encoding="utf-8")  # with its outputs
