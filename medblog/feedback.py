"""Per-post feedback links: a pre-filled GitHub issue form and the list of issues already filed."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

FORM = "feedback.yml"  # .github/ISSUE_TEMPLATE/feedback.yml
LABEL = "feedback"
TITLE_PREFIX = "[피드백] "


def new_issue_url(repo_url: str, title: str, page_url: str) -> str:
    """Open the feedback form with the post's title and canonical URL filled in.

    GitHub issue forms take a field's value from a query parameter named after its id.
    `quote_via=quote` percent-encodes Hangul, spaces, '&', '#', '%' and '+' alike.
    """
    query = urlencode(
        {
            "template": FORM,
            "labels": LABEL,
            "title": TITLE_PREFIX + title,
            "post-title": title,
            "page-url": page_url,
        },
        quote_via=quote,
        safe="",
    )
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def existing_issues_url(repo_url: str, slug: str) -> str:
    """Feedback issues whose body mentions this post's slug (the page URL field contains it)."""
    search = f'is:issue label:{LABEL} "{slug}" in:body'
    return f"{repo_url.rstrip('/')}/issues?q={quote(search, safe='')}"


def feedback_html(repo_url: str, title: str, page_url: str, slug: str) -> str:
    new = escape(new_issue_url(repo_url, title, page_url), quote=True)
    listed = escape(existing_issues_url(repo_url, slug), quote=True)
    return (
        '<aside class="md-feedback-post" aria-labelledby="feedback-heading" data-search-exclude>'
        '<h2 id="feedback-heading" data-search-exclude>이 글에 피드백 남기기</h2>'
        "<p>틀린 수식이나 숫자, 이해하기 어려운 설명, 다뤄 주었으면 하는 주제가 있다면 알려 주세요. "
        "GitHub 이슈 양식이 이 글의 제목과 주소가 채워진 채로 열립니다.</p>"
        f'<p><a class="md-button md-button--primary" data-feedback="new" href="{new}" rel="noopener">'
        "이 글에 피드백 남기기</a> "
        f'<a class="md-button" data-feedback="list" href="{listed}" rel="noopener">이 글에 남겨진 피드백 보기</a></p>'
        "</aside>"
    )
