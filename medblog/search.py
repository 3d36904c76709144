"""Search tuned for Korean, on top of Material's own search (lunr in the reader's browser).

1. A separator that also splits on punctuation and brackets and on Latin/digit <-> Hangul
   boundaries (Dice계수 → dice 계수), and drops a word-final particle (민감도는 → 민감도)
   once two syllables or a Latin/digit word precede it (AUROC는 → auroc), so 도 of
   민감도/특이도 survives. Material applies it to the page text and to every query word alike.
2. A `keywords` field on each indexed section: all names of every glossary concept the
   section mentions (TPR, recall, 재현율 … on a section about 민감도).
3. Browsers that cannot compile a lookbehind load a copy of the index whose separator
   has none, instead of a search that never starts.
4. A card per glossary concept and an `explains` field on the posts that explain it
   (medblog/glossary.py); docs/assets/javascripts/search-fallback.js puts the card, then those
   posts, first when the query names the concept, and fetches the index only when the
   reader first opens search.
"""

from __future__ import annotations

import json
from pathlib import Path

from medblog import glossary as glossary_mod

PUNCTUATION = r"""[\s\-.,;:!?·…()\[\]{}<>"“”‘’'`/|=+*^~%&#@−–—]"""
PARTICLES = sorted(
    "은 는 이 가 을 를 의 에 와 과 로 란 으로 에서 에게 에는 이란 이나 이며 이고 로는 와는 과는 에서는 으로는".split(),
    key=len, reverse=True,
)
_PARTICLE = "(?:" + "|".join(PARTICLES) + ")(?=" + PUNCTUATION + "|$)"
LATIN = "A-Za-z0-9"  # Material splits the page text and the query before lunr lowercases them
# A particle goes after two syllables (민감도는), right after a bracket (민감도(sensitivity)는)
# or after a Latin/digit word (AUROC는, HD95를); otherwise a Latin/digit <-> Hangul boundary
# splits the word (Dice계수 -> dice 계수, 양성LR -> 양성 lr). The particle alternatives come
# first: at the same position the longer (particle) match wins over the empty boundary.
SEPARATOR = (
    PUNCTUATION + "+|(?<=[가-힣]{2})" + _PARTICLE + "|(?<=[)\\]])" + _PARTICLE
    + "|(?<=[" + LATIN + "])" + _PARTICLE
    + "|(?<=[" + LATIN + "])(?=[가-힣])|(?<=[가-힣])(?=[" + LATIN + "])"
)
# No lookbehind: a particle is stripped after any syllable; the script boundary is JavaScript's
# ASCII-only \b (a Latin/digit character next to anything else), so it needs no lookbehind.
FALLBACK_SEPARATOR = PUNCTUATION + "+|" + _PARTICLE + "|\\b(?=[가-힣" + LATIN + "])"
KEYWORDS_BOOST = 10.0
FALLBACK_INDEX = "search_index.fallback.json"
# The extra index fields and their weights (mkdocs.yml names this object: plugins.search.fields)
FIELDS = {
    "keywords": {"boost": KEYWORDS_BOOST},
    "explains": {"boost": glossary_mod.EXPLAINS_BOOST},
    "names": {"boost": glossary_mod.NAMES_BOOST},
}
MATERIAL_DEFAULT_SEPARATOR = r"[\s\-]+"

STATE = {"stock": False}


def configure(config, stock: bool = False) -> None:
    """mkdocs.yml sets the separator and fields (plugins.search, by !!python/name: to the
    objects above); the build fails if they drift apart. `stock` (the stock-search benchmark)
    puts Material's defaults back and leaves out the site's search script."""
    STATE["stock"] = stock
    plugin = config.plugins.get("material/search")
    if plugin is None:
        return
    if stock:
        config.extra.setdefault("medblog", {})["search_script"] = False
        plugin.config.separator = MATERIAL_DEFAULT_SEPARATOR
        plugin.config.fields = {}
        return
    if plugin.config.separator != SEPARATOR or any(plugin.config.fields.get(k) != v for k, v in FIELDS.items()):
        from mkdocs.exceptions import PluginError

        raise PluginError("mkdocs.yml: plugins.search must set 'separator: !!python/name:medblog.search.SEPARATOR' "
                          "and 'fields: !!python/name:medblog.search.FIELDS'")


# In <head>, before Material's bundle: the fallback index, the index fetched when search is
# first opened, and the concept card first (docs/assets/javascripts/search-fallback.js).
# overrides/main.html loads it when `extra.medblog.search_script` is on in mkdocs.yml (the
# stock-search benchmark turns it off).


class _MentionCache(dict):
    """Concept counts per page text (glossary.enrich_search_index), remembering which keys
    this build asked for, so the saved file holds only the pages the site has now."""

    def __init__(self, path: Path):
        try:
            super().__init__(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            super().__init__()
        self.path = path
        self.used: set[str] = set()

    def get(self, key, default=None):
        self.used.add(key)
        return super().get(key, default)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept = {key: self[key] for key in sorted(self.used) if key in self}
        self.path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")


def enrich(site_dir: Path, glossary: glossary_mod.Glossary, page_tags: dict[str, list[str]],
           cache_file: Path | None = None) -> None:
    path = site_dir / "search" / "search_index.json"
    if STATE["stock"] or not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    cache = _MentionCache(cache_file) if cache_file else None
    index = glossary_mod.enrich_search_index(index, glossary, page_tags, mention_cache=cache)
    if cache is not None:
        cache.save()
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    index["config"]["separator"] = FALLBACK_SEPARATOR
    (path.parent / FALLBACK_INDEX).write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
