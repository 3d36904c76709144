"""Formulas rendered at build time: pages carry KaTeX's HTML (and MathML for screen
readers) instead of a script that draws them in the reader's browser.

pymdownx.arithmatex (generic mode) marks formulas as `<span class="arithmatex">\\(…\\)</span>`
and `<div class="arithmatex">\\[…\\]</div>`. Each is rendered once by the KaTeX copy the
site already serves (docs/assets/vendor/katex/katex.min.js), run by Node.js in one
long-lived process; results are cached by formula in `.cache/medblog/katex.json`, so a
rebuild renders only new formulas. Only the KaTeX stylesheet and fonts reach the reader.
A formula KaTeX cannot parse fails the build, naming the page and the formula.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

from mkdocs.exceptions import PluginError

ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
NODE_PROGRAM = r"""
const katex = require(process.argv[1]);
const readline = require("readline");
const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const { tex, display } = JSON.parse(line);
  let reply;
  try {
    reply = { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "htmlAndMathml" }) };
  } catch (error) {
    reply = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
"""


class MathRenderer:
    def __init__(self, root: Path, katex_js: Path):
        self.katex_js = Path(katex_js)
        self.cache_path = Path(root) / ".cache" / "medblog" / "katex.json"
        version = hashlib.sha256(self.katex_js.read_bytes()).hexdigest()[:12] if self.katex_js.is_file() else "-"
        self.version = version
        self.cache: dict[str, str] = {}
        if self.cache_path.is_file():
            try:
                self.cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
            except ValueError:
                self.cache = {}
        self.dirty = False
        self.used: set[str] = set()
        self.process: subprocess.Popen | None = None

    def _node(self) -> subprocess.Popen:
        if self.process is None:
            node = shutil.which("node")
            if node is None:
                raise PluginError("formulas are rendered at build time with KaTeX, which needs Node.js: "
                                  "install 'node' (Debian: apt-get install nodejs)")
            self.process = subprocess.Popen([node, "-e", NODE_PROGRAM, str(self.katex_js)], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
            atexit.register(self.close)
        return self.process

    def render_one(self, tex: str, display: bool, where: str) -> str:
        key = hashlib.sha256(f"{self.version}\0{int(display)}\0{tex}".encode()).hexdigest()[:32]
        self.used.add(key)
        if key not in self.cache:
            node = self._node()
            node.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            node.stdin.flush()
            reply = json.loads(node.stdout.readline())
            if "error" in reply:
                raise PluginError(f"{where}: KaTeX cannot render the formula {tex!r}: {reply['error']}")
            self.cache[key] = reply["html"]
            self.dirty = True
        return self.cache[key]

    def render(self, html: str, where: str) -> str:
        def replace(match: re.Match) -> str:
            # Notebook Markdown cells reach arithmatex already escaped once (&lt; becomes &amp;lt;):
            # unescape twice; TeX itself never contains an HTML entity.
            tag, source = match.group(1), unescape(unescape(match.group(2))).strip()
            display = source.startswith("\\[")
            tex = source[2:-2] if source[:2] in ("\\[", "\\(") else source
            return f'<{tag} class="arithmatex">{self.render_one(tex, display, where)}</{tag}>'

        return ARITHMATEX.sub(replace, html)

    def save(self, prune: bool = False) -> None:
        """Write new formulas; after a full build (`prune`), forget formulas no page uses."""
        if prune and set(self.cache) - self.used:
            self.cache = {k: v for k, v in self.cache.items() if k in self.used}
            self.dirty = True
        if self.dirty:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            self.cache_path.write_text(json.dumps(self.cache, ensure_ascii=False), encoding="utf-8")
            self.dirty = False

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=10)
            self.process = None
