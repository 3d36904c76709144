"""Korean concept search: glossary validation, index enrichment, the separator, and
Material's search box driven in a real browser."""

from __future__ import annotations

import contextlib

import json
import re
import shutil

import pytest

from browser import search, serve
from conftest import FIXTURES, ROOT, build, fixture_posts, make_project
from medblog import glossary, search as search_mod

BAD_GLOSSARIES = FIXTURES / "glossary"


def tokens(text: str, separator: str) -> list[str]:
    """Material's split (internal/_/index.ts) in Python: JavaScript's \\b is ASCII-only, and
    lunr lowercases each token after the split. The same runs on page text and query words."""
    rx = re.compile(separator, re.ASCII)
    out, index, pos = [], 0, 0
    while True:
        match = rx.search(text, pos)
        until = match.start() if match else len(text)
        if index < until:
            out.append(text[index:until].lower())
        if not match:
            return out
        index = match.end()
        pos = match.end() if match.end() > match.start() else match.start() + 1


SEPARATORS = [search_mod.SEPARATOR, search_mod.FALLBACK_SEPARATOR]
STEMS = {"latin": ("AUROC", "auroc"), "digit": ("HD95", "hd95"), "hangul": ("민감도", "민감도")}


@pytest.mark.parametrize("separator", SEPARATORS, ids=["lookbehind", "fallback"])
@pytest.mark.parametrize("stem", sorted(STEMS))
@pytest.mark.parametrize("particle", search_mod.PARTICLES)
def test_separator_drops_every_particle_after_every_kind_of_stem(separator, stem, particle):
    word, token = STEMS[stem]
    assert tokens(word + particle, separator) == [token]
    assert tokens(f"{word}{particle} 높다", separator) == [token, "높다"]
    assert tokens(f"({word}){particle},", separator) == [token]


@pytest.mark.parametrize("separator", SEPARATORS, ids=["lookbehind", "fallback"])
@pytest.mark.parametrize(
    "text, expected",
    [
        ("AUROC는", ["auroc"]),
        ("Dice계수", ["dice", "계수"]),
        ("HD95를", ["hd95"]),
        ("NNT는", ["nnt"]),
        ("PPV가", ["ppv"]),
        ("DCA에서", ["dca"]),
        ("양성LR", ["양성", "lr"]),
        ("Dice계수는", ["dice", "계수"]),
        ("ROC곡선아래면적", ["roc", "곡선아래면적"]),
        ("CT이미지", ["ct", "이미지"]),
        ("F1점수", ["f1", "점수"]),
        ("k겹 교차검증", ["k", "겹", "교차검증"]),
        ("NRI와 IDI", ["nri", "idi"]),
    ],
)
def test_separator_splits_latin_and_digits_from_hangul(separator, text, expected):
    assert tokens(text, separator) == expected


def test_separators_compile_and_split_alike_in_javascript():
    """The same cases through Material's split in node (the engine that runs them)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not installed")
    cases = ["AUROC는 높다", "Dice계수", "HD95를", "민감도(sensitivity)는", "양성LR", "보정이란", "NRI와 IDI"]
    script = """
        const [separators, cases] = JSON.parse(process.argv[1]);
        function split(input, separator) {
            separator = new RegExp(separator, "g"); const out = []; let match, index = 0;
            do {
                match = separator.exec(input);
                const until = match ? match.index : input.length;
                if (index < until) out.push(input.slice(index, until).toLowerCase());
                if (match) { index = match.index + match[0].length; if (match[0].length === 0) separator.lastIndex = match.index + 1; }
            } while (match);
            return out;
        }
        console.log(JSON.stringify(separators.map(s => cases.map(c => split(c, new RegExp(s))))));
    """
    import subprocess

    out = subprocess.run([node, "-e", script, json.dumps([SEPARATORS, cases])], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [[tokens(c, s) for c in cases] for s in SEPARATORS]


@pytest.mark.parametrize("separator", [search_mod.SEPARATOR, search_mod.FALLBACK_SEPARATOR])
def test_separator_strips_particles_and_brackets(separator):
    assert tokens("민감도(sensitivity)는 특이도가 높다", separator) == ["민감도", "sensitivity", "특이도", "높다"]
    assert tokens("보정이란 무엇인가", separator)[0] == "보정"
    assert tokens("양성예측도의 값", separator)[0] == "양성예측도"


def test_separator_keeps_words_that_only_look_like_particles():
    # 도 ends 민감도/특이도 and is not a particle; two syllables must precede a particle
    assert tokens("민감도 특이도", search_mod.SEPARATOR) == ["민감도", "특이도"]
    assert tokens("결과 이가", search_mod.SEPARATOR) == ["결과", "이가"]
    assert "(?<" not in search_mod.FALLBACK_SEPARATOR


def test_enrichment_adds_every_name_of_a_mentioned_concept():
    data = glossary.load(ROOT / "data" / "glossary.yml")
    index = {"config": {}, "docs": [
        {"location": "a/", "title": "재현율 이야기", "text": "<p>재현율만 씁니다.</p>"},
        {"location": "b/#x", "title": "무관", "text": "<p>날씨</p>"},
        {"location": "c/", "title": "태그만", "text": ""},
    ]}
    out = glossary.enrich_search_index(index, data, {"c/": ["보정"]})
    keywords = out["docs"][0]["keywords"].split(" ")
    assert {"민감도", "sensitivity", "TPR", "recall"} <= set(keywords)
    assert "keywords" not in out["docs"][1]
    assert "교정" in out["docs"][2]["keywords"]


def test_mention_cache_starts_empty_keeps_every_page_and_gives_the_same_index(tmp_path):
    data = glossary.load(ROOT / "data" / "glossary.yml")
    docs = [{"location": "a/", "title": "재현율 이야기", "text": "<p>재현율만 씁니다.</p>"},
            {"location": "b/", "title": "보정", "text": "<p>보정곡선과 AUROC</p>"}]
    cache_file = tmp_path / "mentions.json"
    results = []
    for _ in range(2):
        cache = search_mod._MentionCache(cache_file)
        results.append(glossary.enrich_search_index({"config": {}, "docs": [dict(d) for d in docs]}, data, {},
                                                    mention_cache=cache))
        cache.save()
        assert len(json.loads(cache_file.read_text(encoding="utf-8"))) == len(docs)  # one entry per page, from the first build
    uncached = glossary.enrich_search_index({"config": {}, "docs": [dict(d) for d in docs]}, data, {})
    assert results[0] == results[1] == uncached


def test_english_forms_match_whole_words_only():
    data = glossary.load(ROOT / "data" / "glossary.yml")
    index = {"config": {}, "docs": [{"location": "a/", "title": "t", "text": "precisionist recalled"}]}
    assert "keywords" not in glossary.enrich_search_index(index, data, {})["docs"][0]


@pytest.mark.parametrize(
    "name, problem",
    [
        ("missing-post.yml", "points to a missing post 'no-such-post'"),
        ("duplicate-id.yml", "duplicate id or Korean term"),
        ("unknown-group.yml", "is not listed under 'groups'"),
        ("missing-definition.yml", "'definition' is missing"),
    ],
)
def test_bad_glossary_fails_the_build(tmp_path, name, problem):
    project = make_project(tmp_path / "project", fixture_posts())
    shutil.copy(BAD_GLOSSARIES / name, project / "data" / "glossary.yml")
    built = build(project)
    assert built.returncode != 0
    assert "glossary.yml" in built.output and problem in built.output, built.output[-1500:]


def test_post_tag_outside_the_glossary_fails_the_build(tmp_path):
    project = make_project(tmp_path / "project", fixture_posts())
    post = project / "posts" / "fixture-pinned.md"
    post.write_text(post.read_text(encoding="utf-8").replace("tags: [외부검증]", "tags: [외부검증, 없는용어]"), encoding="utf-8")
    built = build(project)
    assert built.returncode != 0
    assert "fixture-pinned.md" in built.output and "'없는용어' is not a glossary term" in built.output


def test_index_has_keywords_field_and_fallback_copy(fixture_site):
    index = json.loads(fixture_site.text("search/search_index.json"))
    assert index["config"]["separator"] == search_mod.SEPARATOR
    assert index["config"]["fields"]["keywords"]["boost"] == search_mod.KEYWORDS_BOOST
    post = next(d for d in index["docs"] if d["location"] == "2026/10/fixture-markdown/")
    assert "TPR" in post["keywords"].split(" ")
    card = next(d for d in index["docs"] if d["location"] == "glossary/?c=sensitivity")
    assert {"재현율", "TPR", "sensitivity"} <= set(card["names"]) and card["boost"] == glossary.CARD_BOOST
    assert card["title"].startswith("민감도 · sensitivity") and "2026/10/fixture-markdown/" in card["posts"]
    assert 'href="2026/10/fixture-markdown/"' in card["text"]
    assert not any(d["location"] == "glossary/#sensitivity" for d in index["docs"])  # the card replaces it
    assert "민감도" in post["explains"].split(" ")
    # list views repeat excerpts and are left out; so are generated blocks
    assert not any(d["location"] in ("", "tags/") or d["location"].startswith(("category/", "archive/")) for d in index["docs"])
    assert not any("related-terms" in d["location"] or "feedback" in d["location"] for d in index["docs"])
    # search is for concepts: notebook code and printed outputs are not indexed
    notebook_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("2026/10/fixture-notebook/"))
    assert "정의와 수식" in " ".join(d["title"] for d in index["docs"])
    assert "font_manager" not in notebook_text and "실행 횟수 표시" not in notebook_text and "실행 준비 코드" not in notebook_text
    fallback = json.loads(fixture_site.text("search/search_index.fallback.json"))
    assert fallback["config"]["separator"] == search_mod.FALLBACK_SEPARATOR
    assert fallback["docs"] == index["docs"]


def _rank(items, path):
    return next((i + 1 for i, item in enumerate(items) if any(loc.startswith(path) for loc in item)), None)


# A browser without lookbehind support: compiling such a RegExp throws.
NO_LOOKBEHIND = """
    const NativeRegExp = window.RegExp;
    window.RegExp = new Proxy(NativeRegExp, {
        construct(target, args) {
            if (String(args[0]).includes("(?<=") || String(args[0]).includes("(?<!")) throw new SyntaxError("lookbehind unsupported");
            return new target(...args);
        },
    });
"""


def test_search_without_lookbehind_support_falls_back(fixture_site, chromium):
    """A browser that cannot compile a lookbehind must still get working search."""
    with serve(fixture_site.site) as base, contextlib.nullcontext(chromium) as instance:
        page = instance.new_page()
        page.add_init_script(NO_LOOKBEHIND)
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base)
        assert page.evaluate("window.__medblogSearchFallback") is True
        items = search(page, "민감도는")
        assert _rank(items, "2026/10/fixture-markdown/") is not None
        assert any(url.endswith("search/search_index.fallback.json") for url in requested)
        assert not any(url.endswith("search/search_index.json") for url in requested)


@pytest.mark.parametrize(
    "query, target",
    [
        ("민감도는", "2026/10/fixture-markdown/"),  # particle
        ("TPR", "2026/10/fixture-markdown/"),  # abbreviation the post never writes
        ("재현율", "2026/10/fixture-markdown/"),  # synonym
        ("외부 검증", "2025/05/fixture-pinned/"),  # spacing variant of a tag
    ],
)
def test_search_box_finds_concepts(fixture_site, query, target, chromium):
    with serve(fixture_site.site) as base, contextlib.nullcontext(chromium) as instance:
        page = instance.new_page()
        page.goto(base)
        items = search(page, query)
        rank = _rank(items, target)
        assert rank is not None and rank <= 3, (query, items[:5])


def _card_location(href: str) -> str:
    """A result link as bench/search reads it: glossary/?c=<id> -> glossary/#<id>."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(href)
    concept = parse_qs(parts.query).get("c")
    return parts.path.lstrip("/") + (f"#{concept[0]}" if concept else "")


def _results(page) -> list[str]:
    return page.eval_on_selector_all(
        ".md-search-result__list > li.md-search-result__item > a.md-search-result__link",
        "els => els.map(a => a.href)",
    )


def _open(page, base):
    """Load a page and wait until it is idle: the search index must not have been asked for."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base)
    page.wait_for_load_state("networkidle")
    assert not any("search_index" in url for url in requested), requested
    return requested


@pytest.mark.parametrize(
    "query, concept, post",
    [
        ("민감도는", "sensitivity", "2026/10/fixture-markdown/"),  # Korean with a particle
        ("sensitivity", "sensitivity", "2026/10/fixture-markdown/"),  # English
        ("TPR이", "sensitivity", "2026/10/fixture-markdown/"),  # abbreviation with a particle
        ("재현율", "sensitivity", "2026/10/fixture-markdown/"),  # synonym
        ("외부 검증", "external-validation", "2025/05/fixture-pinned/"),  # spacing variant
        ("외부검증을", "external-validation", "2025/05/fixture-pinned/"),
    ],
)
def test_card_then_explaining_post_first(fixture_site, query, concept, post, chromium):
    with serve(fixture_site.site) as base, contextlib.nullcontext(chromium) as instance:
        page = instance.new_page()
        requested = _open(page, base)
        search(page, query)
        assert any(url.endswith("search/search_index.json") for url in requested)  # asked for on opening
        hrefs = _results(page)
        assert _card_location(hrefs[0]) == f"glossary/#{concept}", hrefs[:3]
        posts = [h for h in map(_card_location, hrefs) if not h.startswith("glossary/")]
        assert posts[0].startswith(post), hrefs[:3]
        # the card: names, definition and a link to the explaining post, in Material's own list
        card = page.locator(".md-search-result__item").first
        assert "설명하는 글" in card.inner_text()
        link = card.locator("p a").first.get_attribute("href")
        assert link == base + post, link


def test_card_leads_to_the_glossary_entry(fixture_site, chromium):
    with serve(fixture_site.site) as base, contextlib.nullcontext(chromium) as instance:
        page = instance.new_page()
        page.goto(base + "glossary/?c=sensitivity")
        page.wait_for_function("() => location.hash === '#sensitivity'")


def test_fallback_index_shows_the_card_too(fixture_site, chromium):
    with serve(fixture_site.site) as base, contextlib.nullcontext(chromium) as instance:
        page = instance.new_page()
        page.add_init_script(NO_LOOKBEHIND)
        requested = _open(page, base)
        search(page, "TPR는")
        assert any(url.endswith("search/search_index.fallback.json") for url in requested)
        hrefs = _results(page)
        assert _card_location(hrefs[0]) == "glossary/#sensitivity", hrefs[:3]
        assert _card_location(hrefs[1]).startswith("2026/10/fixture-markdown/"), hrefs[:3]


SEARCH_JS = ROOT / "docs" / "assets" / "javascripts" / "search-fallback.js"


def test_search_script_knows_the_same_particles():
    listed = re.search(r'var PARTICLES = "([^"]+)"', SEARCH_JS.read_text(encoding="utf-8")).group(1).split(" ")
    assert listed == search_mod.PARTICLES


def _name_keys(text: str, separator: str, query: bool = False) -> set[str]:
    """search-fallback.js keys(): the tokens joined with and without spaces; for a query
    also without a particle the separator kept, and an English plural as singular."""
    toks = tokens(text, separator)
    variants = [toks]
    if query and toks:
        last, rest = toks[-1], toks[:-1]
        for particle in search_mod.PARTICLES:
            if last == particle and rest:
                variants.append(rest)
            elif len(last) > len(particle) and last.endswith(particle):
                variants.append([*rest, last[: -len(particle)]])
        if re.fullmatch(r"[a-z]{3,}s", last):
            variants.append([*rest, re.sub(r"(?:([^s])s|(ss)es)$", r"\1\2", last)])
    return {k for t in variants if t for k in (" ".join(t), "".join(t))}


def _with_particles(name: str) -> list[str]:
    """The name as a reader types it before a topic or object particle (은/는, 을/를)."""
    last = name[-1]
    if "가" <= last <= "힣":
        return [name + "은", name + "을"] if (ord(last) - 0xAC00) % 28 else [name + "는", name + "를"]
    return [name + "는", name + "를", name + "은", name + "을"]


NODE_MATCH = """
    const fs = require("fs");
    globalThis.window = globalThis;
    globalThis.document = {addEventListener() {}, getElementById() { return null; }};
    globalThis.XMLHttpRequest = function () {};
    XMLHttpRequest.prototype = {open() {}, send() {}};
    globalThis.location = {href: "http://127.0.0.1/", search: "", hash: ""};
    eval(fs.readFileSync(process.argv[1], "utf8"));
    const [index, queries] = JSON.parse(fs.readFileSync(0, "utf8"));
    window.__medblogSearch.setup(index);
    console.log(JSON.stringify(queries.map(q => window.__medblogSearch.match(q))));
"""


@pytest.mark.parametrize("separator", SEPARATORS, ids=["lookbehind", "fallback"])
def test_every_glossary_name_finds_its_card_in_the_search_script(separator):
    """The same check through search-fallback.js itself, in node: every name of every
    concept in data/glossary.yml, as typed and with a particle, puts its card first."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not installed")
    import subprocess

    data = glossary.load(ROOT / "data" / "glossary.yml")
    index = glossary.enrich_search_index({"config": {}, "docs": []}, data, {})
    index["config"]["separator"] = separator
    cases = [(c.id, typed) for c in data.concepts for name in [c.ko, c.en, *c.abbr, *c.synonyms]
             for typed in (name, *_with_particles(name))]
    out = subprocess.run([node, "-e", NODE_MATCH, str(SEARCH_JS)], input=json.dumps([index, [q for _, q in cases]]),
                         capture_output=True, text=True, check=True)
    missing = [(cid, q) for (cid, q), cards in zip(cases, json.loads(out.stdout))
               if f"glossary/?c={cid}" not in cards]
    assert missing == []


@pytest.mark.parametrize("separator", SEPARATORS, ids=["lookbehind", "fallback"])
def test_every_glossary_name_maps_to_its_concept(separator):
    """Every name of every concept in data/glossary.yml (ko, en, abbr, synonyms), as typed
    and with a particle after it, leads to that concept's card in the search index."""
    data = glossary.load(ROOT / "data" / "glossary.yml")
    index = glossary.enrich_search_index({"config": {}, "docs": []}, data, {})
    cards = {d["location"].split("?c=")[1]: d for d in index["docs"] if "?c=" in d["location"]}
    assert set(cards) == {c.id for c in data.concepts}
    lookup: dict[str, set[str]] = {}
    for concept_id, card in cards.items():
        for name in card["names"]:
            for key in _name_keys(name, separator):
                lookup.setdefault(key, set()).add(concept_id)
    missing = []
    for c in data.concepts:
        for name in [c.ko, c.en, *c.abbr, *c.synonyms]:
            for typed in (name, *_with_particles(name)):
                if not any(c.id in lookup.get(key, ()) for key in _name_keys(typed, separator, query=True)):
                    missing.append((c.id, typed))
    assert missing == []
