"""고친 내용: the corrections a published post received, listed at its end.

A research notebook keeps its errata in view, as journals do: the front matter's
`corrections` (validated in frontmatter.py, newest date = `updated`) becomes a dated list
after the article. The same `updated` feeds 수정일 in the citation block, `dateModified`
in JSON-LD, Material's "updated" date and the RSS feed of updates.
"""

from __future__ import annotations

import datetime as dt
from html import escape


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def corrections_html(meta: dict) -> str:
    items = sorted(meta.get("corrections") or [], key=lambda item: _as_date(item["date"]), reverse=True)
    if not items:
        return ""
    rows = "".join(
        f'<li><time datetime="{day.isoformat()}">{day.year}년 {day.month}월 {day.day}일</time> {escape(item["note"].strip())}</li>'
        for item in items
        for day in [_as_date(item["date"])]
    )
    return (
        '<section class="md-corrections" aria-labelledby="corrections-heading" data-search-exclude>'
        '<h2 id="corrections-heading">고친 내용</h2>'
        f'<ul class="md-corrections__list">{rows}</ul></section>'
    )
