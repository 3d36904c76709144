"""MkDocs hooks: turn posts/*.md and notebooks/*.ipynb into Material blog posts.

Material's blog only sees posts inside docs_dir and reads a post's front matter
from the raw file, so a notebook cannot be a post as is. The hooks, in event order:

1. on_files (+50): validate every post; add Markdown posts and the images next to
   posts as virtual files `posts/<name>` whose source stays in the author's folder.
2. on_files (-40, after mkdocs-jupyter, before the blog plugin at -50): add each
   notebook as `posts/<name>.ipynb`, pointing at a Markdown stub (its front matter and
   first cell) for the blog to read.
3. on_files (-60, after the blog): point notebooks back at the .ipynb, so that
   mkdocs-jupyter executes and renders the real notebook; check glossary links.
Later hooks clean the notebook HTML, add notebook links, related terms and the feedback
block, KaTeX, Material markup repairs, and the search index enrichment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # make `medblog` importable

from medblog import AuthorError, add_to_head, calculators, frontmatter, glossary, material_fixes, prebuild, project_root, root_relative, search, terms  # noqa: E402
from medblog.corrections import corrections_html  # noqa: E402
from medblog.execute import Executor  # noqa: E402
from medblog.math import MathRenderer  # noqa: E402
from medblog.render_cache import RenderCache  # noqa: E402
from medblog.feedback import feedback_html  # noqa: E402
from medblog.notebook_html import check_notebook_html, clean_notebook_markdown, excerpt_markdown, extract_images, notebook_readtime  # noqa: E402
from medblog.siteurl import derive_site_url, notebook_links  # noqa: E402

STATE: dict = {}


class NotebookPostFile(File):
    """A notebook that MkDocs treats as a page (posts/<name>.ipynb -> posts/<name>/)."""

    def is_documentation_page(self) -> bool:
        return True


MEDIA = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".csv", ".pdf"}


def on_startup(command, dirty):
    STATE["command"] = command


@event_priority(100)  # before the rss plugin reads site_url
def on_config(config):
    root = project_root(config)
    config.site_url = derive_site_url(config.repo_url, os.environ.get("SITE_URL"))
    for folder in ("posts", "notebooks", "data"):
        path = root / folder
        if path.is_dir() and str(path) not in config.watch:
            config.watch.append(str(path))  # `mkdocs serve` reloads on edits there

    # The glossary feeds the 용어집 page, tooltips, related terms and search keywords.
    try:
        STATE["glossary"] = glossary.load(root / "data" / "glossary.yml")
    except glossary.GlossaryError as exc:
        raise PluginError(str(exc)) from None
    # Every abbreviation of the glossary gets its tooltip on every page. Given to the abbr
    # extension as its glossary, not appended to each page as `*[…]:` lines: Python-Markdown
    # parses such a list quadratically (27 ms per post excerpt instead of 1 ms).
    if "abbr" not in config.markdown_extensions:
        raise PluginError("mkdocs.yml: markdown_extensions must include 'abbr' (the glossary's abbreviation tooltips)")
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.abbreviations(STATE["glossary"])
    STATE["math"] = MathRenderer(root, Path(config.docs_dir) / "assets" / "vendor" / "katex" / "katex.min.js")
    # Unchanged pages come from the render cache (medblog/render_cache.py)
    STATE["render_cache"] = RenderCache(root, Path(config.config_file_path), [root / prebuild.ABBREVIATIONS])
    search.configure(config, stock=os.environ.get("MEDBLOG_STOCK_SEARCH") == "1")
    calculators.configure(config)  # the ```calculator fence (issue 18)

    blog = config.plugins.get("material/blog")
    if blog is None:
        raise PluginError("medblog hooks need Material's blog plugin")
    # Korean category names, ASCII URLs (/category/metrics/): set in mkdocs.yml, checked here
    if list(blog.config.categories_allowed) != frontmatter.CATEGORY_NAMES or blog.config.categories_slugify is not frontmatter.category_slug:
        raise PluginError("mkdocs.yml: the blog plugin must set 'categories_allowed: !!python/name:medblog.frontmatter.CATEGORY_NAMES' "
                          "and 'categories_slugify: !!python/name:medblog.frontmatter.category_slug'")
    return config


CELL_TIMEOUT = 300  # seconds a notebook cell may run at build time, unless mkdocs.yml says otherwise


@event_priority(50)
def _add_posts(files: Files, config):
    root = project_root(config)
    try:
        posts = frontmatter.discover(root / "posts", root / "notebooks")
    except frontmatter.FrontMatterError as exc:
        raise PluginError(f"Invalid post {exc}") from None
    try:
        terms.check(STATE["glossary"], [post.path for post in posts])
    except terms.AvoidedTermError as exc:
        raise PluginError(str(exc)) from None
    skip_drafts = STATE.get("command") != "serve"  # drafts are previewed, never built
    STATE["posts"] = {}
    for post in posts:
        if post.draft and skip_drafts:
            continue
        uri = f"posts/{post.path.name}"
        if files.get_file_from_path(uri):
            raise PluginError(f"{post.path}: collides with docs/{uri}; keep posts out of docs/posts")
        STATE["posts"][uri] = post
        if post.kind == "markdown":
            file = File(uri, str(post.path.parent), config.site_dir, config.use_directory_urls)
            file.abs_src_path = str(post.path)
            files.append(file)
    # Images and data next to posts and notebooks travel with them.
    for folder in ("posts", "notebooks"):
        for media in sorted((root / folder).glob("**/*")):
            if media.is_file() and media.suffix.lower() in MEDIA and ".ipynb_checkpoints" not in media.parts:
                rel = media.relative_to(root / folder).as_posix()
                file = File(f"posts/{rel}", str(root / folder), config.site_dir, config.use_directory_urls)
                file.abs_src_path = str(media)
                files.append(file)
    # The pre-build step: abbreviations, the glossary page, notebook stubs, executed notebooks
    settings = config.extra.get("medblog", {})
    executor = Executor(root, int(settings.get("cell_timeout", CELL_TIMEOUT)),
                        workers=int(settings.get("execution_workers", 0)) or None)
    try:
        STATE["generated"] = prebuild.generate(root, STATE["glossary"], STATE["posts"], executor)
    except AuthorError as exc:
        raise PluginError(str(exc)) from None
    if STATE.get("command") != "serve":
        executor.evict([post.path for post in STATE["posts"].values() if post.kind == "notebook"])
    STATE["executions"] = executor.executions
    return files


@event_priority(-40)
def _stub_notebooks(files: Files, config):
    STATE["notebook_src"] = {}
    for uri, post in STATE["posts"].items():
        if post.kind != "notebook":
            continue
        # Added after mkdocs-jupyter's own on_files: its NotebookFile wrapper cannot
        # be copied, and the blog copies post files for excerpts.
        file = NotebookPostFile(uri, str(post.path.parent), config.site_dir, config.use_directory_urls)
        files.append(file)
        STATE["notebook_src"][uri] = str(post.path)
        file.abs_src_path = str(STATE["generated"].stubs[uri])  # front matter + first cell
    return files


@event_priority(-60)
def _restore_notebooks(files: Files, config):
    # mkdocs-jupyter renders the executed copy (execute: false in mkdocs.yml)
    results = STATE["generated"].executed
    for uri, src in STATE["notebook_src"].items():
        files.get_file_from_path(uri).abs_src_path = str(results[Path(src)].executed)
    posts = STATE["generated"].post_index
    STATE["post_index"] = posts
    STATE["render_cache"].set_files(files)
    blog = config.plugins["material/blog"]
    for post in blog.blog.posts:
        source = STATE["posts"].get(post.file.src_uri)
        if source and "updated" in source.meta:
            updated = source.meta["updated"]
            post.config.date["updated"] = dt.datetime.combine(updated, dt.time(), dt.timezone.utc)
        if source and source.kind == "notebook" and not post.config.readtime:
            # Reading time of the article a reader reads: its prose and figures, not the
            # code (Material would count every token of every code cell and output)
            post.config.readtime = notebook_readtime(results[source.path].executed, blog.config.post_readtime_words_per_minute)
    return files


@event_priority(-100)  # after mkdocs-jupyter wrapped the render of notebook pages
def on_pre_page(page, config, files):
    STATE["render_cache"].wrap_render(page)
    return page


def on_pre_build(config):
    STATE["render_cache"].wrap_search(config)


def on_env(env, config, files):
    # MkDocs makes a new Jinja environment on every build, which compiles Material's ~70
    # templates again (0.6 s per preview rebuild): keep the compiled code, keyed by Jinja
    # on each template's name and source, in .cache/medblog/jinja/.
    from jinja2 import FileSystemBytecodeCache

    folder = project_root(config) / ".cache" / "medblog" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


def _post_source(page):
    return STATE.get("posts", {}).get(page.file.src_uri)


GLOSSARY_MARKER = "<!-- glossary -->"


@event_priority(90)  # after mkdocs-jupyter (100) put the notebook in page.markdown
def on_page_markdown(markdown, page, config, files):
    if GLOSSARY_MARKER in markdown:
        body = STATE["generated"].glossary_page.read_text(encoding="utf-8")  # written by the pre-build step
        return markdown.replace(GLOSSARY_MARKER, body)
    post = _post_source(page)
    if post is not None:
        # The RSS feed of updates falls back to the file's mtime: a post never corrected
        # is dated by its publication instead.
        page.meta.setdefault("updated", post.meta.get("updated", post.meta["date"]))
    if post is None or post.kind != "notebook":
        return markdown
    try:
        return clean_notebook_markdown(markdown)
    except ValueError as exc:
        raise PluginError(f"{post.path}: {exc}") from None


# One switch for all code of a notebook post; the reader's choice is remembered (notebook.js).
CODE_TOGGLE = (
    '<p class="md-notebook-toggle" data-search-exclude>'
    '<button type="button" class="md-button" data-notebook-code-toggle aria-pressed="false">코드 모두 펼치기</button></p>'
    '<script src="{base}assets/javascripts/notebook.js" defer></script>'
)
ABBR = re.compile(r"<abbr title=\"[^\"]*\">([^<]*)</abbr>")
ENTRY_PERMALINK = re.compile(r'(<h3 id="[^"]*">(?:(?!</h3>).)*?)<a class="headerlink" href="#[^"]*" title="[^"]*">&para;</a>', re.S)


@event_priority(20)  # before presence.py's citation block (10): 고친 내용 follows the article
def _corrections(html, page, config, files):
    post = _post_source(page)
    return html + corrections_html(post.meta) if post is not None else html


def _post_content(html, page, config, files):
    if page.file.src_uri == "glossary.md":
        # every entry spells out its abbreviations, and each entry has its own id: the
        # abbreviation tooltips and the per-entry permalink icons (each with a title that
        # Material turns into a tooltip) would only add script work on phones
        return ENTRY_PERMALINK.sub(r"\1", ABBR.sub(r"\1", html))
    post = _post_source(page)
    if post is None:
        return html
    if post.kind == "notebook":
        check_notebook_html(html, post.path)
        figures = json.loads(Path(page.file.abs_src_path).with_suffix(".figures.json").read_text(encoding="utf-8"))
        html = extract_images(html, Path(page.file.abs_dest_path).parent, post.slug, figures, post.path)
        page._title_from_render = page.title  # the excerpt already starts with the H1
        html = notebook_links(config.repo_url, post.path, page) + CODE_TOGGLE.format(base=root_relative(page)) + html
    # The blog renders list-page excerpts from page.markdown (for a notebook, mkdocs-jupyter
    # put the whole converted notebook there): give it only the excerpt.
    page.markdown = excerpt_markdown(post)
    tags = post.meta.get("tags", [])
    STATE.setdefault("page_tags", {})[page.url] = tags
    glossary_url = root_relative(page) + "glossary/"
    related = glossary.related_terms_html(STATE["glossary"], tags, glossary_url)
    return html + related + feedback_html(config.repo_url, page.title or post.meta["title"], page.canonical_url, post.slug)


# Formulas are rendered at build time (medblog/math.py): only KaTeX's stylesheet and fonts load.
KATEX = '<link rel="stylesheet" href="{base}assets/vendor/katex/katex.min.css">'
MATHJAX_LOADER = re.compile(r"<script data-mkdocs-jupyter-mathjax=.*?</script>", re.S)


def _every_page(output: str, where: str) -> str:
    return material_fixes.fix(output, where)


def on_post_template(output, template_name, config):
    # 404.html is rendered as a theme template, not a page
    if template_name == "404.html":
        return _every_page(output, "404.html")
    return output


@event_priority(-100)
def on_post_page(output, page, config):
    # mkdocs-jupyter injects a loader that fetches MathJax from a CDN on notebook
    # pages; math here is rendered by the self-hosted KaTeX instead.
    output = MATHJAX_LOADER.sub("", output)
    output = _every_page(output, page.file.src_uri)
    if 'class="arithmatex"' in output:
        if "katex.min.css" not in output:
            raise PluginError(f"{page.file.src_uri}: has formulas but no KaTeX stylesheet was queued in on_page_context")
        output = STATE["math"].render(output, page.file.src_uri)
    return output


@event_priority(-100)  # after the blog plugin rendered the excerpts of list pages
def on_page_context(context, page, config, nav):
    # Pages with formulas (their own, or in the excerpts a list page shows) get KaTeX's
    # stylesheet in <head> through overrides/main.html; the formulas are rendered in on_post_page.
    excerpts = [getattr(post, "content", "") or "" for post in context.get("posts") or []]
    if any('class="arithmatex"' in html for html in [page.content or "", *excerpts]):
        add_to_head(page, KATEX.format(base=root_relative(page)))
    # calculators: their script and stylesheet only on pages that have one (issue 18)
    page.content, assets = calculators.page_assets(page.content or "", page, config)
    if assets:
        add_to_head(page, assets)
    return context


# One name per event in a hooks module: CombinedEvent registers the three passes
# of on_files with their own priorities.
on_files = CombinedEvent(_add_posts, _stub_notebooks, _restore_notebooks)
# Post content: 고친 내용 first (20), presence.py's citation block (10), then related terms and
# feedback (0): the order comes from priorities, not from finding each other's markup.
on_page_content = CombinedEvent(_corrections, _post_content)


@event_priority(-100)  # after the search plugin wrote search/search_index.json
def _check_every_post_was_built(config) -> None:
    """Any generator that silently drops a post (a move to Material's successor, a plugin
    upgrade) fails here: every published post must have its page at /YYYY/MM/<slug>/."""
    site = Path(config.site_dir)
    missing = [str(post.path) for post in STATE["posts"].values() if not post.draft and not
               (site / f"{post.meta['date']:%Y/%m}" / post.slug / "index.html").is_file()]
    if missing:
        raise PluginError(f"{len(missing)} post(s) were not built: {', '.join(missing)}")


def on_post_build(config):
    _check_every_post_was_built(config)
    search.enrich(Path(config.site_dir), STATE["glossary"], STATE.get("page_tags", {}),
                  cache_file=project_root(config) / ".cache" / "medblog" / "search-mentions.json")
    STATE["render_cache"].report()
    STATE["math"].save(prune=STATE.get("command") != "serve")
    if STATE.get("command") != "serve":
        STATE["render_cache"].evict()
