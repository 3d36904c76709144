"""The author's presence: the 소개 page from data/profile.yml and its validation, the
per-post citation block, share metadata and cards, robots.txt and the sitemap."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET

import feedparser
import pytest
from PIL import Image

from conftest import FIXTURES, build, make_project
from medblog import presence, profile

SITE_URL = "https://medical-ai-research.github.io/medical-ai-research/"
MARKDOWN_URL = "2026/10/fixture-markdown/"
NOTEBOOK_URL = "2026/10/fixture-notebook/"
MARKDOWN_TITLE = "픽스처: 민감도 & 특이도 #1 — 100% 확인"
NOTEBOOK_TITLE = "픽스처 노트북: 유병률과 양성예측도"
PROFILES = FIXTURES / "profile"

# --- data/profile.yml ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "fixture, message",
    [
        ("missing-name.yml", "data/profile.yml: name: required"),
        ("publication-without-title.yml", "data/profile.yml: publications[1].title: required"),
        ("malformed-doi.yml", "data/profile.yml: publications[2].doi: malformed DOI 'https://doi.org/10.0000/example-doi'"),
        ("unknown-key.yml", "data/profile.yml: affilation: unknown key"),
    ],
)
def test_bad_profile_fails_the_build_naming_file_and_field(tmp_path, fixture, message):
    project = make_project(tmp_path / "project")
    shutil.copy(PROFILES / fixture, project / "data" / "profile.yml")
    built = build(project)
    assert built.returncode != 0
    assert message in built.output, built.output[-2000:]


@pytest.mark.parametrize(
    "field, value, problem",
    [
        ("contact", {"orcid": "0000-0002-1825-0098"}, "contact.orcid: ORCID iD '0000-0002-1825-0098' fails its check digit"),
        ("contact", {"github": "https://github.com/x"}, "contact.github: malformed GitHub user name"),
        ("contact", {"emial": "a@b.org"}, "contact.emial: unknown key"),
        ("publications", [{"title": "t", "year": "2024년"}], "publications[0].year: must be a year"),
        ("publications", [{"title": "t", "pdf": "javascript:alert(1)"}], "publications[0].pdf: link 'javascript:alert(1)'"),
        ("interests", "평가", "interests: must be a list"),
    ],
)
def test_profile_field_checks(tmp_path, field, value, problem):
    path = tmp_path / "profile.yml"
    path.write_text(json.dumps({"name": "홍길동", field: value}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(profile.ProfileError, match=re.escape(f"data/profile.yml: {problem}")):
        profile.load(path)


def test_full_profile_renders_publications_talks_and_links():
    data = profile.load(PROFILES / "full.yml")
    markdown = profile.about_markdown(data, [])
    assert "[doi:10.0000/example-doi](<https://doi.org/10.0000/example-doi>)" in markdown
    assert "[PDF](<https://example.org/paper.pdf>) · [코드](<https://example.org/code>)" in markdown
    assert r"**예시 논문 \[둘째\] \*별표\* &lt;태그&gt;**" in markdown  # plain text stays plain
    assert "(2025년 11월 3일)" in markdown and "2015–2020" in markdown
    assert "https://scholar.google.com/citations?user=AbCdEfGhIjKl" in markdown
    assert "you@example.com" not in markdown and "아직 게시된 글이 없습니다." in markdown


# --- the 소개 page --------------------------------------------------------------------------


def test_about_page_is_the_marked_sample_profile(fixture_site):
    soup = fixture_site.html("about/")
    article = soup.select_one("article")
    warning = article.select_one(".admonition.warning")
    assert warning is not None and "예시 프로필입니다" in warning.get_text()
    assert article.select_one(".md-profile__name").get_text() == "홍길동 (예시 프로필)"
    assert "아직 등록된 논문이 없습니다." in article.get_text()
    assert "<!-- profile -->" not in fixture_site.text("about/index.html")


def test_about_page_lists_recent_posts_newest_first(fixture_site):
    soup = fixture_site.html("about/")
    heading = soup.find("h2", id="최근-글")
    links = heading.find_next("ul").find_all("a")
    assert [a.get_text() for a in links] == [NOTEBOOK_TITLE, MARKDOWN_TITLE, "고정된 픽스처 글"]  # pinned is not first
    for a in links:
        assert (fixture_site.site / "about" / a["href"] / "index.html").resolve().is_file()
    assert "2026년 10월 2일" in heading.find_next("ul").get_text()


def test_email_is_not_in_the_page_as_plain_text(fixture_site):
    html = fixture_site.text("about/index.html")
    assert "you@example.com" not in html and "mailto:" not in html
    email = fixture_site.html("about/").select_one("[data-email]")
    assert base64.b64decode(email["data-email"]).decode()[::-1] == "you@example.com"
    noscript = email.find_next_sibling("noscript")
    assert noscript is not None and "@" not in noscript.get_text()
    assert (fixture_site.site / "assets/javascripts/contact.js").is_file()
    assert any(s.get("src", "").endswith("assets/javascripts/contact.js") for s in fixture_site.html("about/").find_all("script"))


# --- 이 글 인용하기 -------------------------------------------------------------------------


def bibtex_fields(entry: str) -> tuple[str, dict[str, str]]:
    """The key and the fields of one BibTeX entry written one field per line; TeX escapes undone."""
    key = re.match(r"@online\{([^,\s]+),", entry).group(1)
    fields = dict(re.findall(r"^\s+(\w+)\s*=\s*\{(.*)\},$", entry, re.M))
    return key, {name: re.sub(r"\\([&%$#_{}])", r"\1", value) for name, value in fields.items()}


def test_citation_block_of_the_markdown_post(fixture_site):
    block = fixture_site.html(MARKDOWN_URL).select_one("section.md-cite")
    assert block is not None and block.has_attr("data-search-exclude")
    assert block.find("h2").get_text() == "이 글 인용하기"
    key, fields = bibtex_fields(block.select_one(".language-bibtex pre > code").get_text())
    assert key == "fixture-markdown2026"
    assert fields["title"] == MARKDOWN_TITLE
    assert fields["author"] == "{홍길동 (예시 프로필)}"
    # the fixture post was corrected on 2026-11-20 (front matter `updated`)
    assert fields["year"] == "2026" and fields["date"] == "2026-10-01" and fields["urldate"] == "2026-11-20"
    assert fields["url"] == SITE_URL + MARKDOWN_URL
    assert fields["organization"] == "의료AI 연구노트"
    apa = block.select_one(".md-cite__apa pre > code").get_text()
    assert apa == f"홍길동 (예시 프로필). (2026, October 1). {MARKDOWN_TITLE}. 의료AI 연구노트. {SITE_URL}{MARKDOWN_URL}"
    meta = block.select_one("dl.md-cite__meta")
    assert meta.find("a")["href"] == SITE_URL + MARKDOWN_URL
    assert [t["datetime"] for t in meta.find_all("time")] == ["2026-10-01", "2026-11-20"]
    assert "수정일 2026년 11월 20일" in meta.get_text(" ", strip=True)
    notebook_meta = fixture_site.html(NOTEBOOK_URL).select_one("section.md-cite dl.md-cite__meta")
    assert "수정일" not in notebook_meta.get_text()  # never corrected: no 수정일


def test_corrections_are_listed_after_the_article_newest_first(fixture_site):
    page = fixture_site.html(MARKDOWN_URL)
    section = page.select_one("article section.md-corrections")
    assert section is not None and section.find("h2").get_text() == "고친 내용"
    items = [(li.find("time")["datetime"], li.get_text(" ", strip=True)) for li in section.select("li")]
    assert items == [
        ("2026-11-20", "2026년 11월 20일 참고문헌을 학술지 판으로 바꿨습니다."),
        ("2026-10-15", "2026년 10월 15일 첫 번째 정정: 정의 <수식>을 고쳤습니다."),  # escaped, not markup
    ]
    # Material's post header shows the update date; JSON-LD carries it as dateModified
    header_dates = [t["datetime"][:10] for t in page.select(".md-sidebar--post time")]
    assert header_dates == ["2026-10-01", "2026-11-20"]
    data = json.loads(page.head.find("script", type="application/ld+json").string)
    assert data["dateModified"].startswith("2026-11-20") and data["datePublished"].startswith("2026-10-01")
    assert fixture_site.html(NOTEBOOK_URL).select("section.md-corrections") == []


def test_rss_feed_of_updates_carries_the_correction_date(fixture_site):
    feed = feedparser.parse(fixture_site.text("feed_rss_updated.xml"))
    assert not feed.bozo, feed.bozo_exception
    entry = {e.title: e for e in feed.entries}[MARKDOWN_TITLE]
    assert entry.published_parsed[:3] == (2026, 11, 20)
    # a post never corrected is dated by its publication, not by the file's mtime
    pinned = {e.title: e for e in feed.entries}["고정된 픽스처 글"]
    assert pinned.published_parsed[:3] == (2025, 5, 1)


def test_citation_block_sits_before_related_terms_and_feedback(fixture_site):
    for url in (MARKDOWN_URL, NOTEBOOK_URL):
        article = fixture_site.html(url).select_one("article")
        order = [el.name + "." + el["class"][0] for el in article.select("section.md-cite, nav.md-related-terms, aside.md-feedback-post")]
        assert order == ["section.md-cite", "nav.md-related-terms", "aside.md-feedback-post"], url
    for url in ("", "about/", "category/critique/"):
        assert fixture_site.html(url).select("section.md-cite") == [], url


def test_bibtex_and_apa_helpers_escape_and_use_the_updated_date():
    entry = presence.bibtex_entry("a-b", "홍길동", "50% & $x_1$ {}", "https://x.org/a/", "사이트",
                                  dt.date(2025, 1, 9), dt.date(2025, 3, 2))
    assert r"title        = {50\% \& \$x\_1\$ \{\}}" in entry
    assert "urldate      = {2025-03-02}" in entry and "date         = {2025-01-09}" in entry
    assert presence.apa_line("홍길동", "왜일까?", "https://x.org/a/", "사이트", dt.date(2025, 1, 9)) == (
        "홍길동. (2025, January 9). 왜일까? 사이트. https://x.org/a/"
    )


# --- <head> metadata -------------------------------------------------------------------------

PAGES = {
    "home": ("", "WebSite", "의료AI 연구노트"),
    "category": ("category/critique/", "CollectionPage", "비평"),
    "markdown post": (MARKDOWN_URL, "BlogPosting", MARKDOWN_TITLE),
    "notebook post": (NOTEBOOK_URL, "BlogPosting", NOTEBOOK_TITLE),
    "glossary": ("glossary/", "WebPage", "용어집"),
    "about": ("about/", "Person", "홍길동 (예시 프로필)"),
}


def meta(soup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


@pytest.mark.parametrize("url, kind, name", PAGES.values(), ids=PAGES.keys())
def test_share_metadata_on_every_page_type(fixture_site, url, kind, name):
    soup = fixture_site.html(url)
    head = soup.head
    assert head.find("link", rel="canonical")["href"] == SITE_URL + url
    assert meta(head, "og:url") == SITE_URL + url
    assert meta(head, "og:type") == ("article" if kind == "BlogPosting" else "website")
    assert meta(head, "og:locale") == "ko_KR" and meta(head, "og:site_name") == "의료AI 연구노트"
    assert name in meta(head, "og:title") and meta(head, "twitter:title") == meta(head, "og:title")
    assert meta(head, "og:description") and meta(head, "og:description") == meta(head, "description")
    assert meta(head, "twitter:card") == "summary_large_image"
    image = meta(head, "og:image")
    assert image.startswith(SITE_URL) and meta(head, "twitter:image") == image
    with Image.open(fixture_site.site / image.removeprefix(SITE_URL)) as card:
        assert card.size == (1200, 630) and card.format == "PNG"
    scripts = head.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org" and data["@type"] == kind
    assert data.get("headline", data.get("name")) == name


@pytest.mark.parametrize("url, title, tags", [(MARKDOWN_URL, MARKDOWN_TITLE, ["민감도", "특이도"]), (NOTEBOOK_URL, NOTEBOOK_TITLE, ["민감도"])])
def test_posts_have_blogposting_and_scholar_tags(fixture_site, url, title, tags):
    head = fixture_site.html(url).head
    data = json.loads(head.find("script", type="application/ld+json").string)
    published = url.split("/")[0]
    assert data["headline"] == title and data["keywords"] == tags and data["inLanguage"] == "ko"
    assert data["datePublished"].startswith(published) and data["dateModified"] >= data["datePublished"]
    assert data["author"] == {"@type": "Person", "name": "홍길동 (예시 프로필)", "url": SITE_URL + "about/"}
    assert data["url"] == SITE_URL + url and data["image"] == meta(head, "og:image")
    assert data["image"].endswith(f"assets/social/{url.split('/')[-2]}.png")
    assert meta(head, "citation_title") == title
    assert meta(head, "citation_author") == "홍길동 (예시 프로필)"
    date = dt.date.fromisoformat(data["datePublished"][:10]).strftime("%Y/%m/%d")
    assert meta(head, "citation_publication_date") == date and meta(head, "citation_online_date") == date
    assert [t["content"] for t in head.find_all("meta", property="article:tag")] == tags


def test_person_on_about_page_and_no_scholar_tags_elsewhere(fixture_site):
    data = json.loads(fixture_site.html("about/").head.find("script", type="application/ld+json").string)
    assert data["affiliation"] == {"@type": "Organization", "name": "예시대학교 의과대학 의료인공지능연구실 (예시 소속)"}
    assert data["sameAs"] == ["https://github.com/medical-ai-research", "https://orcid.org/0000-0002-1825-0097"]
    assert "email" not in data
    for url in ("", "about/", "glossary/"):
        assert meta(fixture_site.html(url).head, "citation_title") is None


def test_json_ld_cannot_close_its_script_element():
    tag = presence.json_ld({"headline": "</script><script>alert(1)</script>"})
    inner = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "</" not in inner and json.loads(inner)["headline"] == "</script><script>alert(1)</script>"


# --- share cards -------------------------------------------------------------------------------


def test_one_card_per_post_plus_the_site_card(fixture_site):
    cards = sorted(p.name for p in (fixture_site.site / "assets/social").glob("*.png"))
    assert cards == ["fixture-markdown.png", "fixture-notebook.png", "fixture-pinned.png", "site.png"]


def test_cards_are_cached_by_their_text(tmp_path, monkeypatch):
    """Counted, not timed: an identical card is never drawn twice; a changed title is."""
    drawn = []
    render = presence.render_card
    monkeypatch.setattr(presence, "render_card", lambda *a: drawn.append(a) or render(*a))
    first = presence.card_file(tmp_path, "낮은 유병률에서 양성예측도가 낮은 이유", "의료AI 지표", "의료AI 연구노트")
    with Image.open(first) as card:
        assert card.size == (1200, 630)
    assert presence.card_file(tmp_path, "낮은 유병률에서 양성예측도가 낮은 이유", "의료AI 지표", "의료AI 연구노트") == first
    assert len(drawn) == 1, "an identical card was drawn again"
    other = presence.card_file(tmp_path, "다른 제목", "의료AI 지표", "의료AI 연구노트")
    assert other != first and len(drawn) == 2


def test_long_titles_are_wrapped_and_clipped_inside_the_card():
    font, lines = presence._fit_title("아주 긴 제목 " * 40, 1040, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1040 for line in lines)


# --- robots.txt and sitemap --------------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap(fixture_site):
    robots = fixture_site.text("robots.txt")
    assert "User-agent: *" in robots and "Allow: /" in robots
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


def test_sitemap_is_valid_xml_and_lists_the_posts(fixture_site):
    root = ET.fromstring(fixture_site.text("sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    for url in (MARKDOWN_URL, NOTEBOOK_URL, "about/"):
        assert SITE_URL + url in locations
