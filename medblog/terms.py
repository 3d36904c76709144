"""One term per concept: posts must not use a form the glossary lists under `avoid`.

`data/glossary.yml` gives a concept an optional `avoid` list (교정 곡선 for 보정곡선,
의양성 for 위양성, 양성 종양 for 비악성 종양 …). Every Markdown post and every Markdown
cell of a notebook is scanned; each use fails the build, naming the file, the line, the
form and the preferred term. Quoting a paper verbatim is the one exception, marked per
occurrence by `<!-- verbatim -->` right after the form (closing quotes may come between):

    원문 제목은 "… gold standard …"<!-- verbatim --> 입니다.

An avoid form that is also a name of *another* concept (위험비 is the risk ratio's own
name, so "위험비 for the hazard ratio" cannot be told apart by text) is guidance for
writers and for the glossary page, not checked here.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from medblog import AuthorError
from medblog.glossary import Concept, Glossary

ESCAPE = "<!-- verbatim -->"
_ESCAPE_AFTER = re.compile(r"[\"'”’)\]*]*\s*" + re.escape(ESCAPE))  # closing quotes may come first
_FENCE = re.compile(r"^\s*(```|~~~)")


class AvoidedTermError(AuthorError):
    """Posts use forms the glossary avoids; the message lists every occurrence."""


@dataclass(frozen=True)
class Occurrence:
    path: Path
    where: str  # "line 12" or "cell 4, line 3"
    form: str
    concept: Concept

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.where}: '{self.form}' is avoided on this site; "
            f"write {self.concept.ko} ({self.concept.en}), or mark a verbatim quote with {ESCAPE}"
        )


def _names(concept: Concept) -> set[str]:
    return {_key(f) for f in [concept.ko, concept.en, *concept.abbr, *concept.synonyms]}


def _key(form: str) -> str:
    return re.sub(r"\s+", "", form).lower()


@cache
def _pattern(form: str) -> re.Pattern:
    words = [re.escape(w) for w in form.split()]
    body = r"\s*".join(words)  # 교정 곡선 also catches 교정곡선 and a line-broken 교정\n곡선
    if re.fullmatch(r"[A-Za-z0-9 .'’\-+/()]+", form):
        return re.compile(r"(?<![A-Za-z0-9])" + body + r"(?![A-Za-z0-9])", re.I)
    return re.compile(body, re.I)


def checked_forms(glossary: Glossary) -> list[tuple[str, Concept, re.Pattern]]:
    """(form, concept, pattern) for every avoid form that text can decide on."""
    owners: dict[str, set[str]] = {}
    for concept in glossary.concepts:
        for name in _names(concept):
            owners.setdefault(name, set()).add(concept.id)
    forms = []
    for concept in glossary.concepts:
        for form in concept.avoid:
            if owners.get(_key(form), set()) - {concept.id}:
                continue  # another concept's own name: context decides, not text
            forms.append((form, concept, _pattern(form)))
    # longest first, so 교정 곡선 is reported rather than a shorter form inside it
    return sorted(forms, key=lambda item: -len(item[0]))


def _markdown_blocks(path: Path) -> list[tuple[str, str]]:
    """(label prefix, Markdown text) pieces an author writes prose in."""
    if path.suffix == ".ipynb":
        notebook = json.loads(path.read_text(encoding="utf-8"))
        blocks = []
        for number, cell in enumerate(notebook.get("cells", []), 1):
            if cell.get("cell_type") == "markdown":
                source = cell.get("source", "")
                blocks.append((f"cell {number}, ", "".join(source) if isinstance(source, list) else source))
        return blocks
    return [("", path.read_text(encoding="utf-8"))]


def _prose_lines(text: str):
    """Line number and line, leaving out fenced code blocks and inline code."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), line)


# path -> (what the scan depended on, its occurrences): `mkdocs serve` rescans only the
# files that changed since the last rebuild (this module stays imported between them)
_SCANNED: dict[Path, tuple[tuple, list[Occurrence]]] = {}


def find(glossary: Glossary, paths: list[Path]) -> list[Occurrence]:
    forms = checked_forms(glossary)
    signature = tuple((form, concept.id, concept.ko, concept.en) for form, concept, _ in forms)
    found = []
    for path in map(Path, paths):
        depends_on = (signature, hashlib.sha256(path.read_bytes()).digest())
        seen = _SCANNED.get(path)
        if seen is not None and seen[0] == depends_on:
            found.extend(seen[1])
            continue
        before = len(found)
        for prefix, text in _markdown_blocks(path):
            for number, line in _prose_lines(text):
                taken: list[tuple[int, int]] = []
                for form, concept, pattern in forms:
                    for match in pattern.finditer(line):
                        if any(s < match.end() and match.start() < e for s, e in taken):
                            continue
                        taken.append(match.span())
                        if _ESCAPE_AFTER.match(line, match.end()):
                            continue
                        found.append(Occurrence(path, f"{prefix}line {number}", match.group(), concept))
        _SCANNED[path] = (depends_on, found[before:])
    return found


def check(glossary: Glossary, paths: list[Path]) -> None:
    occurrences = find(glossary, paths)
    if occurrences:
        listed = "\n".join(f"  {o}" for o in occurrences)
        raise AvoidedTermError(f"{len(occurrences)} use(s) of terms the glossary avoids:\n{listed}")
