"""Everything derived from the one setting a fork changes: `repo_url` in mkdocs.yml."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote, urlparse


def github_owner_repo(repo_url: str) -> tuple[str, str]:
    parts = urlparse(repo_url).path.strip("/").split("/")
    if urlparse(repo_url).netloc != "github.com" or len(parts) < 2:
        raise ValueError(f"repo_url must look like https://github.com/OWNER/REPO, got {repo_url!r}")
    return parts[0], parts[1].removesuffix(".git")


def derive_site_url(repo_url: str, override: str | None = None) -> str:
    """GitHub Pages address of the repository, unless SITE_URL names a custom domain."""
    if override:
        return override.rstrip("/") + "/"
    owner, repo = github_owner_repo(repo_url)
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


def colab_url(repo_url: str, notebook: Path, branch: str = "main") -> str:
    owner, repo = github_owner_repo(repo_url)
    return f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/notebooks/{quote(notebook.name)}"


def notebook_links(repo_url: str, notebook: Path, page) -> str:
    """Download and Colab links shown at the top of a notebook post."""
    download = escape(quote(notebook.name))  # mkdocs-jupyter copies the .ipynb next to the page
    colab = escape(colab_url(repo_url, notebook), quote=True)
    return (
        '<p class="md-notebook-links" data-search-exclude>'
        f'<a class="md-button" href="{download}" download>노트북 내려받기 (.ipynb)</a> '
        f'<a class="md-button" href="{colab}" rel="noopener">Colab에서 열기</a>'
        "</p>"
    )
