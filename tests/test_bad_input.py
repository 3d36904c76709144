"""Nothing is silently dropped: each broken input fails the strict build (and `check`)
with a message that names the file the author edits and the problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, build, make_project

BAD = FIXTURES / "bad"

CASES = [
    ("missing-date.md", "required key 'date'"),
    ("invalid-date.md", "'date' must be a date that exists"),
    ("missing-slug.md", "required key 'slug'"),
    ("non-ascii-slug.md", "'slug' must be lowercase ASCII"),
    ("unknown-category.md", "unknown category '잡담'"),
    ("malformed-yaml.md", "not valid YAML"),
    ("no-frontmatter.ipynb", "front matter missing"),
]


def _project(tmp_path, *names):
    posts = [BAD / n for n in names if n.endswith(".md")]
    notebooks = [BAD / n for n in names if n.endswith(".ipynb")]
    return make_project(tmp_path / "project", posts, notebooks)


@pytest.mark.parametrize("name, problem", CASES)
def test_bad_front_matter_fails_build_naming_the_file(tmp_path, name, problem):
    built = build(_project(tmp_path, name))
    assert built.returncode != 0
    folder = "notebooks" if name.endswith(".ipynb") else "posts"
    assert f"{folder}/{name}" in built.output and problem in built.output, built.output[-2000:]
    assert "stubs" not in built.output  # the author's file, never an internal stub


@pytest.mark.parametrize("name, problem", CASES)
def test_check_command_reports_the_same_problem(tmp_path, name, problem):
    project = _project(tmp_path, name)
    proc = subprocess.run(
        [sys.executable, "-m", "medblog", "check", "--posts", str(project / "posts"), "--notebooks", str(project / "notebooks")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 1 and name in proc.stderr and problem in proc.stderr


def test_duplicate_slug(tmp_path):
    built = build(_project(tmp_path, "duplicate-slug-a.md", "duplicate-slug-b.md"))
    assert built.returncode != 0
    assert "duplicate slug 'same-slug'" in built.output
    assert "duplicate-slug-a.md" in built.output and "duplicate-slug-b.md" in built.output


def test_notebook_cell_that_raises_fails_the_build(tmp_path):
    built = build(_project(tmp_path, "raising-cell.ipynb"))
    assert built.returncode != 0
    assert "raising-cell.ipynb" in built.output and "일부러 낸 오류" in built.output


def test_notebook_with_missing_glyph_warning_fails_the_build(tmp_path):
    check_stderr_fails_the_build(build(_project(tmp_path, "missing-glyph.ipynb")))


def check_stderr_fails_the_build(built):
    """A cell that writes a warning to stderr stops the build (also used by tests/test_mutations.py)."""
    assert built.returncode != 0
    assert "notebooks/missing-glyph.ipynb" in built.output and "missing from font" in built.output


@pytest.mark.parametrize("name, problem", [("broken-link.md", "no-such-post.md"), ("broken-anchor.md", "없는-제목")])
def test_broken_link_or_anchor_fails_the_build(tmp_path, name, problem):
    built = build(_project(tmp_path, name))
    assert built.returncode != 0
    assert name in built.output and problem in built.output, built.output[-2000:]


def test_good_fixtures_pass_check():
    proc = subprocess.run(
        [sys.executable, "-m", "medblog", "check", "--posts", str(FIXTURES / "posts"), "--notebooks", str(FIXTURES / "notebooks")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0 and "4 posts OK (1 drafts)" in proc.stdout


def test_cell_that_runs_too_long_fails_the_build(tmp_path):
    project = _project(tmp_path, "slow-cell.ipynb")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("cell_timeout: 300", "cell_timeout: 3"), encoding="utf-8")
    built = build(project)
    assert built.returncode != 0
    assert "slow-cell.ipynb" in built.output and "timed out" in built.output.lower(), built.output[-1500:]


def test_draft_notebook_is_never_executed(tmp_path):
    built = build(_project(tmp_path, "draft-raising.ipynb"))
    assert built.returncode == 0, built.output[-1500:]
    assert "a draft must never run" not in built.output
    assert not list((tmp_path / "project" / "site").rglob("draft-raising*"))


def test_formula_katex_cannot_render_fails_the_build(tmp_path):
    built = build(_project(tmp_path, "bad-formula.md"))
    assert built.returncode != 0
    assert "posts/bad-formula.md: KaTeX cannot render the formula" in built.output, built.output[-1500:]


def test_material_markup_drift_fails_the_build_naming_template_and_anchor(tmp_path):
    """If an upgrade changes the markup a repair expects, the build stops instead of
    silently shipping the unrepaired page (here: the search dialog loses role="dialog")."""
    import material

    project = _project(tmp_path)
    original = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    assert 'role="dialog"' in original
    (project / "overrides" / "partials" / "search.html").write_text(original.replace('role="dialog"', 'role="search"'), encoding="utf-8")
    built = build(project)
    assert built.returncode != 0
    assert "Material's partials/search.html no longer contains" in built.output, built.output[-1500:]
    assert 'data-md-component=\\"search\\" role=\\"dialog\\"' in built.output or 'role="dialog"' in built.output


def test_updated_given_twice_is_refused(tmp_path):
    from medblog import frontmatter

    post = tmp_path / "p.md"
    post.write_text("---\ntitle: t\ndate:\n  created: 2026-01-01\n  updated: 2026-02-01\nupdated: 2026-03-01\n"
                    "slug: p\ncategories: [비평]\ndescription: d\n---\n\n# t\n\n<!-- more -->\n", encoding="utf-8")
    with pytest.raises(frontmatter.FrontMatterError, match="'updated' is given twice"):
        frontmatter.read_post(post)


@pytest.mark.parametrize("line, problem", [
    ("      separator: !!python/name:medblog.search.SEPARATOR\n", "plugins.search must set 'separator"),
    ("      categories_allowed: !!python/name:medblog.frontmatter.CATEGORY_NAMES # 의료AI 지표, 연구 경험, 비평\n",
     "the blog plugin must set 'categories_allowed"),
])
def test_mkdocs_yml_shows_the_real_configuration(tmp_path, line, problem):
    """The search separator and the blog categories live in mkdocs.yml; removing them from
    there fails the build instead of being patched in silently at run time."""
    project = _project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert line in text
    config.write_text(text.replace(line, ""), encoding="utf-8")
    built = build(project)
    assert built.returncode != 0 and problem in built.output, built.output[-1500:]
