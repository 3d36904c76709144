"""Small repairs to Material's own markup, applied to every built page.

Each fixes an accessibility (axe) or validity (vnu) error that Material 9.8's templates
produce; the test suite runs both checkers on every page type.
"""

from __future__ import annotations

import re



def fix(html: str) -> str:
    # the search dialog has no accessible name (axe: aria-dialog-name)
    html = html.replace('class="md-search" data-md-component="search" role="dialog"',
                        'class="md-search" data-md-component="search" role="dialog" aria-label="검색"')
    # empty tabindex on navigation labels is not an integer (vnu)
    html = html.replace(' tabindex=""', "")
    # blog posts hide the table-of-contents toggle, yet keep a label pointing to it (vnu)
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    # the pinned-post marker sits directly inside a <ul> (axe: list; vnu)
    html = re.sub(r'<span class="md-pin"></span>(\s*</ul>)', r'<li class="md-pin-item"><span class="md-pin"></span></li>\1', html)
    return html
