"""Build extensions of 의료AI 연구노트: the post contract, MkDocs hooks and authoring commands."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
POSTS_DIR = ROOT / "posts"
NOTEBOOKS_DIR = ROOT / "notebooks"
TEMPLATES_DIR = ROOT / "templates"
