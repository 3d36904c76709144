"""The real posts on the real site: each is built, listed in its category, findable in
search, and cites at least two references a reader can follow."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from medblog import frontmatter

POSTS = frontmatter.discover(ROOT / "posts", ROOT / "notebooks")
REFERENCE = re.compile(r"https?://(?:doi\.org/10\.[^\s)\"\\]+|arxiv\.org/abs/[0-9.]+|pubmed\.ncbi\.nlm\.nih\.gov/\d+)")


def url_of(post) -> str:
    return f"{post.meta['date']:%Y/%m}/{post.slug}/"


def category_listing(site, slug: str) -> set[str]:
    """Post URLs listed on a category's pages (the view is paginated)."""
    listed = set()
    for page in [site.site / "category" / slug / "index.html", *sorted((site.site / "category" / slug / "page").glob("*/index.html"))]:
        listed |= set(re.findall(r'href="(?:\.\./)+(\d{4}/\d{2}/[^/"]+/)"', page.read_text(encoding="utf-8")))
    return listed


@pytest.mark.parametrize("post", [p for p in POSTS if not p.draft], ids=lambda p: p.slug)
def test_post_is_built_listed_and_searchable(real_site, post):
    assert (real_site.site / url_of(post) / "index.html").is_file()
    for category in post.meta["categories"]:
        assert url_of(post) in category_listing(real_site, frontmatter.CATEGORIES[category])
    index = json.loads(real_site.text("search/search_index.json"))
    assert any(doc["location"] == url_of(post) for doc in index["docs"])


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.slug)
def test_post_cites_at_least_two_followable_references(post):
    text = post.path.read_text(encoding="utf-8")
    assert len(set(REFERENCE.findall(text))) >= 2
