"""The inputs the build generates, made by one pre-build step as plain files.

Everything a page needs that is not in an author's file is written here, under
`.cache/medblog/generated/`, before any page is rendered:

- `abbreviations.md`: `*[AUROC]: …` lines from the glossary (MkDocs gives the same list to
  the abbr extension, so abbreviations get their tooltips on every page),
- `glossary.md`: the body of the 용어집 page (one section per group, one entry per concept,
  with the posts that explain it),
- `stubs/<name>.md`: each notebook post as Markdown front matter + its first cell, which is
  what a blog generator reads to list the post,
- the executed notebooks (medblog/execute.py, in `.cache/medblog/executed/`).

The MkDocs hooks call `generate` once per build (medblog/hooks.py, on_files); `python -m
medblog prebuild` runs the same step alone, so another generator could be pointed at the
files (see CONTRIBUTING.md on moving off Material 9.x).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from medblog import frontmatter, glossary as glossary_mod
from medblog.execute import Executor, Result

GENERATED = Path(".cache") / "medblog" / "generated"
ABBREVIATIONS = GENERATED / "abbreviations.md"  # relative to the project root


@dataclass
class Generated:
    abbreviations: Path
    glossary_page: Path
    stubs: dict[str, Path] = field(default_factory=dict)  # post uri -> stub
    executed: dict[Path, Result] = field(default_factory=dict)  # notebook -> executed copy
    post_index: dict[str, dict] = field(default_factory=dict)  # slug -> title, tags, src_uri, source


def post_index(posts: dict[str, frontmatter.PostSource]) -> dict[str, dict]:
    return {p.slug: {"title": p.meta["title"], "tags": p.meta.get("tags", []), "src_uri": uri, "source": p.path}
            for uri, p in posts.items()}


def _write_if_changed(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def generate(root: Path, glossary: glossary_mod.Glossary, posts: dict[str, frontmatter.PostSource],
             executor: Executor) -> Generated:
    """`posts` maps the post's uri in the site (posts/<file>) to its source; drafts already
    filtered as the command requires. Raises the medblog errors (AuthorError) it meets."""
    root = Path(root)
    out = root / GENERATED
    index = post_index(posts)
    glossary_mod.attach_posts(glossary, index)
    made = Generated(
        abbreviations=_write_if_changed(root / ABBREVIATIONS, glossary_mod.abbreviations_markdown(glossary)),
        glossary_page=_write_if_changed(out / "glossary.md", glossary_mod.page_markdown(glossary, index, "glossary.md")),
        post_index=index,
    )
    for uri, post in posts.items():
        if post.kind != "notebook":
            continue
        meta = {k: v for k, v in post.meta.items() if k not in ("updated", "corrections")}
        stub = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + post.body
        made.stubs[uri] = _write_if_changed(out / "stubs" / f"{post.path.stem}.md", stub)
    notebooks = [post.path for post in posts.values() if post.kind == "notebook"]
    made.executed = executor.run(notebooks)
    return made


def main(root: Path, include_drafts: bool = False) -> Generated:
    """`python -m medblog prebuild`: the pre-build step without MkDocs."""
    import yaml as _yaml

    config = _yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_yaml.Loader)
    settings = (config.get("extra") or {}).get("medblog", {})
    sources = frontmatter.discover(root / "posts", root / "notebooks")
    posts = {f"posts/{p.path.name}": p for p in sources if include_drafts or not p.draft}
    executor = Executor(root, int(settings.get("cell_timeout", 300)), workers=int(settings.get("execution_workers", 0)) or None)
    return generate(root, glossary_mod.load(root / "data" / "glossary.yml"), posts, executor)
