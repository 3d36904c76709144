"""The bilingual glossary (data/glossary.yml): validation, the 용어집 page, abbreviation
tooltips, related-term links on posts, and the concept keywords added to the search index.

One concept, many surface forms: 민감도 · 재현율 · sensitivity · recall · TPR all lead to
the same entry and to the posts that explain it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from html import escape
from pathlib import Path

import yaml

from medblog import AuthorError, load_yaml

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEYS = {"id", "ko", "en", "abbr", "synonyms", "avoid", "definition", "group", "posts"}
REQUIRED = ("id", "ko", "en", "definition", "group")


class GlossaryError(AuthorError):
    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")


@dataclass
class Concept:
    id: str
    ko: str
    en: str
    definition: str
    group: str
    abbr: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)  # slugs; posts tagged with `ko` are added at build
    avoid: list[str] = field(default_factory=list)  # forms the site must not write for it (medblog/terms.py)

    @cached_property  # the names never change after loading
    def forms(self) -> list[str]:
        """Every surface form a reader might type, deduplicated, in a stable order."""
        seen: dict[str, None] = {}
        for form in [self.ko, self.en, *self.abbr, *self.synonyms]:
            joined = form.replace(" ", "") if re.search("[가-힣]", form) else form
            for variant in (form, joined):  # 데이터 누수 ~ 데이터누수
                if variant and variant.lower() not in {s.lower() for s in seen}:
                    seen[variant] = None
        return list(seen)


@dataclass
class Glossary:
    path: Path
    groups: list[str]
    concepts: list[Concept]

    def by_ko(self) -> dict[str, Concept]:
        return {c.ko: c for c in self.concepts}


def load(path: Path) -> Glossary:
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GlossaryError(path, f"cannot read glossary: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise GlossaryError(path, "expected a mapping with 'groups' and 'concepts' lists")
    groups = data.get("groups") or []
    concepts, ids, names = [], set(), set()
    for index, raw in enumerate(data["concepts"], 1):
        where = f"concept #{index}"
        if not isinstance(raw, dict):
            raise GlossaryError(path, f"{where} is not a mapping")
        where = f"concept '{raw.get('id', index)}'"
        for key in REQUIRED:
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise GlossaryError(path, f"{where}: '{key}' is missing or empty")
        unknown = set(raw) - KEYS
        if unknown:
            raise GlossaryError(path, f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if not ID_RE.match(raw["id"]):
            raise GlossaryError(path, f"{where}: id must be lowercase ASCII with hyphens")
        if raw["id"] in ids or raw["ko"] in names:
            raise GlossaryError(path, f"{where}: duplicate id or Korean term")
        if raw["group"] not in groups:
            raise GlossaryError(path, f"{where}: group {raw['group']!r} is not listed under 'groups'")
        for key in ("abbr", "synonyms", "avoid", "posts"):
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise GlossaryError(path, f"{where}: '{key}' must be a list of strings")
        ids.add(raw["id"])
        names.add(raw["ko"])
        concepts.append(Concept(**{k: raw[k] for k in raw}))
    return Glossary(path, groups, concepts)


def attach_posts(glossary: Glossary, posts: dict[str, dict]) -> None:
    """Check each concept's posts exist and add the posts tagged with the concept.

    `posts` maps slug -> {"title", "tags", "src_uri", "source"}. An unknown slug in the
    glossary or an unknown tag on a post fails the build.
    """
    by_ko = glossary.by_ko()
    for concept in glossary.concepts:
        for slug in concept.posts:
            if slug not in posts:
                raise GlossaryError(glossary.path, f"concept '{concept.id}' points to a missing post '{slug}'")
    for slug, post in posts.items():
        for tag in post["tags"]:
            if tag not in by_ko:
                raise GlossaryError(
                    post["source"], f"tag {tag!r} is not a glossary term: use a 'ko' headword of {glossary.path.name}"
                )
            concept = by_ko[tag]
            if slug not in concept.posts:
                concept.posts.append(slug)


def page_markdown(glossary: Glossary, posts: dict[str, dict], page_src_uri: str) -> str:
    """The 용어집 page body: one section per group, one anchored entry per concept."""
    depth = page_src_uri.count("/")
    prefix = "../" * depth
    groups = [g for g in glossary.groups if any(c.group == g for c in glossary.concepts)]
    # The page hides Material's table of contents (hundreds of entries slowed phones down):
    # the groups are linked here instead, and each group is a block the browser may skip
    # laying out while it is off screen (content-visibility, site.css).
    lines = ["분류: " + " · ".join(f"[{g}](#{_group_anchor(g)})" for g in groups), ""]
    for group in groups:
        members = [c for c in glossary.concepts if c.group == group]
        lines += ['<div class="md-glossary-group" markdown>', "", f"## {group} {{#{_group_anchor(group)}}}", ""]
        for c in members:
            lines += [f"### {c.ko} ({c.en}) {{#{c.id}}}", "", c.definition, ""]
            other = [*c.abbr, *c.synonyms]
            if other:
                lines += ["- 다른 이름: " + " · ".join(other)]
            if c.posts:
                links = [f"[{posts[s]['title']}]({prefix}{posts[s]['src_uri']})" for s in c.posts]
                lines += ["- 설명하는 글: " + " · ".join(links)]
            lines.append("")
        lines += ["</div>", ""]
    return "\n".join(lines)


def _group_anchor(group: str) -> str:
    return re.sub(r"\s+", "-", group.strip()).lower()


def abbreviations(glossary: Glossary) -> dict[str, str]:
    """Abbreviation -> tooltip text, for every page (the abbr extension's `glossary` option)."""
    found: dict[str, str] = {}
    for c in glossary.concepts:
        for abbr in c.abbr:
            if abbr not in found:
                definition = c.definition.split(". ")[0].rstrip(".")
                found[abbr] = f"{c.ko}({c.en}) — {definition}"
    return found


def abbreviations_markdown(glossary: Glossary) -> str:
    """The same as `*[AUROC]: ...` lines: the pre-build step's file, for other generators."""
    return "".join(f"*[{abbr}]: {title}\n" for abbr, title in abbreviations(glossary).items())


def related_terms_html(glossary: Glossary, tags: list[str], glossary_url: str) -> str:
    by_ko = glossary.by_ko()
    items = [
        f'<li><a href="{glossary_url}#{c.id}">{escape(c.ko)}</a> <span class="md-related-terms__en">{escape(c.en)}</span></li>'
        for c in (by_ko[t] for t in tags if t in by_ko)
    ]
    if not items:
        return ""
    return (
        '<nav class="md-related-terms" aria-labelledby="related-terms-heading" data-search-exclude>'
        '<h2 id="related-terms-heading" data-search-exclude>관련 용어</h2><ul>' + "".join(items) + "</ul></nav>"
    )


def _matcher(concept: Concept) -> re.Pattern:
    return _forms_matcher(tuple(concept.forms))


@cache  # compiled once per process: `mkdocs serve` rebuilds reuse them
def _forms_matcher(forms: tuple[str, ...]) -> re.Pattern:
    parts = []
    for form in forms:
        if re.fullmatch(r"[A-Za-z0-9 .'’\-+−/()]+", form):
            parts.append(r"(?<![A-Za-z0-9])" + re.escape(form) + r"(?![A-Za-z0-9])")  # whole English words
        else:
            parts.append(re.escape(form))
    return re.compile("|".join(parts), re.I)


# Ranking (measured by bench/search):
# - Each concept gets one index document of its own, a *card*, at glossary/?c=<id> (a page
#   location of its own, so Material shows it as one compact result, not as a section of the
#   용어집 page; search-fallback.js scrolls the 용어집 to #<id> on arrival). Its title holds
#   the Korean and English names, its text the one-line definition and links to the posts
#   that explain the concept, its `names` field every name of the concept, and its `posts`
#   the explaining posts, best first (explaining_posts).
# - When the whole query is one of a concept's names (with or without particles, spacing,
#   an English plural), search-fallback.js moves that card to the top and its `posts` right
#   after it. lunr alone cannot do this: Material turns every query word into a prefix query
#   (보정*), so 보정곡선 or 보정 기울기 would score as high as 보정 itself.
# - Otherwise lunr ranks. The posts that explain a concept (tiers 0-2 below) get its names in
#   an `explains` field, boosted as the title and below Material's tags: among posts they
#   lead for that concept's names, and posts that merely mention it (the `keywords` field)
#   follow. Cards weigh little there, so a topic query (두 AUROC 비교) finds posts first.
# - The 용어집 page's own per-concept sections are dropped: the card says the same.
CARD_BOOST = 1
# Material's own boosts: title 1e3, tags 1e6, text 1. Measured on the team and tuning parts
# of bench/search: explains at 1e5 and names at 1e3 let prefix matches (비교* -> 비교위험도,
# 병원* -> 병원 단위 교차검증) win topic queries; at 1e3/1e2 they help without taking over.
NAMES_BOOST = 1e2  # the card leads for a concept's exact name by search-fallback.js, not by lunr
EXPLAINS_BOOST = 1e3  # as the title
CARD_POSTS = 2  # explaining posts linked from a card
CARD_PROMOTES = 5  # explaining posts (tiers 0-3) put right after the card
CARD_TEXT = 300  # characters of card text at most (definition, then links)
LIST_VIEWS = re.compile(r"^(?:$|page/|category/|archive/|tags/)")


def explaining_posts(concept: Concept, pages: dict[str, dict], page_tags: dict[str, list[str]],
                     mentions: dict[str, int] | None = None) -> list[tuple[int, str]]:
    """(tier, location) of the posts that explain `concept`, best first.

    `pages` maps a page location to its page document (title); `mentions` counts how often
    each page names the concept. Tiers: 0 the title names the concept before any subtitle,
    1 the subtitle names it, 2 listed by hand under the concept's `posts` (not tagged with
    it) or tagged with it first, 3 tagged with it among other tags. Within a tier, a post
    with the concept's tag nearer the front of its tags, then one naming it more often, leads.
    """
    slug_to_page = {loc.rstrip("/").rsplit("/", 1)[-1]: loc for loc in pages if loc}
    mentions = mentions or {}
    rx = _matcher(concept)
    ranked = []
    for order, slug in enumerate(concept.posts):
        page = slug_to_page.get(slug)
        if page is None:
            continue
        tags = page_tags.get(page, [])
        title = pages[page].get("title", "")
        head = re.split(r":| — | - ", title)[0]  # the title before its subtitle
        if rx.search(head):
            tier = 0
        elif rx.search(title):
            tier = 1
        elif concept.ko not in tags or tags.index(concept.ko) == 0:
            tier = 2
        else:
            tier = 3
        position = tags.index(concept.ko) if concept.ko in tags else -1
        ranked.append(((tier, position, -mentions.get(page, 0), order), page))
    return [(key[0], page) for key, page in sorted(ranked)]


def card_text(concept: Concept, posts: list[str], pages: dict[str, dict]) -> str:
    """The definition's first sentence, then links to the explaining posts (root-relative
    hrefs: the search script makes them absolute when it shows the card)."""
    sentence = concept.definition.split(". ")[0].rstrip(".") + "."
    if len(sentence) > 160:
        sentence = sentence[:159].rsplit(" ", 1)[0] + "…"
    text = f"<p>{escape(sentence)}</p>"
    links = []
    for page in posts[:CARD_POSTS]:
        link = f'<a href="{page}">{escape(pages[page].get("title", page))}</a>'
        if len(text) + len(" · ".join([*links, link])) + 20 > CARD_TEXT and links:
            break
        links.append(link)
    if links:
        text += "<p>설명하는 글: " + " · ".join(links) + "</p>"
    return text


def enrich_search_index(index: dict, glossary: Glossary, page_tags: dict[str, list[str]],
                        glossary_page: str = "glossary/", mention_cache: dict | None = None) -> dict:
    """Make the index answer concept questions.

    - A page that mentions a concept (or is tagged with it) gets a `keywords` field on its
      own entry with every other name of that concept: TPR finds a post that says 민감도.
    - Each concept gets a card (see above) and its explaining posts an `explains` field.
    - List views (home, categories, archive, tags) repeat post excerpts; they are dropped so
      results point at the posts themselves.

    `mention_cache` (optional, updated in place) keeps each page's concept counts under a
    hash of the page's text and every concept's names: a rebuild matches only changed pages.
    """
    # Each concept's matcher runs once per page, on the page's sections joined by a NUL (no
    # form contains one, so no match spans two sections), and only when one of its forms
    # occurs in the page at all: the same hits as matching section by section, in a
    # fraction of the time (measured: 14 s → under 1 s for 75 pages and 193 concepts).
    matchers = [(c, _matcher(c), [form.lower() for form in c.forms]) for c in glossary.concepts]
    by_ko = glossary.by_ko()
    by_id = {c.id: c for c in glossary.concepts}
    docs, found_on_page, page_doc, mentions, page_text = [], {}, {}, {}, {}
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        if LIST_VIEWS.match(page):
            continue
        if page == glossary_page and anchor in by_id:
            continue  # replaced by the concept's card
        page_text.setdefault(page, []).append(doc.get("title", "") + " " + re.sub(r"<[^>]+>", " ", doc.get("text", "")))
        found_on_page.setdefault(page, {})
        if not anchor:
            page_doc[page] = doc
        docs.append(doc)
    names = hashlib.sha256(repr([(c.id, c.forms) for c in glossary.concepts]).encode("utf-8")).hexdigest()
    for page, sections in page_text.items():
        haystack = "\0".join(sections)
        key = counted = None
        if mention_cache is not None:  # not `if mention_cache`: an empty cache must record its first page too
            key = hashlib.sha256(f"{names}\0{haystack}".encode("utf-8")).hexdigest()[:40]
            counted = mention_cache.get(key)
        if counted is None:
            lowered = haystack.lower()
            counted = {}
            for c, rx, forms in matchers:
                if any(form in lowered for form in forms) and (hits := len(rx.findall(haystack))):
                    counted[c.id] = hits
            if key is not None:
                mention_cache[key] = counted
        found = found_on_page[page]
        for concept_id, hits in counted.items():
            found.setdefault(concept_id, by_id[concept_id])
            counts = mentions.setdefault(concept_id, {})
            counts[page] = counts.get(page, 0) + hits
        if page in page_doc:
            for tag in page_tags.get(page, []):  # the page's tags count as mentions
                if tag in by_ko:
                    found.setdefault(by_ko[tag].id, by_ko[tag])
    # One keywords field per page (on its own entry), not per section: the page is what a
    # result leads to, and repeating the same names on every section doubled the index.
    for page, found in found_on_page.items():
        if page in page_doc and found and page != glossary_page:
            words: dict[str, None] = {}
            for c in found.values():
                for form in c.forms:
                    words.setdefault(form, None)
            page_doc[page]["keywords"] = " ".join(words)
    explains: dict[str, dict[str, None]] = {}
    cards = []
    for c in glossary.concepts:
        ranked = explaining_posts(c, page_doc, page_tags, mentions.get(c.id))
        posts = [page for _, page in ranked][:CARD_PROMOTES]
        for page in (page for tier, page in ranked if tier <= 2):
            words = explains.setdefault(page, {})
            for form in c.forms:
                words.setdefault(form, None)
        title = f"{c.ko} · {c.en}" + (f" ({', '.join(c.abbr)})" if c.abbr else "")
        cards.append({"location": f"{glossary_page}?c={c.id}", "title": title,
                      "text": card_text(c, posts, page_doc), "names": c.forms,
                      "posts": posts, "boost": CARD_BOOST})
    for page, words in explains.items():
        page_doc[page]["explains"] = " ".join(words)
    index["docs"] = docs + cards
    return index
