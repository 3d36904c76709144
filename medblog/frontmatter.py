"""The front matter contract of a post, for Markdown files and notebooks alike.

A post is `posts/<name>.md` or `notebooks/<name>.ipynb`. Its metadata is a YAML
mapping between `---` fences: at the top of the Markdown file, or at the top of
the notebook's first Markdown cell. Every problem is reported with the path of
the file the author edits, never an internal stub.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from medblog import AuthorError, load_yaml

# Korean display name -> ASCII URL slug. The allow-list of categories.
CATEGORIES: dict[str, str] = {
    "의료AI 지표": "metrics",
    "연구 경험": "experience",
    "비평": "critique",
}

CATEGORY_NAMES = list(CATEGORIES)  # mkdocs.yml: blog categories_allowed


def category_slug(name: str, separator: str = "-") -> str:
    """Korean category name -> ASCII URL slug (mkdocs.yml: blog categories_slugify)."""
    return CATEGORIES[name]


REQUIRED = ("title", "date", "slug", "categories", "description")
OPTIONAL = ("tags", "draft", "pin", "updated", "corrections", "authors", "readtime", "links")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", re.S)
MORE = "<!-- more -->"


class FrontMatterError(AuthorError):
    """A post's metadata breaks the contract; the message names the file."""

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass
class PostSource:
    path: Path  # the file the author edits
    meta: dict
    body: str  # Markdown after the front matter (first cell only, for notebooks)
    kind: str  # "markdown" | "notebook"
    errors: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.meta["slug"]

    @property
    def draft(self) -> bool:
        return bool(self.meta.get("draft", False))

    @property
    def excerpt(self) -> str:
        """Markdown shown on list pages: everything before `<!-- more -->`."""
        return self.body.split(MORE, 1)[0].strip()


def _split(text: str, path: Path) -> tuple[dict, str]:
    match = FENCE_RE.match(text.lstrip("\ufeff"))
    if not match:
        raise FrontMatterError(path, "front matter missing: the file must start with a '---' YAML block")
    try:
        meta = load_yaml(match.group(1))
    except yaml.YAMLError as exc:
        raise FrontMatterError(path, f"front matter is not valid YAML: {exc}") from None
    except ValueError as exc:  # PyYAML builds dates eagerly: 2026-13-45 raises here
        raise FrontMatterError(path, f"'date' must be a date that exists, written as YYYY-MM-DD ({exc})") from None
    if not isinstance(meta, dict):
        raise FrontMatterError(path, "front matter must be a YAML mapping (key: value)")
    return meta, text[match.end():]


def read_notebook_markdown(path: Path) -> str:
    """The source of a notebook's first Markdown cell (where its front matter lives)."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FrontMatterError(path, f"not a readable notebook: {exc}") from None
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    raise FrontMatterError(path, "notebook has no Markdown cell: its first Markdown cell must hold the front matter")


def read_post(path: Path) -> PostSource:
    path = Path(path)
    if path.suffix == ".ipynb":
        kind, text = "notebook", read_notebook_markdown(path)
    else:
        kind, text = "markdown", path.read_text(encoding="utf-8")
    meta, body = _split(text, path)
    _normalise_dates(meta, path)
    validate(meta, path, body)
    return PostSource(path=path, meta=meta, body=body, kind=kind)


def _normalise_dates(meta: dict, path: Path) -> None:
    """`date: {created: …, updated: …}` (the form Material's blog and Zensical read) is the
    same as `date:` plus `updated:`; the rest of the build sees the flat form."""
    date = meta.get("date")
    if not isinstance(date, dict):
        return
    unknown = sorted(set(date) - {"created", "updated"})
    if unknown or "created" not in date:
        raise FrontMatterError(path, "'date' as a mapping takes 'created' (required) and 'updated'"
                               + (f"; unknown: {', '.join(map(str, unknown))}" if unknown else ""))
    if "updated" in date and "updated" in meta:
        raise FrontMatterError(path, "'updated' is given twice: under 'date' and as its own key")
    meta["date"] = date["created"]
    if "updated" in date:
        meta["updated"] = date["updated"]


def _as_date(value, key: str, path: Path) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise FrontMatterError(path, f"'{key}' must be a date written as YYYY-MM-DD, got {value!r}")


def validate(meta: dict, path: Path, body: str = "") -> None:
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, "", []):
            raise FrontMatterError(path, f"required key '{key}' is missing or empty")
    unknown = sorted(set(meta) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise FrontMatterError(path, f"unknown front matter key(s): {', '.join(unknown)}")
    if not isinstance(meta["title"], str):
        raise FrontMatterError(path, "'title' must be text")
    created = _as_date(meta["date"], "date", path)
    if "updated" in meta:
        if _as_date(meta["updated"], "updated", path) < created:
            raise FrontMatterError(path, "'updated' is earlier than 'date'")
    if "corrections" in meta:
        _validate_corrections(meta, created, path)
    slug = meta["slug"]
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        raise FrontMatterError(
            path, f"'slug' must be lowercase ASCII letters, digits and single hyphens (e.g. roc-auroc), got {slug!r}"
        )
    categories = meta["categories"]
    if isinstance(categories, str) or not isinstance(categories, list):
        raise FrontMatterError(path, "'categories' must be a list, e.g. [의료AI 지표]")
    for category in categories:
        if category not in CATEGORIES:
            allowed = ", ".join(CATEGORIES)
            raise FrontMatterError(path, f"unknown category {category!r}; allowed: {allowed}")
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise FrontMatterError(path, "'tags' must be a list of non-empty strings")
    if not isinstance(meta["description"], str):
        raise FrontMatterError(path, "'description' must be text")
    for key in ("draft", "pin"):
        if key in meta and not isinstance(meta[key], bool):
            raise FrontMatterError(path, f"'{key}' must be true or false")
    if MORE not in body:
        raise FrontMatterError(path, f"the excerpt separator {MORE} is missing (put it after the first paragraph)")


def _validate_corrections(meta: dict, created: dt.date, path: Path) -> None:
    """`corrections`: what changed in a published post, shown to readers as 고친 내용.
    Each item is {date: YYYY-MM-DD, note: one line}; `updated` is the newest date."""
    items = meta["corrections"]
    if not isinstance(items, list) or not items:
        raise FrontMatterError(path, "'corrections' must be a non-empty list of {date, note} items")
    dates = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or set(item) != {"date", "note"}:
            raise FrontMatterError(path, f"'corrections' item {number} must have exactly the keys 'date' and 'note'")
        when = _as_date(item["date"], f"corrections[{number}].date", path)
        if when < created:
            raise FrontMatterError(path, f"'corrections' item {number} is dated before the post's 'date'")
        if not isinstance(item["note"], str) or not item["note"].strip():
            raise FrontMatterError(path, f"'corrections' item {number} needs a 'note' (one line saying what changed)")
        dates.append(when)
    if "updated" not in meta or _as_date(meta["updated"], "updated", path) != max(dates):
        raise FrontMatterError(path, f"'updated' must be the date of the newest correction ({max(dates):%Y-%m-%d})")


def discover(posts_dir: Path, notebooks_dir: Path) -> list[PostSource]:
    """Read and validate every post; raise on the first broken file or on a duplicate slug."""
    files = sorted(Path(posts_dir).glob("*.md")) + sorted(Path(notebooks_dir).glob("*.ipynb"))
    posts = [read_post(f) for f in files]
    seen: dict[str, Path] = {}
    for post in posts:
        if post.slug in seen:
            raise FrontMatterError(post.path, f"duplicate slug {post.slug!r}: also used by {seen[post.slug]}")
        seen[post.slug] = post.path
    return posts
