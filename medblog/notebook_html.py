"""Checks and clean-up of the HTML that mkdocs-jupyter renders for a notebook post."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from html import escape
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from PIL import Image

STDERR = "application/vnd.jupyter.stderr"
ERROR = "application/vnd.jupyter.error"


def check_notebook_html(html: str, source: Path) -> None:
    """A published notebook shows no warnings or tracebacks: fail the build instead.
    (medblog/execute.py already refuses them at execution; this guards the rendered page.)"""
    if STDERR not in html and ERROR not in html:  # the common case: no parsing at all
        return
    soup = BeautifulSoup(html, "html.parser")
    if soup.find(attrs={"data-mime-type": ERROR}):
        raise PluginError(f"{source}: a cell raised an error while executing")
    stderr = soup.find(attrs={"data-mime-type": STDERR})
    if stderr:
        lines = stderr.get_text().strip().splitlines() or ["(empty)"]
        raise PluginError(f"{source}: a cell wrote to stderr (warnings are not published): {lines[0][:300]}")


WRAPPER_START = '<div class="jupyter-wrapper"'
WRAPPER_END = "</div> <!-- jupyter-wrapper -->"
OPENING_WRAPPERS = re.compile(r'\A<div class="jupyter-wrapper"[^>]*>\s*<div class="jp-Notebook"[^>]*>')
CLIPBOARD = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>', re.S)
COPY_TEXT = re.compile(r'<div class="clipboard-copy-txt" id="cell-\d+">.*?</div>', re.S)  # code repeated for the copy button
PROMPT = re.compile(r'<div class="jp-(?:Input|Output)Prompt jp-(?:InputArea|OutputArea)-prompt">[^<]*</div>')
SCOPED_STYLE = re.compile(r"<style scoped(?:=\"\")?>.*?</style>\s*", re.S)  # pandas tables: invalid in <body>; site.css styles them
WHITESPACE_TOKEN = re.compile(r'<span class="w">(\s*)</span>')
CODE = re.compile(r'<div class="highlight-ipynb hl-(\w+)"><pre>(.*?)</pre></div>', re.S)


def clean_notebook_markdown(content: str) -> str:
    """Keep only the notebook body that mkdocs-jupyter rendered, in Material's own styling.

    Dropped: about 575 KB of JupyterLab CSS inlined in every page (site.css styles
    notebooks instead), the clipboard script and the second copy of every code cell
    it copies from (Material's copy button serves), the In [n] prompts, and a
    Python list repr of the CSS that mkdocs-jupyter 0.27 leaves after the notebook,
    which rendered as a visible code block, and the <style scoped> pandas puts before each
    table (not valid inside <body>; site.css styles .dataframe tables).
    """
    start = content.find(WRAPPER_START)
    end = content.rfind(WRAPPER_END)
    if start < 0 or end < 0:
        raise ValueError("unexpected mkdocs-jupyter output: notebook wrapper not found")
    body = content[start:end]
    # Drop the two wrapper divs too: their closing tags end up wrapped in <p> by
    # md_in_html. Cells keep their jp-* classes, which site.css styles.
    body = OPENING_WRAPPERS.sub("", body, count=1).replace("</div> <!-- jp-Notebook -->", "")
    body = CLIPBOARD.sub("", body)
    body = COPY_TEXT.sub("", body)
    body = PROMPT.sub("", body)
    body = SCOPED_STYLE.sub("", body)
    body = WHITESPACE_TOKEN.sub(r"\1", body).replace("<span></span>", "")  # Pygments whitespace tokens
    body = wrap_code_cells(body)
    # Code cells become Material code blocks (highlighting classes and copy button).
    body = CODE.sub(r'<div class="language-\1 highlight"><pre><code>\2</code></pre></div>', body)
    return body


CELL_START = re.compile(r'<div class="jp-Cell jp-(?:CodeCell|MarkdownCell)[^"]*"(?![^>]*\bid=)[^>]*>')
SETUP_SUMMARY = "실행 준비 코드 (라이브러리, 한글 글꼴, 난수 시드)"
SOURCE_SUMMARY = "코드 보기"
SHOW_CODE_TAG = "celltag_show-code"  # cell tag `show-code`: the author keeps this code open
DIV = re.compile(r"<div\b|</div>")


def _div_end(html: str, start: int) -> int:
    """Index just past the </div> closing the <div ...> that opens at `start`."""
    depth = 0
    for match in DIV.finditer(html, start):
        depth += 1 if match.group() == "<div" else -1
        if depth == 0:
            return match.end()
    raise ValueError("unbalanced <div> in a notebook cell")


def _fold_input(cell: str) -> str:
    """Put the code of a cell behind a "코드 보기" control; its outputs stay in view."""
    start = cell.find('<div class="jp-Cell-inputWrapper"')
    if start < 0:
        return cell
    end = _div_end(cell, start)
    opened = " open" if SHOW_CODE_TAG in cell[:300] else ""
    return (f'{cell[:start]}<details class="md-notebook-source"{opened}><summary>{SOURCE_SUMMARY}</summary>'
            f"{cell[start:end]}</details>{cell[end:]}")


def wrap_code_cells(body: str) -> str:
    """Put each code cell (input and outputs) in a <section data-search-exclude>, its code folded.

    Search is for concepts, so code and printed outputs stay out of the index. The marker
    sits on a <section> because Material's search parser forgets an excluded element at the
    first closing tag of the same name inside it, and code cells nest many <div>s.
    Code is folded behind "코드 보기" (a page-level switch opens it all; a cell tagged
    `show-code` stays open); outputs and figures stay visible. The first code cell
    (imports, Korean font, seed) is folded whole in a <details> when it prints nothing.
    """
    starts = [m.start() for m in CELL_START.finditer(body)] + [len(body)]
    pieces, first = [body[:starts[0]]], True
    for start, end in zip(starts, starts[1:]):
        cell = body[start:end]
        if "jp-CodeCell" not in cell[:80]:
            pieces.append(cell)
            continue
        if first and "jp-mod-noOutputs" in cell[:200]:
            section = f'<section class="md-notebook-code" data-search-exclude>\n{cell}</section>\n'
            section = f'<details class="md-notebook-setup" data-search-exclude><summary>{SETUP_SUMMARY}</summary>\n{section}</details>\n'
        else:
            section = f'<section class="md-notebook-code" data-search-exclude>\n{_fold_input(cell)}</section>\n'
        first = False  # only the notebook's first code cell is a candidate for the setup fold
        pieces.append(section)
    return "".join(pieces)


def excerpt_markdown(post) -> str:
    """What list pages show: the post up to `<!-- more -->` (for a notebook, its first cell).

    Material's blog renders each excerpt by converting the post's whole Markdown and cutting
    it at the separator, for every list page that shows it; handing it only the excerpt
    spares converting long posts again and again. Material shows "계속 읽기" only when
    something follows the separator: a placeholder stands in for the rest.
    """
    return post.excerpt + "\n\n<!-- more -->\n\n<!-- the rest of the post -->\n"


INLINE_IMAGE = re.compile(r'<img alt="[^"]*"( class="[^"]*")? src="data:image/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)"[^>]*>')


def extract_images(html: str, out_dir: Path, stem: str, figures: list[dict], source: Path) -> str:
    """Move base64 figures out of the page into cacheable files named by their content, and
    give each the author's alt text and, when the author wrote one, a numbered caption.

    `figures` comes from the `#| fig-alt:` / `#| fig-cap:` options of the notebook's cells,
    in output order (medblog/execute.py checked every figure has alt text). A figure is
    written once: the same bytes give the same name and nothing is re-encoded.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    matches = list(INLINE_IMAGE.finditer(html))
    if len(matches) != len(figures):
        raise PluginError(f"{source}: the page shows {len(matches)} figure(s) but the notebook describes {len(figures)}; "
                          "every figure needs its '#| fig-alt:' in the cell that draws it")
    pieces, last = [], 0
    for number, (match, figure) in enumerate(zip(matches, figures), 1):
        kind = match.group(2)
        data = base64.b64decode(match.group(3))
        digest = hashlib.sha256(data).hexdigest()[:12]
        name = f"{stem}-{digest}.{'png' if kind == 'png' else 'jpg'}"
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            width, height = image.size
        target = out_dir / name
        if not target.exists():
            target.write_bytes(data)
        img = (f'<img alt="{escape(figure["alt"], quote=True)}" src="{name}" width="{width}" height="{height}" '
               'loading="lazy" decoding="async">')
        caption = f'<figcaption>그림 {number}. {escape(figure["caption"])}</figcaption>' if figure["caption"] else ""
        pieces.append(html[last:match.start()])
        pieces.append(f'<figure class="md-notebook-figure" id="fig-{number}">{img}{caption}</figure>')
        last = match.end()
    pieces.append(html[last:])
    return "".join(pieces)


def notebook_readtime(executed: Path, words_per_minute: int) -> int:
    """Minutes to read a notebook post: words of its Markdown cells and its figures, with
    Material's own rule (words per minute, 12 s for the first image, one second less for
    each next one down to 3 s). Code and printed outputs are not counted."""
    import json
    from math import ceil

    notebook = json.loads(Path(executed).read_text(encoding="utf-8"))
    text, images = [], 0
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown":
            text.append(re.sub(r"\A---.*?---", "", source, flags=re.S))
        for output in cell.get("outputs", []):
            images += any(kind.startswith("image/") for kind in output.get("data", {}))
    seconds = ceil(len(re.split(r"\W+", " ".join(text))) / words_per_minute * 60)
    delta = 12
    for _ in range(images):
        seconds += delta
        delta = max(delta - 1, 3)
    return max(1, ceil(seconds / 60))
