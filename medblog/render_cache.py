"""Skip the work of pages that did not change: the preview re-renders only what an edit touched.

A full MkDocs rebuild converts every page's Markdown (Pygments, md_in_html on the large
notebook bodies) and Material's search parses every page's HTML again; with ~40 posts
that is most of a rebuild. Both results depend only on inputs we can name, so they are
kept, keyed by a hash of those inputs, in memory (across `mkdocs serve` rebuilds, where
this module stays imported) and in `.cache/medblog/render/` (across builds):

- Markdown → HTML of a page (`Page.render`): the page's Markdown after every
  on_page_markdown hook, its URL, the executed notebook behind it, every file's URL in the
  site (links resolve against them), mkdocs.yml, the glossary abbreviations given to
  every page, and the versions of the rendering libraries. The entry holds the HTML, the
  table of contents, the title, the anchors the page has and links to, and the warnings
  the render logged: those are logged again on a hit, so `--strict` still fails on a
  broken link in a page that came from the cache, and the anchor check still runs.
- The search sections of a page (Material's `add_entry_from_context`): the page's final
  HTML, URL, table of contents and the front matter the index reads.

Pages are wrapped in `on_pre_page` (as mkdocs-jupyter wraps its own), the search index
in `on_pre_build`; if Material's search index no longer has the method, the build fails
naming it rather than silently indexing nothing. Every page is still run through all
later events and templates, so a build from the cache writes the same site as a cold one.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.medblog")

CACHE_FORMAT = "medblog-render-v1"
LIBRARIES = ("mkdocs", "mkdocs-material", "mkdocs-jupyter", "markdown", "pymdown-extensions", "pygments", "nbconvert")
_MEMORY: dict[str, bytes] = {}  # survives serve rebuilds: this module is imported once


def _digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()[:40]


class _Capture(logging.Handler):
    """Records what a render logs (link warnings), to log it again on a cache hit."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


class RenderCache:
    def __init__(self, root: Path, config_file: Path, extra_inputs: list[Path]):
        self.dir = Path(root) / ".cache" / "medblog" / "render"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.inputs = [Path(config_file), *map(Path, extra_inputs)]
        self.context = ""  # set with the files, once the pre-build step wrote its inputs
        self.files_key = ""
        self.rendered: list[str] = []  # src_uri of pages rendered in this build (not from the cache)
        self.reused: list[str] = []

    # --- storage -------------------------------------------------------------------------
    def _get(self, key: str):
        data = _MEMORY.get(key)
        path = self.dir / f"{key}.pickle"
        if data is None and path.is_file():
            data = path.read_bytes()
            _MEMORY[key] = data
        if data is not None and path.is_file():
            os.utime(path)  # in use: keep it past evict()
        return pickle.loads(data) if data is not None else None

    def _put(self, key: str, value) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _MEMORY[key] = data
        (self.dir / f"{key}.pickle").write_bytes(data)

    # --- inputs every page depends on ----------------------------------------------------
    def set_files(self, files) -> None:
        """Links resolve against every file's URL: a page added, removed or moved changes all keys.
        The other inputs every page shares (mkdocs.yml, the abbreviations given to every
        page, the rendering libraries) are read here, after the pre-build step wrote them."""
        self.files_key = _digest(*sorted(f"{f.src_uri}\t{f.url}" for f in files))
        versions = [f"{name}={_version(name)}" for name in LIBRARIES]
        inputs = [p.read_bytes() if p.is_file() else b"" for p in self.inputs]
        self.context = _digest(CACHE_FORMAT, *versions, *inputs)

    # --- Markdown -> HTML ----------------------------------------------------------------
    def wrap_render(self, page) -> None:
        original = page.render
        cache = self

        def render(config, files):
            source = Path(page.file.abs_src_path or "")
            behind = source.read_bytes() if source.suffix == ".ipynb" and source.is_file() else b""
            key = _digest(cache.context, cache.files_key, type(page).__name__, page.file.src_uri,
                          page.url, page.markdown or "", behind)
            hit = cache._get(key)
            if hit is not None:
                cache._apply(hit, page, files)
                cache.reused.append(page.file.src_uri)
                return
            capture = _Capture()
            mkdocs_log = logging.getLogger("mkdocs")
            mkdocs_log.addHandler(capture)
            try:
                original(config, files)
            finally:
                mkdocs_log.removeHandler(capture)
            cache.rendered.append(page.file.src_uri)
            cache._put(key, {
                "content": page.content,
                "toc": page.toc,
                "title_from_render": getattr(page, "_title_from_render", None),
                "title": page.title,
                "present_anchor_ids": page.present_anchor_ids,
                "links_to_anchors": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
                "log": [r for r in capture.records if r[1] >= logging.INFO],
            })

        page.render = render

    @staticmethod
    def _apply(hit: dict, page, files) -> None:
        page.content = hit["content"]
        page.toc = copy.deepcopy(hit["toc"])  # templates mark the active entry: keep the cache clean
        page._title_from_render = hit["title_from_render"]
        if hit["title"] != page.title:
            page.title = hit["title"]
        page.present_anchor_ids = set(hit["present_anchor_ids"] or ())
        page.links_to_anchors = {files.get_file_from_path(uri): links
                                 for uri, links in hit["links_to_anchors"].items() if files.get_file_from_path(uri)}
        for name, level, message in hit["log"]:
            logging.getLogger(name).log(level, message)

    # --- search sections -----------------------------------------------------------------
    def wrap_search(self, config) -> None:
        plugin = config.plugins.get("material/search")
        if plugin is None:
            return
        index = getattr(plugin, "search_index", None)
        if index is None or not callable(getattr(index, "add_entry_from_context", None)) or not isinstance(getattr(index, "entries", None), list):
            raise PluginError("medblog.render_cache: Material's search index no longer has "
                              "'add_entry_from_context' and an 'entries' list; update medblog/render_cache.py")
        original = index.add_entry_from_context
        cache = self

        def add_entry_from_context(page):
            meta = {k: page.meta.get(k) for k in ("search", "tags", "title")} | {"page title": page.title}
            key = _digest(cache.context, "search", page.url, page.content or "", json.dumps(meta, default=str, sort_keys=True),
                          pickle.dumps([(item.title, item.url) for item in _walk(page.toc)]))
            hit = cache._get(key)
            if hit is not None:
                index.entries.extend(copy.deepcopy(hit))
                return
            before = len(index.entries)
            original(page)
            cache._put(key, index.entries[before:])

        index.add_entry_from_context = add_entry_from_context

    def report(self) -> None:
        log.info("medblog: rendered %d page(s), %d from the render cache", len(self.rendered), len(self.reused))

    def evict(self, keep_days: float = 14) -> None:
        """Drop cache files unused for two weeks (a full build touches every file it uses)."""
        import time

        limit = time.time() - keep_days * 86400
        for path in self.dir.glob("*.pickle"):
            if path.stat().st_mtime < limit:
                path.unlink()


def _walk(toc):
    for item in toc or []:
        yield item
        yield from _walk(item.children)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"
