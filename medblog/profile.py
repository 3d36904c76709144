"""The author's profile (data/profile.yml): its schema, validation and the 소개 page.

Every problem names the file and the field, e.g.
`data/profile.yml: publications[2].doi: malformed DOI 'doi.org/10.1/x' ...`.
Plain fields (name, titles, venues) are escaped for Markdown; `bio` is Markdown.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from html import escape
from pathlib import Path

import yaml

from medblog import AuthorError

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GITHUB_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
SCHOLAR_RE = re.compile(r"^[A-Za-z0-9_-]{12}$")


class ProfileError(AuthorError):
    def __init__(self, path: str, field: str, problem: str):
        super().__init__(f"{path}: {field}: {problem}" if field else f"{path}: {problem}")


# field -> (kind, required). Kinds: str, bool, year, doi, link, email, github, orcid,
# scholar, [str] (list of text), or a nested schema (a mapping, or a list of mappings).
PUBLICATION = {"title": ("str", True), "authors": ("str", False), "venue": ("str", False),
               "year": ("year", False), "doi": ("doi", False), "pdf": ("link", False), "code": ("link", False)}
TALK = {"title": ("str", True), "event": ("str", False), "date": ("when", False), "url": ("link", False)}
EDUCATION = {"degree": ("str", True), "institution": ("str", False), "year": ("when", False)}
CONTACT = {"email": ("email", False), "github": ("github", False), "orcid": ("orcid", False),
           "scholar": ("scholar", False)}
PROFILE = {
    "sample": ("bool", False),
    "name": ("str", True),
    "affiliation": ("str", False),
    "bio": ("str", False),
    "interests": (["str"], False),
    "publications": ([PUBLICATION], False),
    "talks": ([TALK], False),
    "education": ([EDUCATION], False),
    "contact": (CONTACT, False),
}


def load(path: Path, shown: str = "data/profile.yml") -> dict:
    """Read and validate the profile; `shown` is the name used in error messages."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(shown, "", "file not found: the 소개 page and post citations are built from it") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ProfileError(shown, "", f"not valid YAML: {exc}") from None
    return _mapping(data, PROFILE, shown, "")


def _mapping(data, schema: dict, file: str, where: str) -> dict:
    if not isinstance(data, dict):
        raise ProfileError(file, where, "must be a mapping (key: value)")
    prefix = f"{where}." if where else ""
    for key in data:
        if key not in schema:
            raise ProfileError(file, f"{prefix}{key}", f"unknown key (allowed: {', '.join(schema)})")
    result = {}
    for key, (kind, required) in schema.items():
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise ProfileError(file, f"{prefix}{key}", "required, but missing or empty")
            continue
        result[key] = _value(value, kind, file, f"{prefix}{key}")
    return result


def _value(value, kind, file: str, where: str):
    if isinstance(kind, dict):
        return _mapping(value, kind, file, where)
    if isinstance(kind, list):
        if not isinstance(value, list):
            raise ProfileError(file, where, "must be a list")
        return [_value(item, kind[0], file, f"{where}[{i}]") for i, item in enumerate(value)]
    if kind == "bool":
        if not isinstance(value, bool):
            raise ProfileError(file, where, "must be true or false")
        return value
    if kind == "year":
        if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2100:
            raise ProfileError(file, where, f"must be a year like 2024, got {value!r}")
        return value
    if kind == "when":  # a year, a date (2025-11-03) or a period written as text ("2015–2019")
        if isinstance(value, (int, dt.date)) and not isinstance(value, bool):
            return value
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ProfileError(file, where, f"must be text, got {value!r}")
    value = str(value).strip()
    checks = {
        "doi": (DOI_RE, "malformed DOI {!r} (write it as 10.NNNN/suffix, without https://doi.org/)"),
        "email": (EMAIL_RE, "malformed e-mail address {!r}"),
        "github": (GITHUB_RE, "malformed GitHub user name {!r} (the name only, not the URL)"),
        "orcid": (ORCID_RE, "malformed ORCID iD {!r} (write it as 0000-0002-1825-0097)"),
        "scholar": (SCHOLAR_RE, "malformed Google Scholar user id {!r} (the 12-character user= value of the profile URL)"),
    }
    if kind in checks:
        pattern, message = checks[kind]
        if not pattern.match(value):
            raise ProfileError(file, where, message.format(value))
    if kind == "orcid" and not _orcid_checksum_ok(value):
        raise ProfileError(file, where, f"ORCID iD {value!r} fails its check digit (a typo?)")
    if kind == "link" and ":" in value.split("/")[0] and not value.startswith(("https://", "http://")):
        raise ProfileError(file, where, f"link {value!r} must be an http(s) URL or a path on this site")
    return value


def _orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2, as ORCID specifies."""
    total = 0
    for digit in orcid.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return orcid[-1] == ("X" if check == 10 else str(check))


# --- links derived from the profile -----------------------------------------------------


def profile_links(profile: dict) -> dict[str, str]:
    """Public profile URLs (JSON-LD sameAs and the 연락처 list), by label."""
    contact = profile.get("contact", {})
    links = {}
    if "github" in contact:
        links["GitHub"] = f"https://github.com/{contact['github']}"
    if "orcid" in contact:
        links["ORCID"] = f"https://orcid.org/{contact['orcid']}"
    if "scholar" in contact:
        links["Google Scholar"] = f"https://scholar.google.com/citations?user={contact['scholar']}"
    return links


def summary(profile: dict) -> str:
    """One-sentence description of the 소개 page (meta description, Open Graph)."""
    text = profile["name"] + (f", {profile['affiliation']}" if "affiliation" in profile else "")
    if profile.get("interests"):
        text += ". 연구 관심사: " + ", ".join(profile["interests"])
    return text + "."


# --- the 소개 page -----------------------------------------------------------------------


def md_text(text: str) -> str:
    """Plain text for Markdown: HTML-escaped, Markdown punctuation backslash-escaped."""
    return re.sub(r"([\\`*_\[\]])", r"\\\1", escape(str(text), quote=False))


def obfuscated_email(address: str) -> str:
    """The address reversed and base64-encoded; assets/javascripts/contact.js writes the link."""
    encoded = base64.b64encode(address[::-1].encode()).decode()
    return (
        f'<span class="md-profile__email" data-email="{encoded}"></span>'
        "<noscript>주소를 보려면 자바스크립트를 켜 주세요.</noscript>"
    )


def _date_ko(value) -> str:
    if isinstance(value, dt.date):
        return f"{value.year}년 {value.month}월 {value.day}일"
    return md_text(value)


def _publication(pub: dict) -> str:
    parts = [f"{md_text(pub['authors'])}." if "authors" in pub else "", f"**{md_text(pub['title'])}**."]
    where = ", ".join(x for x in (f"*{md_text(pub['venue'])}*" if "venue" in pub else "", str(pub.get("year", ""))) if x)
    if where:
        parts.append(where + ".")
    links = []
    if "doi" in pub:
        links.append(f"[doi:{md_text(pub['doi'])}](<https://doi.org/{pub['doi']}>)")
    if "pdf" in pub:
        links.append(f"[PDF](<{pub['pdf']}>)")
    if "code" in pub:
        links.append(f"[코드](<{pub['code']}>)")
    return " ".join(p for p in parts if p) + (" " + " · ".join(links) if links else "")


def _talk(talk: dict) -> str:
    text = f"**{md_text(talk['title'])}**"
    if "event" in talk:
        text += f", {md_text(talk['event'])}"
    if "date" in talk:
        text += f" ({_date_ko(talk['date'])})"
    if "url" in talk:
        text += f" · [자료](<{talk['url']}>)"
    return text


def _education(entry: dict) -> str:
    parts = [md_text(entry["degree"])]
    if "institution" in entry:
        parts.append(md_text(entry["institution"]))
    if "year" in entry:
        parts.append(_date_ko(entry["year"]))
    return ", ".join(parts)


def _section(title: str, items: list[str], empty: str, ordered: bool = False) -> str:
    if not items:
        return f"## {title}\n\n{empty}\n"
    bullet = "1." if ordered else "-"
    return f"## {title}\n\n" + "\n".join(f"{bullet} {item}" for item in items) + "\n"


def about_markdown(profile: dict, recent_posts: list[dict]) -> str:
    """The body of the 소개 page. `recent_posts`: {title, date, src_uri}, newest first."""
    out = []
    if profile.get("sample"):
        out.append(
            '!!! warning "예시 프로필입니다"\n\n'
            "    이 페이지의 이름, 소속, 소개, 연락처는 모두 예시입니다. "
            "사이트 주인은 `data/profile.yml`을 자신의 정보로 바꾸고 `sample: true` 줄을 지워 주세요.\n"
        )
    header = [f'<p class="md-profile__name">{escape(profile["name"])}</p>']
    if "affiliation" in profile:
        header.append(f'<p class="md-profile__affiliation">{escape(profile["affiliation"])}</p>')
    out.append('<div class="md-profile" markdown>\n' + "\n".join(header) + "\n\n" + profile.get("bio", "") + "\n\n</div>\n")
    out.append(_section("연구 관심사", [md_text(i) for i in profile.get("interests", [])], "아직 적어 둔 관심사가 없습니다."))
    out.append(_section("논문", [_publication(p) for p in profile.get("publications", [])], "아직 등록된 논문이 없습니다.", ordered=True))
    out.append(_section("발표", [_talk(t) for t in profile.get("talks", [])], "아직 등록된 발표가 없습니다."))
    out.append(_section("학력", [_education(e) for e in profile.get("education", [])], "아직 등록된 학력이 없습니다."))
    contact = []
    if "email" in profile.get("contact", {}):
        contact.append("이메일: " + obfuscated_email(profile["contact"]["email"]))
    contact += [f"{label}: <{url}>" for label, url in profile_links(profile).items()]
    out.append(_section("연락처", contact, "아직 등록된 연락처가 없습니다."))
    posts = [f"[{md_text(p['title'])}](<{p['src_uri']}>) <small>{_date_ko(p['date'])}</small>" for p in recent_posts]
    out.append(_section("최근 글", posts, "아직 게시된 글이 없습니다."))
    return "\n".join(out)
