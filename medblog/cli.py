"""Authoring commands: `python -m medblog new-post|new-notebook|check|citation|prebuild`.

new-post / new-notebook copy a template from templates/, filling title, date and slug.
check validates every post's front matter without building the site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

from medblog import NOTEBOOKS_DIR, POSTS_DIR, ROOT, TEMPLATES_DIR, frontmatter, glossary, terms


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _fill(template: str, title: str, date: str, slug: str, category: str | None) -> str:
    text = template.replace("{title}", title.replace('"', '\\"')).replace("{date}", date).replace("{slug}", slug)
    if category:
        text = re.sub(r"categories:\n  - [^\n]+", f"categories:\n  - {category}", text, count=1)
    return text


def new_post(title: str, slug: str, date: str, category: str | None, notebook: bool, root: Path = ROOT) -> Path:
    if not frontmatter.SLUG_RE.match(slug):
        raise SystemExit(f"slug must be lowercase ASCII with hyphens (e.g. roc-auroc), got {slug!r}")
    if category and category not in frontmatter.CATEGORIES:
        raise SystemExit(f"unknown category {category!r}; allowed: {', '.join(frontmatter.CATEGORIES)}")
    posts_dir, notebooks_dir = root / "posts", root / "notebooks"
    existing = {p.slug: p.path for p in frontmatter.discover(posts_dir, notebooks_dir)}
    if slug in existing:
        raise SystemExit(f"slug {slug!r} is already used by {existing[slug]}")
    if notebook:
        target = notebooks_dir / f"{slug}.ipynb"
        nb = json.loads((TEMPLATES_DIR / "notebook-post.ipynb").read_text(encoding="utf-8"))
        first = "".join(nb["cells"][0]["source"])
        nb["cells"][0]["source"] = _fill(first, title, date, slug, category).splitlines(keepends=True)
        target.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        target = posts_dir / f"{slug}.md"
        template = (TEMPLATES_DIR / "markdown-post.md").read_text(encoding="utf-8")
        target.write_text(_fill(template, title, date, slug, category), encoding="utf-8")
    frontmatter.read_post(target)  # the template itself must satisfy the contract
    return target


def check(posts_dir: Path, notebooks_dir: Path, glossary_path: Path | None = None) -> int:
    """Front matter of every post, and the glossary's avoided forms in its prose."""
    if glossary_path is None:  # the project's glossary, next to its posts/ folder
        beside = Path(posts_dir).resolve().parent / "data" / "glossary.yml"
        glossary_path = beside if beside.exists() else ROOT / "data" / "glossary.yml"
    try:
        posts = frontmatter.discover(posts_dir, notebooks_dir)
        terms.check(glossary.load(glossary_path), [p.path for p in posts])
    except (frontmatter.FrontMatterError, glossary.GlossaryError, terms.AvoidedTermError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    drafts = sum(p.draft for p in posts)
    print(f"{len(posts)} posts OK ({drafts} drafts)")
    return 0


def prebuild_command(root: Path, include_drafts: bool = False) -> int:
    """The pre-build step alone (medblog/prebuild.py): files any generator could read."""
    from medblog import AuthorError, prebuild

    try:
        made = prebuild.main(Path(root), include_drafts)
    except AuthorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{made.abbreviations.relative_to(root)}, {made.glossary_page.relative_to(root)}, "
          f"{len(made.stubs)} notebook stub(s), {len(made.executed)} executed notebook(s)")
    return 0


def citation_command(check_only: bool = False, root: Path = ROOT) -> int:
    """Write CITATION.cff, or (check_only) say whether the committed one is current."""
    from medblog import citation, profile

    try:
        text = citation.generate(root)
    except profile.ProfileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    target = root / citation.CFF_FILE
    if check_only:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{citation.CFF_FILE} is out of date: run `python -m medblog citation`", file=sys.stderr)
            return 1
        print(f"{citation.CFF_FILE} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {citation.CFF_FILE}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medblog")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("new-post", "새 마크다운 글"), ("new-notebook", "새 노트북 글")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("title", help="글 제목 (한국어)")
        cmd.add_argument("--slug", help="URL에 쓰일 영문 소문자-하이픈 이름 (기본: 제목에서 만듦)")
        cmd.add_argument("--date", default=dt.date.today().isoformat())
        cmd.add_argument("--category", help=" / ".join(frontmatter.CATEGORIES))
        cmd.add_argument("--root", type=Path, default=ROOT, help="프로젝트 폴더 (기본: 이 저장소)")
    chk = sub.add_parser("check", help="모든 글의 front matter 검사 (빌드 없이)")
    chk.add_argument("--posts", type=Path, default=POSTS_DIR)
    chk.add_argument("--notebooks", type=Path, default=NOTEBOOKS_DIR)
    chk.add_argument("--glossary", type=Path, help="용어집 (기본: 글 폴더 옆의 data/glossary.yml)")
    pre = sub.add_parser("prebuild", help="빌드가 만드는 입력(약어, 용어집 본문, 노트북 요약, 실행된 노트북)만 만듦")
    pre.add_argument("--root", type=Path, default=ROOT, help="프로젝트 폴더 (기본: 이 저장소)")
    pre.add_argument("--drafts", action="store_true", help="초안도 포함")
    cit = sub.add_parser("citation", help="CITATION.cff를 data/profile.yml과 mkdocs.yml에서 다시 만듦")
    cit.add_argument("--check", action="store_true", help="쓰지 않고, 커밋된 파일이 최신인지만 검사")
    args = parser.parse_args(argv)

    if args.command == "citation":
        return citation_command(check_only=args.check)
    if args.command == "prebuild":
        return prebuild_command(args.root, args.drafts)

    if args.command == "check":
        return check(args.posts, args.notebooks, args.glossary)
    slug = args.slug or slugify(args.title)
    if not slug:
        parser.error("a Korean title needs --slug (lowercase ASCII, e.g. --slug roc-auroc)")
    target = new_post(args.title, slug, args.date, args.category, notebook=args.command == "new-notebook", root=args.root)
    print(f"created {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}")
    return 0
