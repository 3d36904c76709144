"""One term per concept: a post that writes a form the glossary avoids fails the build,
naming the file, the line, the form and the preferred term; a verbatim quote can opt out."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURES, ROOT, build, make_project
from medblog import glossary, terms

GLOSSARY = glossary.load(FIXTURES / "glossary" / "valid.yml")
BAD = FIXTURES / "bad" / "avoided-term.md"


def test_avoided_form_is_reported_with_line_and_preferred_term():
    found = terms.find(GLOSSARY, [BAD])
    # line 16 only: the escaped quote (line 18), inline code, the fenced block and
    # 특이도 (another concept's own headword) are not reported
    assert [(o.where, o.form, o.concept.ko) for o in found] == [("line 16", "감수성", "민감도")]
    assert str(found[0]).startswith(f"{BAD}: line 16: '감수성' is avoided on this site; write 민감도 (sensitivity)")


def test_spacing_variants_and_notebook_cells(tmp_path):
    notebook = tmp_path / "n.ipynb"
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# 제목\n", "\n", "민감성검사라고 부르면 안 됩니다.\n"]},
        {"cell_type": "code", "metadata": {}, "source": ["x = '감수성'"], "outputs": [], "execution_count": None},
    ]
    notebook.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    found = terms.find(GLOSSARY, [notebook])
    assert [(o.where, o.form) for o in found] == [("cell 1, line 3", "민감성검사")]


def test_escape_applies_to_one_occurrence_only(tmp_path):
    post = tmp_path / "p.md"
    post.write_text('"감수성"<!-- verbatim --> 과 감수성\n', encoding="utf-8")
    assert [o.form for o in terms.find(GLOSSARY, [post])] == ["감수성"]


def test_build_fails_naming_file_line_form_and_preferred_term(tmp_path):
    built = build(make_project(tmp_path / "project", [BAD]))
    assert built.returncode != 0
    assert "posts/avoided-term.md: line 16: '감수성' is avoided on this site; write 민감도 (sensitivity)" in built.output, built.output[-2000:]


def test_check_command_reports_avoided_terms(tmp_path):
    project = make_project(tmp_path / "project", [BAD])
    proc = subprocess.run(
        [sys.executable, "-m", "medblog", "check", "--posts", str(project / "posts"), "--notebooks", str(project / "notebooks")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 1 and "avoided-term.md: line 16: '감수성'" in proc.stderr


def test_real_posts_use_no_avoided_form():
    from medblog import frontmatter

    posts = frontmatter.discover(ROOT / "posts", ROOT / "notebooks")
    real = glossary.load(ROOT / "data" / "glossary.yml")
    assert terms.find(real, [p.path for p in posts]) == []
