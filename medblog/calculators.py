"""Interactive calculators inside posts (issue 18).

Authors write a fenced block naming the calculator and its default inputs::

    ```calculator
    name: predictive
    se: 0.8066
    sp: 0.9412
    prevalence: 0.01
    ```

`configure` registers the block as a pymdownx.superfences custom fence; the fence
renders a placeholder (the defaults as JSON, a no-script note and links to the sections
that derive the formulas). `page_assets` then, on pages that contain a calculator only,
points those links at the posts and adds the stylesheet and the scripts: the shared
core (calculators.js) and one hand-written module per formula set
(calculators-<name>.js). Everything is served from the site; no third-party request.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import PurePosixPath

import yaml
from pymdownx.slugs import slugify
from pymdownx.superfences import SuperFencesException

from medblog import root_relative

_slug = slugify(case="lower")

# name -> title, inputs (key -> example default) and the sections that derive the formulas
# (post slug, post title, heading text). The defaults are the posts' own examples.
CALCULATORS: dict[str, dict] = {
    "predictive": {
        "title": "유병률에 따른 예측도",
        "inputs": {"se": 0.8066, "sp": 0.9412, "prevalence": 0.01, "pretest": 0.8, "per": "1000"},
        "sources": [("confusion-matrix-prevalence", "혼동행렬에서 출발하기", "유병률을 바꾸면 예측도가 바뀝니다"),
                    ("confusion-matrix-prevalence", "혼동행렬에서 출발하기", "우도비와 검사후확률")],
    },
    "proportion": {
        "title": "비율의 신뢰구간",
        "inputs": {"x": 171, "n": 212, "confidence": 0.95},
        "sources": [("choosing-thresholds", "임계값 정하기", "미리 정한 임계값에서 민감도·특이도 보고하기")],
    },
    "nnt": {
        "title": "치료필요수(NNT)",
        "inputs": {"mode": "counts", "horizon": "3년", "a": 132, "n1": 1500, "c": 174, "n0": 1500, "method": "wald",
                   "p0": 0.116, "measure": "rr", "ratio": 0.759, "lower": 0.612, "upper": 0.94},
        "sources": [("effect-measures-nnt", "효과 척도", "치료필요수의 신뢰구간"),
                    ("effect-measures-nnt", "효과 척도", "Wald 구간과 Newcombe 구간")],
    },
    "netbenefit": {
        "title": "순이익",
        "inputs": {"se": 0.785, "sp": 0.7083, "prevalence": 0.2093, "threshold": 0.2},
        "sources": [("decision-curve-analysis", "결정곡선분석과 순이익", "정의와 수식")],
    },
    "samplesize": {
        "title": "외부검증 표본 크기",
        "inputs": {"c": 0.75, "prevalence": 0.1, "widthC": 0.1, "widthSlope": 0.2, "widthOE": 0.2,
                   "se": 0.687, "sp": 0.68, "halfWidth": 0.05},
        "sources": [("external-validation-sample-size", "외부검증 표본은 몇 명이어야 하나", "세 지표의 표준오차 식"),
                    ("external-validation-sample-size", "외부검증 표본은 몇 명이어야 하나", "영상 AI의 외부검증: 민감도·특이도와 순이익")],
    },
    "evalue": {
        "title": "E-값",
        "inputs": {"measure": "or", "outcome": "rare", "estimate": 2.1745, "lower": 1.984, "upper": 2.3832},
        "sources": [("e-value", "미측정 교란 민감도분석: E-값", "편향의 상한: 한계 인자"),
                    ("e-value", "미측정 교란 민감도분석: E-값", "위험비가 아닌 척도")],
    },
    "kappa": {
        "title": "카파(판독 일치도)",
        "inputs": {"table": [[31, 55], [51, 863]]},
        "sources": [("reader-agreement-kappa-icc", "판독 일치도", "카파와 가중 카파"),
                    ("reader-agreement-kappa-icc", "판독 일치도", "유병률이 낮으면 카파가 떨어진다")],
    },
}

SCRIPT_DIR = "assets/javascripts"
STYLESHEET = "assets/stylesheets/calculators.css"


class CalculatorError(SuperFencesException):
    """A calculator block the build refuses (unknown name or input): fails `mkdocs build`."""


def parse_block(source: str) -> tuple[str, dict]:
    """The calculator name and its default inputs, checked against CALCULATORS."""
    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        raise CalculatorError(f"calculator block: invalid YAML ({exc})") from None
    if not isinstance(data, dict) or "name" not in data:
        raise CalculatorError("calculator block: needs `name:` (one of " + ", ".join(CALCULATORS) + ")")
    name = str(data.pop("name"))
    if name not in CALCULATORS:
        raise CalculatorError(f"calculator block: unknown calculator {name!r} (one of {', '.join(CALCULATORS)})")
    known = CALCULATORS[name]["inputs"]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise CalculatorError(f"calculator {name!r}: unknown input(s) {', '.join(map(str, unknown))} (known: {', '.join(known)})")
    for key, value in data.items():
        if key == "table":
            ok = isinstance(value, list) and all(isinstance(r, list) and all(isinstance(c, int) for c in r) for r in value)
        else:
            ok = isinstance(value, (int, float, str)) and not isinstance(value, bool)
        if not ok:
            raise CalculatorError(f"calculator {name!r}: input {key!r} has an unusable value {value!r}")
    return name, {**known, **data}


def fence_format(source, language, class_name, options, md, **kwargs):
    name, defaults = parse_block(source)
    seen = md.__dict__.setdefault("_medcalc_seen", {})
    seen[name] = seen.get(name, 0) + 1
    prefix = name if seen[name] == 1 else f"{name}{seen[name]}"
    spec = CALCULATORS[name]
    links = ", ".join(
        f'<a href="#{html.escape(_slug(heading, "-"))}" data-medcalc-post="{slug}">{html.escape(title)} › {html.escape(heading)}</a>'
        for slug, title, heading in spec["sources"]
    )
    example = ", ".join(f"{k} = {v}" for k, v in defaults.items() if k in _shown(name, defaults))
    return (
        f'<div class="medcalc" id="calc-{prefix}" data-calc="{name}" data-prefix="{prefix}" '
        f'data-defaults="{html.escape(json.dumps(defaults, ensure_ascii=False), quote=True)}">'
        f'<p class="medcalc__noscript"><strong>{html.escape(spec["title"])} 계산기</strong>: '
        f"자바스크립트가 켜져 있으면 여기에서 직접 계산할 수 있습니다(예시 입력: {html.escape(example)}).</p>"
        f'<p class="medcalc__source">식의 유도: {links}</p>'
        "</div>"
    )


def _shown(name: str, defaults: dict) -> set[str]:
    if name == "nnt":  # only the inputs of the chosen mode
        counts = {"mode", "horizon", "a", "n1", "c", "n0", "method"}
        return counts if defaults.get("mode") == "counts" else {"mode", "horizon", "p0", "measure", "ratio", "lower", "upper"}
    return set(defaults)


def fence_validator(language, inputs, options, attrs, md):
    return True


def configure(config) -> None:
    """Register the ```calculator fence with pymdownx.superfences (called from on_config)."""
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = superfences.setdefault("custom_fences", [])
    if not any(f.get("name") == "calculator" for f in fences):
        fences.append({"name": "calculator", "class": "medcalc", "format": fence_format, "validator": fence_validator})


CALC = re.compile(r'<div class="medcalc" id="[^"]*" data-calc="([a-z]+)"')
SOURCE_LINK = re.compile(r'<a href="#([^"]*)" data-medcalc-post="([a-z0-9-]+)">(.*?)</a>')


def page_assets(html: str, page, config) -> tuple[str, str]:
    """On a page with a calculator: its content with the derivation links resolved, and the
    stylesheet and scripts it needs in <head> ('' when the page has no calculator)."""
    names = list(dict.fromkeys(CALC.findall(html)))
    if not names:
        return html, ""
    base = root_relative(page)
    here = PurePosixPath(page.file.src_uri).stem
    posts = {}
    blog = config.plugins.get("material/blog")
    if blog is not None:
        posts = {PurePosixPath(post.file.src_uri).stem: post.url for post in blog.blog.posts}

    def link(match: re.Match) -> str:
        anchor, slug, text = match.groups()
        if slug == here:
            return match.group(0)
        if slug in posts:
            return f'<a href="{base}{posts[slug]}#{anchor}" data-medcalc-post="{slug}">{text}</a>'
        return f"<span>{text}</span>"  # the post is not part of this build

    html = SOURCE_LINK.sub(link, html)
    tags = f'<link rel="stylesheet" href="{base}{STYLESHEET}">'
    tags += f'<script defer src="{base}{SCRIPT_DIR}/calculators.js"></script>'
    tags += "".join(f'<script defer src="{base}{SCRIPT_DIR}/calculators-{name}.js"></script>' for name in names)
    return html, tags
