"""MkDocs hooks for the author's research presence (a second hooks module after hooks.py).

- 소개 page: `<!-- profile -->` in docs/about.md becomes the profile in data/profile.yml
  (validated when the config loads) and the five newest posts.
- Every post gets an "이 글 인용하기" block: BibTeX @online, an APA line, canonical URL, dates.
- Every page gets Open Graph, Twitter card and JSON-LD tags; posts also get Google Scholar
  citation_* tags. Share images are 1200x630 PNG cards drawn with Pillow and NanumGothic
  from the koreanize-matplotlib package (Material's social plugin fetches Google Fonts).
- robots.txt pointing to the sitemap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
import shutil
import sys
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from material.plugins.blog.structure import Post, View
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # make `medblog` importable

from medblog import add_to_head, profile as profiles, project_root, root_relative  # noqa: E402

PROFILE_FILE = "data/profile.yml"
PROFILE_MARKER = "<!-- profile -->"
RECENT_POSTS = 5
CARD_DIR = "assets/social"
CARD_SIZE = (1200, 630)
CARD_VERSION = "1"  # bump when the card design changes: cached cards are keyed on it
STATE: dict = {}


def on_config(config):
    root = project_root(config)
    try:
        profile = profiles.load(root / PROFILE_FILE, PROFILE_FILE)
    except profiles.ProfileError as exc:
        raise PluginError(str(exc)) from None
    STATE.clear()
    STATE.update(root=root, profile=profile, cards={})
    return config


def on_files(files, config):
    about = files.get_file_from_path("about.md")
    STATE["about_url"] = _absolute(config, about.url) if about else None
    return files


def _absolute(config, url: str) -> str:
    return (config.site_url or "/") + url


def _is_post(page) -> bool:
    return isinstance(page, Post) and page.file.src_uri.startswith("posts/")


def _dates(page) -> tuple[dt.date, dt.date | None]:
    dates = page.config.date
    updated = dates.get("updated")
    return dates["created"].date(), updated.date() if updated else None


# --- 소개 page ---------------------------------------------------------------------------


def on_page_markdown(markdown, page, config, files):
    if PROFILE_MARKER not in markdown:
        return markdown
    blog = config.plugins["material/blog"].blog
    posts = sorted((p for p in blog.posts if not p.config.draft), key=lambda p: p.config.date["created"], reverse=True)
    recent = [
        {"title": p.meta["title"], "date": p.config.date["created"].date(), "src_uri": p.file.src_uri}
        for p in posts[:RECENT_POSTS]
    ]
    page.meta.setdefault("description", profiles.summary(STATE["profile"]))
    return markdown.replace(PROFILE_MARKER, profiles.about_markdown(STATE["profile"], recent))


# --- 이 글 인용하기 -----------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  **{c: "\\" + c for c in "&%$#_{}"}}


def bibtex_escape(text: str) -> str:
    return re.sub(r"[\\~^&%$#_{}]", lambda m: BIBTEX_SPECIAL[m.group()], text)


def bibtex_entry(slug: str, author: str, title: str, url: str, site_name: str,
                 created: dt.date, updated: dt.date | None) -> str:
    fields = [
        ("author", "{" + bibtex_escape(author) + "}"),  # double braces: a name BibTeX must not split
        ("title", bibtex_escape(title)),
        ("year", str(created.year)),
        ("date", created.isoformat()),
        ("url", url),
        ("urldate", (updated or created).isoformat()),
        ("organization", bibtex_escape(site_name)),
        ("langid", "korean"),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@online{{{slug}{created.year},\n{body},\n}}"


def apa_line(author: str, title: str, url: str, site_name: str, created: dt.date) -> str:
    """Author. (YYYY, Month D). Title. Site name. URL"""
    author_end = "" if author.endswith(".") else "."
    title_end = "" if title.endswith((".", "?", "!")) else "."
    return f"{author}{author_end} ({created.year}, {MONTHS[created.month - 1]} {created.day}). {title}{title_end} {site_name}. {url}"


def _date_ko(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.year}년 {day.month}월 {day.day}일</time>'


def _code_block(text: str, language: str) -> str:
    """The HTML of a fenced code block, so Material adds its copy button."""
    return f'<div class="language-{language} highlight"><pre><span></span><code>{escape(text, quote=False)}</code></pre></div>'


def citation_html(page, config) -> str:
    author, title, url = STATE["profile"]["name"], page.meta["title"], page.canonical_url
    created, updated = _dates(page)
    bibtex = bibtex_entry(page.meta["slug"], author, title, url, config.site_name, created, updated)
    apa = apa_line(author, title, url, config.site_name, created)
    dates = f"<dt>게시일</dt><dd>{_date_ko(created)}</dd>"
    if updated:
        dates += f"<dt>수정일</dt><dd>{_date_ko(updated)}</dd>"
    href = escape(url, quote=True)
    return (
        '<section class="md-cite" aria-labelledby="cite-heading" data-search-exclude>'
        '<h2 id="cite-heading" data-search-exclude>이 글 인용하기</h2>'
        "<p>논문이나 발표에서 이 글을 인용할 때 아래 형식을 복사해 쓰세요.</p>"
        f'<dl class="md-cite__meta"><dt>주소</dt><dd><a href="{href}">{escape(url)}</a></dd>{dates}</dl>'
        '<p class="md-cite__label">APA</p>' + _code_block(apa, "text md-cite__apa")
        + '<p class="md-cite__label">BibTeX</p>' + _code_block(bibtex, "bibtex")
        + "</section>"
    )


@event_priority(10)  # after hooks.py's 고친 내용 (20), before its related terms and feedback (0)
def on_page_content(html, page, config, files):
    if not _is_post(page):
        return html
    if page.meta["slug"] == "site":
        raise PluginError(f"{page.file.src_uri}: slug 'site' is reserved for the site-wide share card {CARD_DIR}/site.png")
    categories = page.meta.get("categories") or []
    STATE["cards"][page.meta["slug"]] = (page.meta["title"], " · ".join(categories))
    return html + citation_html(page, config)


# --- <head> metadata ----------------------------------------------------------------------


def json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=None).replace("<", "\\u003c")  # no "</script>" inside
    return f'<script type="application/ld+json">{text}</script>'


def _meta(attr: str, key: str, value) -> str:
    return f'<meta {attr}="{key}" content="{escape(str(value), quote=True)}">'


def head_html(page, config) -> str:
    """Open Graph, Twitter card, JSON-LD and (posts only) article:* and citation_* tags."""
    url = page.canonical_url or _absolute(config, page.url)
    description = page.meta.get("description") or config.site_description or ""
    if _is_post(page):
        title, image, data, extra = _post_head(page, config, url, description)
    else:
        title, image, data, extra = _page_head(page, config, url, description)
    og = [("og:type", "article" if _is_post(page) else "website"), ("og:site_name", config.site_name),
          ("og:locale", "ko_KR"), ("og:title", title), ("og:description", description), ("og:url", url),
          ("og:image", image), ("og:image:type", "image/png"), ("og:image:width", CARD_SIZE[0]),
          ("og:image:height", CARD_SIZE[1]), ("og:image:alt", title)]
    twitter = [("twitter:card", "summary_large_image"), ("twitter:title", title),
               ("twitter:description", description), ("twitter:image", image), ("twitter:image:alt", title)]
    return "".join([*(_meta("property", k, v) for k, v in og), *(_meta("name", k, v) for k, v in twitter),
                    *extra, json_ld(data)])


def _post_head(page, config, url: str, description: str):
    site_url = config.site_url or "/"
    title, image = page.meta["title"], f"{site_url}{CARD_DIR}/{page.meta['slug']}.png"
    created, updated = _dates(page)
    modified = (updated or created).isoformat()
    keywords = page.meta.get("tags") or []
    author = {"@type": "Person", "name": STATE["profile"]["name"]}
    if STATE["about_url"]:
        author["url"] = STATE["about_url"]
    data = {
        "@context": "https://schema.org", "@type": "BlogPosting", "headline": title, "description": description,
        "url": url, "mainEntityOfPage": url, "image": image, "inLanguage": "ko",
        "datePublished": created.isoformat(), "dateModified": modified, "author": author, "keywords": keywords,
        "isPartOf": {"@type": "Blog", "name": config.site_name, "url": site_url},
    }
    scholar = [("citation_title", title), ("citation_author", author["name"]),
               ("citation_publication_date", created.strftime("%Y/%m/%d")),
               ("citation_online_date", created.strftime("%Y/%m/%d")),
               ("citation_publisher", config.site_name), ("citation_language", "ko")]
    extra = [_meta("property", "article:published_time", created.isoformat()),
             _meta("property", "article:modified_time", modified),
             *(_meta("property", "article:tag", tag) for tag in keywords),
             *(_meta("name", key, value) for key, value in scholar)]
    return title, image, data, extra


def _page_head(page, config, url: str, description: str):
    site_url = config.site_url or "/"
    image = f"{site_url}{CARD_DIR}/site.png"
    if url == STATE["about_url"]:  # shared, the 소개 page shows the author's name
        return f"{STATE['profile']['name']} - {config.site_name}", image, _person_ld(url), []
    if page.is_homepage or not page.title:
        data = {"@type": "WebSite", "name": config.site_name}
        title = config.site_name
    else:
        kind = "CollectionPage" if isinstance(page, View) else "WebPage"  # views: blog index pages, categories, archive
        data = {"@type": kind, "name": page.title, "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": site_url}}
        title = f"{page.title} - {config.site_name}"
    data = {"@context": "https://schema.org", **data, "url": url, "description": description, "inLanguage": "ko"}
    return title, image, data, []


def _person_ld(url: str) -> dict:
    profile = STATE["profile"]
    data = {"@context": "https://schema.org", "@type": "Person", "name": profile["name"], "url": url}
    if "affiliation" in profile:
        data["affiliation"] = {"@type": "Organization", "name": profile["affiliation"]}
    if profile.get("interests"):
        data["knowsAbout"] = profile["interests"]
    links = list(profiles.profile_links(profile).values())
    if links:
        data["sameAs"] = links
    return data


def on_page_context(context, page, config, nav):
    extra = head_html(page, config)
    if STATE["about_url"] and page.canonical_url == STATE["about_url"]:
        extra += f'<script defer src="{root_relative(page)}assets/javascripts/contact.js"></script>'
    add_to_head(page, extra)
    return context


# --- share cards --------------------------------------------------------------------------

FONT_DIR = Path(importlib.util.find_spec("koreanize_matplotlib").submodule_search_locations[0]) / "fonts"
INK, PAPER, ACCENT, MUTED = "#ffffff", "#1a237e", "#64ffda", "#c5cae9"
MARGIN = 80


@cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / f"NanumGothic{weight}.ttf"), size)


def _wrap(text: str, font, width: int) -> list[str]:
    """Break at spaces; a word wider than the line is broken between characters."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if font.getlength(line + char) > width:
                lines.append(line)
                line = ""
            line += char
    return lines + [line] if line else lines


def _clip(lines: list[str], font, width: int, max_lines: int) -> list[str]:
    if len(lines) <= max_lines:
        return lines
    lines = lines[:max_lines]
    while lines[-1] and font.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] += "…"
    return lines


def _fit_title(title: str, width: int, max_lines: int):
    """The largest size at which the title fits in max_lines; clipped with '…' at the smallest."""
    for size in (68, 60, 52, 46):
        font = _font("ExtraBold", size)
        lines = _wrap(title, font, width)
        if len(lines) <= max_lines:
            return font, lines
    return font, _clip(lines, font, width, max_lines)


def render_card(title: str, kicker: str, footer: str, subtitle: str = "") -> Image.Image:
    """A 1200x630 card: kicker (category) on top, the wrapped title, an optional subtitle, footer."""
    width, height = CARD_SIZE
    text_width = width - 2 * MARGIN
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 16, height), fill=ACCENT)
    if kicker:
        draw.text((MARGIN, 70), kicker, font=_font("Bold", 34), fill=ACCENT)
    small = _font("", 34)
    notes = _clip(_wrap(subtitle, small, text_width), small, text_width, 2) if subtitle else []
    font, lines = _fit_title(title, text_width, 4 - len(notes))
    line_height, note_height = int(font.size * 1.3), int(small.size * 1.5)
    y = 140 + (310 - line_height * len(lines) - note_height * len(notes)) // 2
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += line_height
    for note in notes:
        draw.text((MARGIN, y + 10), note, font=small, fill=MUTED)
        y += note_height
    draw.line((MARGIN, height - 120, width - MARGIN, height - 120), fill=MUTED, width=2)
    draw.text((MARGIN, height - 95), footer, font=_font("", 32), fill=MUTED)
    return image


def card_file(cache_dir: Path, *text: str) -> Path:
    """The card's PNG in the cache, drawn only if no card with the same text exists."""
    key = hashlib.sha256(json.dumps([CARD_VERSION, *text]).encode()).hexdigest()[:20]
    path = cache_dir / f"{key}.png"
    if not path.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        render_card(*text).save(tmp, "PNG")
        tmp.replace(path)
    return path


def on_post_build(config):
    out = Path(config.site_dir)
    cache_dir = STATE["root"] / ".cache" / "medblog" / "social"
    (out / CARD_DIR).mkdir(parents=True, exist_ok=True)
    address = urlsplit(config.site_url or "")
    host = address.netloc + address.path.rstrip("/")
    cards = {slug: (title, kicker, config.site_name) for slug, (title, kicker) in STATE["cards"].items()}
    cards["site"] = (config.site_name, "", host or config.site_name, config.site_description or "")
    for name, text in cards.items():
        shutil.copyfile(card_file(cache_dir, *text), out / CARD_DIR / f"{name}.png")
    robots = "User-agent: *\nAllow: /\n"
    if config.site_url:
        robots += f"\nSitemap: {config.site_url}sitemap.xml\n"
    (out / "robots.txt").write_text(robots, encoding="utf-8")
