"""Mutation checks for the guarantees that matter most: switch the feature off and show
that the suite's own check then fails. A check that still passed would protect nothing.

- the feedback link on every post (medblog/feedback.py),
- no request to a third-party host (here: Material's repository widget, which asks
  api.github.com, put back by removing overrides/partials/source.html),
- a cell that writes to stderr fails the build (medblog/execute.py, medblog/notebook_html.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import serve
from conftest import FIXTURES, Built, build, fixture_notebooks, fixture_posts, make_project
from test_bad_input import check_stderr_fails_the_build
from test_blog import MARKDOWN_TITLE, MARKDOWN_URL, check_feedback_link
from test_pages_in_browser import check_no_foreign_request


def build_in_process(project) -> Built:
    """Build in this process, so that monkeypatched medblog functions are the ones the hooks use."""
    import logging

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())
    logging.getLogger("mkdocs").addHandler(handler)
    returncode = 0
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except Exception as exc:  # noqa: BLE001 (any failure is a failed build)
        returncode = 1
        records.append(str(exc))
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return Built(project, project / "site", returncode, "\n".join(records))


def test_feedback_check_fails_without_the_feedback_link(tmp_path, monkeypatch):
    import medblog.feedback

    monkeypatch.setattr(medblog.feedback, "feedback_html", lambda *args: "")
    built = build_in_process(make_project(tmp_path / "project", fixture_posts(), fixture_notebooks()))
    assert built.returncode == 0, built.output[-2000:]
    soup = BeautifulSoup((built.site / MARKDOWN_URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    with pytest.raises(AssertionError):
        check_feedback_link(soup, MARKDOWN_URL, MARKDOWN_TITLE)


def test_third_party_check_catches_material_repository_widget(tmp_path, chromium):
    project = make_project(tmp_path / "project", fixture_posts(), fixture_notebooks())
    (project / "overrides" / "partials" / "source.html").unlink()  # Material's own widget is back
    built = build(project)
    assert built.returncode == 0, built.output[-2000:]
    with serve(built.site) as base:
        page = chromium.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base, wait_until="networkidle")
        page.close()
    with pytest.raises(AssertionError, match="api.github.com"):
        check_no_foreign_request(requests, urlsplit(base).netloc)


def test_stderr_check_fails_when_the_stderr_guard_is_off(tmp_path, monkeypatch):
    import medblog.execute
    import medblog.notebook_html

    real = medblog.execute._first_problem

    def errors_only(nb):  # report raised errors, forget stderr
        problem = real(nb)
        return problem if problem and "stderr" not in problem[1] else None

    monkeypatch.setattr(medblog.execute, "_first_problem", errors_only)
    # the rendered-page guard looks for these markers; with them unmatched it sees nothing
    monkeypatch.setattr(medblog.notebook_html, "STDERR", "\0no such marker\0")
    monkeypatch.setattr(medblog.notebook_html, "ERROR", "\0no such marker\0")
    project = make_project(tmp_path / "project", notebooks=[FIXTURES / "bad" / "missing-glyph.ipynb"])
    built = build_in_process(project)
    assert built.returncode == 0, built.output[-2000:]  # the warning went through unnoticed
    with pytest.raises(AssertionError):
        check_stderr_fails_the_build(built)
