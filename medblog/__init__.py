"""Build extensions of 의료AI 연구노트: the post contract, MkDocs hooks and authoring commands."""

from pathlib import Path


class AuthorError(Exception):
    """A mistake in what an author wrote (a post, a notebook, the glossary, the profile).
    Every subclass's message names the file and the field or place; the build shows it as is."""

ROOT = Path(__file__).resolve().parent.parent  # the repository
POSTS_DIR = ROOT / "posts"
NOTEBOOKS_DIR = ROOT / "notebooks"
TEMPLATES_DIR = ROOT / "templates"


def load_yaml(text: str):
    """yaml.safe_load through libyaml when PyYAML has it (the same safe constructors, ~10×
    faster: the glossary and every post's front matter are read on each rebuild)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def project_root(config) -> Path:
    """The folder of the mkdocs.yml being built (the repository, or a test project)."""
    return Path(config.config_file_path).resolve().parent


def root_relative(page) -> str:
    """Relative path from a built page to the site root, e.g. '../../../' for 2026/11/slug/."""
    return "../" * page.url.count("/")


def add_to_head(page, html: str) -> None:
    """Queue markup for the page's <head>: overrides/main.html prints `page.medblog_head`
    in Material's `extrahead` block (set during on_page_context, before the template renders)."""
    from markupsafe import Markup

    page.medblog_head = Markup(str(getattr(page, "medblog_head", "") or "") + html)
