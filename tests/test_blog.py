"""The blog platform on a site built from tests/fixtures: listing, categories, archive,
tags, RSS, feedback links, notebook rendering, drafts, cache and math."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from conftest import FIXTURES, build, fixture_notebooks, fixture_posts, make_project

NOTEBOOK_URL = "2026/10/fixture-notebook/"
MARKDOWN_URL = "2026/10/fixture-markdown/"
PINNED_URL = "2025/05/fixture-pinned/"
MARKDOWN_TITLE = "픽스처: 민감도 & 특이도 #1 — 100% 확인"
SITE_URL = "https://medical-ai-research.github.io/medical-ai-research/"


def listed_posts(soup):
    """Post URLs in the order a view (home, category, archive) lists them."""
    return [a["href"].lstrip("./") for a in soup.select("article.md-post h2 a.toclink")]


def test_home_lists_posts_pinned_first_then_newest(fixture_site):
    urls = listed_posts(fixture_site.html(""))
    assert urls == [PINNED_URL, NOTEBOOK_URL, MARKDOWN_URL]


def test_excerpt_stops_at_more_marker(fixture_site):
    home = fixture_site.html("")
    notebook_excerpt = home.find("a", href=NOTEBOOK_URL).find_parent("article")
    assert "첫 문단은 목록과 RSS의 발췌" in notebook_excerpt.get_text()
    assert "임상 상황" not in notebook_excerpt.get_text()  # the second cell is not in the excerpt
    assert notebook_excerpt.select_one("a.md-button, a[href$='#__continue'], nav.md-post__action") is not None


def test_drafts_are_not_built(fixture_site):
    assert not (fixture_site.site / "2026/10/fixture-draft").exists()
    assert "초안 픽스처" not in fixture_site.text("index.html")


@pytest.mark.parametrize(
    "slug, expected",
    [("metrics", [NOTEBOOK_URL]), ("experience", [PINNED_URL]), ("critique", [MARKDOWN_URL])],
)
def test_category_pages_have_ascii_urls_and_exactly_their_posts(fixture_site, slug, expected):
    soup = fixture_site.html(f"category/{slug}/")
    assert [u.replace("../../", "") for u in listed_posts(soup)] == expected


def test_category_names_are_korean(fixture_site):
    soup = fixture_site.html("category/metrics/")
    assert soup.select_one(".md-content h1").get_text(strip=True).rstrip("¶") == "의료AI 지표"


def test_yearly_archive(fixture_site):
    urls_2026 = [u.replace("../../", "") for u in listed_posts(fixture_site.html("archive/2026/"))]
    assert urls_2026 == [NOTEBOOK_URL, MARKDOWN_URL]
    assert [u.replace("../../", "") for u in listed_posts(fixture_site.html("archive/2025/"))] == [PINNED_URL]


def test_tags_index_links_posts(fixture_site):
    soup = fixture_site.html("tags/")
    text = soup.get_text(" ")
    for tag in ("민감도", "특이도", "외부검증"):
        assert tag in text
    hrefs = {a["href"] for a in soup.select("article a")}
    assert any("fixture-markdown" in h for h in hrefs)
    assert any("fixture-notebook" in h for h in hrefs)


def test_rss_has_one_item_per_published_post(fixture_site):
    feed = feedparser.parse(fixture_site.text("feed_rss_created.xml"))
    assert not feed.bozo, feed.bozo_exception
    titles = sorted(entry.title for entry in feed.entries)
    assert titles == sorted([MARKDOWN_TITLE, "고정된 픽스처 글", "픽스처 노트북: 유병률과 양성예측도"])
    by_title = {e.title: e for e in feed.entries}
    assert by_title[MARKDOWN_TITLE].link == SITE_URL + MARKDOWN_URL
    assert by_title[MARKDOWN_TITLE].description == "테스트용 마크다운 글입니다."
    assert by_title[MARKDOWN_TITLE].published_parsed[:3] == (2026, 10, 1)


@pytest.mark.parametrize("url, title", [(MARKDOWN_URL, MARKDOWN_TITLE), (NOTEBOOK_URL, "픽스처 노트북: 유병률과 양성예측도")])
def test_feedback_link_decodes_to_exact_title_and_url(fixture_site, url, title):
    check_feedback_link(fixture_site.html(url), url, title)


def check_feedback_link(soup, url, title):
    """The feedback link of a post (also used by tests/test_mutations.py)."""
    new = soup.select_one('a[data-feedback="new"]')
    assert new is not None and new.get_text(strip=True) == "이 글에 피드백 남기기"
    parts = urlsplit(new["href"])
    assert parts.netloc == "github.com" and parts.path == "/medical-ai-research/medical-ai-research/issues/new"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["template"] == ["feedback.yml"]
    assert query["post-title"] == [title]
    assert query["title"] == ["[피드백] " + title]
    assert query["page-url"] == [SITE_URL + url]
    assert soup.find("link", rel="canonical")["href"] == SITE_URL + url
    listed = soup.select_one('a[data-feedback="list"]')
    search = parse_qs(urlsplit(listed["href"]).query)["q"][0]
    assert "label:feedback" in search and url.split("/")[-2] in search


def test_feedback_title_with_reserved_characters_is_percent_encoded(fixture_site):
    href = fixture_site.html(MARKDOWN_URL).select_one('a[data-feedback="new"]')["href"]
    raw_query = urlsplit(href).query
    # '&', '#' and '%' of the title must not leak into the query syntax
    assert raw_query.count("&") == 4 and "#" not in href and "%25" in raw_query and "%26" in raw_query


def test_feedback_block_is_not_in_excerpts(fixture_site):
    assert fixture_site.html("").select('a[data-feedback="new"]') == []


def test_notebook_post_renders_headings_figures_and_links(fixture_site):
    soup = fixture_site.html(NOTEBOOK_URL)
    ids = [h.get("id") for h in soup.select("article h1, article h2")]
    assert "임상-상황" in ids and "정의와-수식" in ids
    toc = [a["href"] for a in soup.select("nav.md-nav--secondary a")]
    assert "#임상-상황" in toc and "#정의와-수식" in toc
    figures = soup.select("article .jp-OutputArea-output figure.md-notebook-figure")
    assert len(figures) == 1, "the figure cell produced no figure"
    image = figures[0].img  # a file next to the page, named by its content, not a base64 blob
    assert re.fullmatch(r"fixture-notebook-[0-9a-f]{12}\.png", image["src"])
    assert (fixture_site.site / NOTEBOOK_URL / image["src"]).stat().st_size > 1000
    # the author's words, exactly: quotes and & survive, no heading text, no &para;
    assert image["alt"] == '가로축 유병률, 세로축 양성예측도: 0에서 1까지 곧게 오르는 "대각선" 한 줄 & 격자 없음'
    assert figures[0].figcaption.get_text() == "그림 1. 유병률이 오르면 양성예측도도 오릅니다 (예시 직선)"
    raw = fixture_site.text(NOTEBOOK_URL + "index.html")
    assert "&para;" not in re.search(r'<img alt="[^"]*"', raw.split("md-notebook-figure", 1)[1]).group()
    # the cell options are not shown as code
    assert "fig-alt" not in soup.select_one("article").get_text() and "#|" not in soup.select_one("article").get_text()
    heading = soup.find(id='따옴표--기호가-든-제목')
    assert heading is not None and heading.get_text().startswith('"따옴표" & 기호가 든 제목')
    links = {a.get_text(strip=True): a["href"] for a in soup.select("p.md-notebook-links a")}
    assert links["노트북 내려받기 (.ipynb)"] == "fixture-notebook.ipynb"
    assert (fixture_site.site / NOTEBOOK_URL / "fixture-notebook.ipynb").is_file()
    assert links["Colab에서 열기"] == (
        "https://colab.research.google.com/github/medical-ai-research/medical-ai-research/blob/main/notebooks/fixture-notebook.ipynb"
    )


def test_notebook_page_has_no_leftover_style_repr_or_cdn_loader(fixture_site):
    html = fixture_site.text(NOTEBOOK_URL + "index.html")
    soup = fixture_site.html(NOTEBOOK_URL)
    assert "&lt;style&gt;" not in html and "['pre { line-height" not in html
    assert soup.select("article style") == []
    assert "cdn.jsdelivr.net" not in html and "data-mkdocs-jupyter-mathjax" not in html
    last = soup.select("article > *")[-1]
    assert "md-feedback-post" in last.get("class", []) or last.find(class_="md-feedback-post")


def test_markdown_post_image_next_to_post(fixture_site):
    soup = fixture_site.html(MARKDOWN_URL)
    img = soup.select_one('article img[alt="테스트 그림"]')
    target = (fixture_site.site / MARKDOWN_URL / img["src"]).resolve()
    assert target.is_file() and target.suffix == ".png"


def test_link_to_notebook_anchor_from_markdown_post(fixture_site):
    soup = fixture_site.html(MARKDOWN_URL)
    link = soup.find("a", string="노트북 글")
    assert link["href"] == "../fixture-notebook/#정의와-수식"


def test_math_is_rendered_at_build_time_without_page_scripts(fixture_site):
    for url in (MARKDOWN_URL, NOTEBOOK_URL):
        soup = fixture_site.html(url)
        formulas = soup.select(".arithmatex")
        assert formulas, url
        for formula in formulas:  # KaTeX markup, with MathML for screen readers; no TeX left to typeset
            assert formula.select_one(".katex .katex-html") and formula.select_one(".katex math")
            assert "\\(" not in formula.get_text() and "\\[" not in formula.get_text()
        scripts = [s.get("src", "") for s in soup.find_all("script")]
        assert not any("katex" in s or "math.js" in s for s in scripts), scripts
        styles = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        assert any(href.endswith("assets/vendor/katex/katex.min.css") for href in styles)
    # a formula with "<" in a notebook's Markdown cell (escaped twice on its way) renders too
    inline = [f.get_text() for f in fixture_site.html(NOTEBOOK_URL).select("span.arithmatex")]
    assert any("S<t" in text.replace(" ", "") for text in inline), inline
    display = fixture_site.html(MARKDOWN_URL).select_one("div.arithmatex .katex-display")
    assert display is not None and "TP" in display.get_text()
    # pages without math load no KaTeX at all
    assert not any("katex" in link["href"] for link in fixture_site.html("tags/").find_all("link", rel="stylesheet"))


def test_post_urls_and_dates(fixture_site):
    assert (fixture_site.site / MARKDOWN_URL / "index.html").is_file()
    soup = fixture_site.html(MARKDOWN_URL)
    assert soup.find("time", datetime=re.compile("^2026-10-01"))


def _second_notebook(project) -> Path:
    """A copy of the fixture notebook under another slug, so that two notebooks share a build."""
    first = project / "notebooks" / "fixture-notebook.ipynb"
    second = project / "notebooks" / "fixture-notebook-two.ipynb"
    second.write_text(first.read_text(encoding="utf-8").replace("slug: fixture-notebook", "slug: fixture-notebook-two")
                      .replace("픽스처 노트북:", "두 번째 픽스처 노트북:"), encoding="utf-8")
    return second


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_notebook_execution_is_cached_by_code_and_requirements(tmp_path):
    """Executions are counted by the notebooks themselves (each appends a line to a log file)."""
    log = tmp_path / "executions.log"
    env = {"MEDBLOG_EXECUTION_LOG": str(log)}
    project = make_project(tmp_path / "project", notebooks=fixture_notebooks())
    first, second = project / "notebooks" / "fixture-notebook.ipynb", _second_notebook(project)
    (project / "requirements.txt").write_text("numpy==2.0.0\n", encoding="utf-8")

    def executions_after_build() -> int:
        built = build(project, env=env)
        assert built.returncode == 0, built.output[-2000:]
        assert "running over TCP" not in built.output  # kernels talk over IPC sockets
        return log.read_text().count("executed") if log.exists() else 0

    assert executions_after_build() == 2
    assert executions_after_build() == 2, "an unchanged notebook was executed again"
    # prose only: no execution, but the page shows the new text
    _edit(first, "여기에 본문을 씁니다.", "여기에 고친 본문을 씁니다.")
    assert executions_after_build() == 2, "a Markdown-cell edit re-executed the notebook"
    assert "여기에 고친 본문을 씁니다." in (project / "site" / "2026/10/fixture-notebook/index.html").read_text(encoding="utf-8")
    # one code cell: that notebook alone
    _edit(second, "print('실행 횟수 표시')", "print('실행 횟수 표시!')")
    assert executions_after_build() == 3, "editing one notebook's code must execute exactly that one"
    assert "실행 횟수 표시!" in (project / "site" / "2026/10/fixture-notebook-two/index.html").read_text(encoding="utf-8")
    # a library upgrade (the lock file) re-executes everything
    (project / "requirements.txt").write_text("numpy==2.0.1\n", encoding="utf-8")
    assert executions_after_build() == 5, "a changed requirements lock must re-execute every notebook"
    # the cache does not depend on where the project sits on disk
    moved = project.rename(tmp_path / "moved")
    project = moved
    assert executions_after_build() == 5, "moving the repository re-executed notebooks"


def test_glossary_page_and_related_terms(fixture_site):
    glossary = fixture_site.html("glossary/")
    entry = glossary.find(id="sensitivity")
    assert entry is not None and "민감도" in entry.get_text()
    section = entry.find_next("ul").get_text(" ")
    assert "재현율" in section and "TPR" in section
    # the post tagged 민감도 is listed under the entry, and links back to it
    assert any("fixture-markdown" in a["href"] for a in entry.find_next("ul").find_all("a"))
    related = fixture_site.html(MARKDOWN_URL).select_one("nav.md-related-terms")
    hrefs = [a["href"] for a in related.find_all("a")]
    assert hrefs == ["../../../glossary/#sensitivity", "../../../glossary/#specificity"]


def test_abbreviation_tooltips_come_from_the_glossary(fixture_site):
    abbr = fixture_site.html(MARKDOWN_URL).find("abbr", string="TPR")
    assert abbr is not None and abbr["title"].startswith("민감도(sensitivity)")
    # the glossary spells every abbreviation out already: no tooltips there
    assert fixture_site.html("glossary/").find("abbr") is None


def test_setup_cell_is_folded_but_kept(fixture_site):
    soup = fixture_site.html(NOTEBOOK_URL)
    setup = soup.select_one("article details.md-notebook-setup")
    assert setup is not None and "font_manager" in setup.get_text()
    assert not setup.has_attr("open")
    # only the setup cell is folded: the figure cell stays in the page body
    assert not setup.select(".jp-OutputArea-output img")
    assert soup.select("article .jp-OutputArea-output img")


def _render_counts(output: str) -> tuple[int, int]:
    match = re.search(r"medblog: rendered (\d+) page\(s\), (\d+) from the render cache", output)
    assert match, output[-2000:]
    return int(match.group(1)), int(match.group(2))


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_rebuild_renders_only_the_changed_page_and_matches_a_full_build(tmp_path):
    project = make_project(tmp_path / "project", fixture_posts(), fixture_notebooks())
    env = {"SOURCE_DATE_EPOCH": "1790000000"}  # the feeds' build date: the same for both sites
    first = build(project, env=env)
    assert first.returncode == 0, first.output[-2000:]
    rendered, reused = _render_counts(first.output)
    assert rendered > 5 and reused == 0
    second = build(project, env=env)
    assert _render_counts(second.output) == (0, rendered), "an unchanged site was rendered again"
    _edit(project / "posts" / "fixture-markdown.md", "## 정의와 수식", "## 정의와 수식\n\n고친 문장 하나.")
    third = build(project, env=env)
    assert _render_counts(third.output) == (1, rendered - 1), "only the edited post should be rendered"
    assert "고친 문장 하나." in (project / "site" / MARKDOWN_URL / "index.html").read_text(encoding="utf-8")
    incremental = _tree(project / "site")
    shutil.rmtree(project / ".cache" / "medblog" / "render")
    full = build(project, env=env)
    assert _render_counts(full.output) == (rendered, 0)
    rebuilt = _tree(project / "site")
    assert incremental.keys() == rebuilt.keys()
    differing = [name for name in rebuilt if incremental[name] != rebuilt[name]]
    assert differing == [], differing


def test_render_cache_replays_link_warnings_so_strict_still_fails(tmp_path):
    project = make_project(tmp_path / "project", fixture_posts(), fixture_notebooks())
    assert build(project).returncode == 0
    _edit(project / "posts" / "fixture-markdown.md", "## 정의와 수식", "## 정의와 수식\n\n[깨진 링크](no-such-post.md)")
    assert build(project).returncode != 0
    again = build(project)  # the broken page now comes from the cache
    assert again.returncode != 0 and "no-such-post.md" in again.output


def test_notebook_code_is_folded_and_outputs_stay_visible(fixture_site):
    soup = fixture_site.html(NOTEBOOK_URL)
    folds = soup.select("article details.md-notebook-source")
    assert folds and all(not d.has_attr("open") for d in folds)
    for fold in folds:
        assert fold.summary.get_text() == "코드 보기" and fold.select_one("pre code")
    # the figure and printed output sit outside the fold
    figure = soup.select_one("figure.md-notebook-figure")
    assert figure.find_parent("details") is None
    assert soup.select_one("[data-notebook-code-toggle]").get_text() == "코드 모두 펼치기"


def test_figure_without_alt_text_fails_the_build_naming_notebook_and_cell(tmp_path):
    project = make_project(tmp_path / "project", notebooks=[FIXTURES / "bad" / "figure-without-alt.ipynb"])
    built = build(project)
    assert built.returncode != 0
    assert "notebooks/figure-without-alt.ipynb: cell 6 draws 1 figure(s) but has 0 '#| fig-alt:' text(s)" in built.output, built.output[-1500:]


def test_post_back_link_reads_korean(fixture_site):
    back = fixture_site.html(MARKDOWN_URL).select_one(".md-post__back a")
    assert back.get_text(strip=True) == "목록으로 돌아가기"


def test_date_mapping_with_created_and_updated(tmp_path):
    """`date: {created, updated}` (Material's and Zensical's form) equals date + updated."""
    post = (FIXTURES / "posts" / "fixture-pinned.md").read_text(encoding="utf-8")
    assert "date: 2025-05-01\n" in post
    project = make_project(tmp_path / "project", notebooks=fixture_notebooks())
    (project / "posts" / "dated.md").write_text(
        post.replace("date: 2025-05-01\n", "date:\n  created: 2025-05-01\n  updated: 2025-06-02\n"), encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.output[-2000:]
    meta = built.html("2025/05/fixture-pinned/").select_one("section.md-cite dl.md-cite__meta")
    assert [t["datetime"] for t in meta.find_all("time")] == ["2025-05-01", "2025-06-02"]


def test_a_post_missing_from_the_output_fails_the_build(tmp_path):
    """The guard against generators that silently drop posts, on its own."""
    import types

    from mkdocs.exceptions import PluginError

    from medblog import frontmatter, hooks

    post = frontmatter.read_post(FIXTURES / "posts" / "fixture-markdown.md")
    hooks.STATE["posts"] = {"posts/fixture-markdown.md": post}
    config = types.SimpleNamespace(site_dir=str(tmp_path))
    with pytest.raises(PluginError, match="1 post\\(s\\) were not built: .*fixture-markdown.md"):
        hooks._check_every_post_was_built(config)
    page = tmp_path / "2026" / "10" / "fixture-markdown" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html></html>", encoding="utf-8")
    hooks._check_every_post_was_built(config)  # built: no error
