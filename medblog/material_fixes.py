"""Small repairs to Material's own markup, applied to every built page.

Each fixes an accessibility (axe) or validity (vnu) error that Material 9.8's templates
produce; the test suite runs both checkers on every page type. A repair whose anchor is
no longer in Material's markup fails the build, naming the page, the template and the
markup it expected: after an upgrade the repair must be checked, never silently skipped.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

SEARCH_DIALOG = 'class="md-search" data-md-component="search" role="dialog"'
PIN = re.compile(r'<span class="md-pin"></span>(\s*</ul>)')


class MarkupDrift(PluginError):
    """Material's markup changed where the site repairs it."""


def _expect(html: str, anchor: str, where: str, template: str) -> None:
    if anchor not in html:
        raise MarkupDrift(f"{where}: Material's {template} no longer contains {anchor!r}; "
                          "check the repair in medblog/material_fixes.py against the new markup")


def fix(html: str, where: str = "page") -> str:
    # the search dialog has no accessible name (axe: aria-dialog-name); every page has search
    if 'data-md-component="search"' in html or "md-search" in html:
        _expect(html, SEARCH_DIALOG, where, "partials/search.html")
        html = html.replace(SEARCH_DIALOG, SEARCH_DIALOG + ' aria-label="검색"')
    # empty tabindex on navigation labels is not an integer (vnu)
    html = html.replace(' tabindex=""', "")
    # blog posts hide the table-of-contents toggle, yet keep a label pointing to it (vnu)
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    # the pinned-post marker sits directly inside a <ul> (axe: list; vnu)
    if 'class="md-pin"' in html:
        html, count = PIN.subn(r'<li class="md-pin-item"><span class="md-pin"></span></li>\1', html)
        if not count:
            raise MarkupDrift(f"{where}: Material's partials/post.html no longer puts the pin marker "
                              "'<span class=\"md-pin\"></span>' right before '</ul>'; check medblog/material_fixes.py")
    return html
