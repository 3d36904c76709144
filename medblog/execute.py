"""Notebook execution owned by the project: parallel, cached by what can change a result.

The build executes every notebook post here, before mkdocs-jupyter renders it (with
`execute: false`). An executed notebook is cached under a key made of

- the notebook's code cells (source and tags) and kernel,
- the locked requirements (requirements.txt), the Python version and the cell timeout,

so editing prose (a Markdown cell) never re-executes, a library upgrade re-executes
everything, and the key does not depend on where the repository sits on disk. The
outputs are kept per key in `.cache/medblog/outputs/`; the notebook mkdocs-jupyter renders
is the author's current notebook with those outputs spliced in, written to
`.cache/medblog/executed/<name>.ipynb` only when it changed.

Notebooks that need executing run several at a time (one per CPU, BLAS limited to one
thread per kernel, kernels over IPC sockets). Each one logs a line when it starts and
ends; a summary lists the slowest. A cell that raises, times out or writes to stderr
fails the build naming the .ipynb and the cell.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from medblog import AuthorError

log = logging.getLogger("mkdocs.plugins.medblog")

CACHE_FORMAT = "medblog-exec-v2"
THREAD_LIMITS = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")}


class NotebookExecutionError(AuthorError):
    """A notebook cell raised, timed out or wrote to stderr; the message names file and cell."""


@dataclass
class Result:
    source: Path
    executed: Path  # the notebook to render: current cells, cached outputs
    ran: bool  # executed in this build (False: outputs came from the cache)
    seconds: float = 0.0


OPTION = re.compile(r"^#\|\s*([A-Za-z][\w-]*)\s*:(.*)$")


def cell_options(source: str) -> tuple[dict, str]:
    """Quarto-style cell options (`#| fig-alt: "..."` lines at the top of a code cell)
    and the source without them (what readers see)."""
    lines = source.splitlines(keepends=True)
    options, body_start = {}, 0
    for number, line in enumerate(lines):
        match = OPTION.match(line.rstrip("\n"))
        if not match:
            break
        try:
            value = yaml.safe_load(match.group(2)) if match.group(2).strip() else None
        except yaml.YAMLError as exc:
            raise ValueError(f"option '{match.group(1)}' is not valid YAML: {exc}") from None
        options[match.group(1)] = value
        body_start = number + 1
    return options, "".join(lines[body_start:])


def _code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def cache_key(nb, requirements: bytes, timeout: int) -> str:
    """What can change a notebook's outputs; never its path or its prose."""
    hasher = hashlib.sha256()
    parts = [CACHE_FORMAT, sys.version, f"timeout={timeout}", json.dumps(nb.metadata.get("kernelspec", {}), sort_keys=True)]
    for part in parts:
        hasher.update(part.encode() + b"\0")
    hasher.update(requirements + b"\0")
    for cell in _code_cells(nb):
        hasher.update(cell_options(cell.source)[1].encode() + b"\0")  # options never change outputs
        hasher.update(json.dumps(cell.metadata.get("tags", []), sort_keys=True).encode() + b"\0")
    return hasher.hexdigest()[:32]


def _first_problem(nb) -> tuple[int, str] | None:
    """(cell number counted from 1, description) of the first error or stderr output."""
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return number, f"{output.get('ename')}: {output.get('evalue')}"
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                first = (output.get("text", "").strip().splitlines() or ["(empty)"])[0]
                return number, f"wrote to stderr (warnings are not published): {first[:300]}"
    return None


def _run(source: Path, timeout: int) -> tuple[list, float]:
    """Execute one notebook; return the outputs of its code cells."""
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(source, as_version=4)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="medblog-kernel-") as sockets:
        km = AsyncKernelManager(kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
                           transport="ipc", ip=os.path.join(sockets, "k"))
        running = [0]  # number (from 1, counting every cell) of the cell being executed
        client = NotebookClient(nb, km=km, timeout=timeout, allow_errors=False,
                                resources={"metadata": {"path": str(source.parent)}},
                                on_cell_start=lambda cell, cell_index: running.__setitem__(0, cell_index + 1))
        try:
            client.execute(env={**os.environ, **THREAD_LIMITS})
        except CellTimeoutError:
            raise NotebookExecutionError(f"{source}: cell {running[0]} timed out after {timeout} s (cell timeout)") from None
        except CellExecutionError as exc:
            raise NotebookExecutionError(f"{source}: cell {running[0]} raised {exc.ename}: {exc.evalue}") from None
        except DeadKernelError as exc:
            raise NotebookExecutionError(f"{source}: the kernel died while executing ({exc})") from None
    problem = _first_problem(nb)
    if problem:
        raise NotebookExecutionError(f"{source}: cell {problem[0]} {problem[1]}")
    outputs = [{"outputs": cell.get("outputs", []), "execution_count": cell.get("execution_count")} for cell in _code_cells(nb)]
    return outputs, time.perf_counter() - started


def _splice(nb, outputs: list) -> None:
    for cell, saved in zip(_code_cells(nb), outputs, strict=True):
        cell["outputs"] = [nbformat.from_dict(output) for output in saved["outputs"]]
        cell["execution_count"] = saved["execution_count"]


def take_figure_options(nb, source: Path) -> list[dict]:
    """Alt text and captions of the notebook's figures, in the order the page shows them.

    Every image a code cell outputs needs `#| fig-alt:` (what the figure shows: axes, the
    comparison that matters); `#| fig-cap:` adds a visible numbered caption. A cell with
    several figures gives lists. The option lines are removed from the code readers see.
    """
    figures = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        try:
            options, body = cell_options(cell.source)
        except ValueError as exc:
            raise NotebookExecutionError(f"{source}: cell {number}: {exc}") from None
        cell.source = body
        images = sum(1 for o in cell.get("outputs", []) if any(k in o.get("data", {}) for k in ("image/png", "image/jpeg")))
        alts, caps = options.get("fig-alt"), options.get("fig-cap")
        if not images:
            if alts or caps:
                raise NotebookExecutionError(f"{source}: cell {number} has fig-alt/fig-cap but draws no figure")
            continue
        alts = alts if isinstance(alts, list) else [alts] if alts else []
        caps = caps if isinstance(caps, list) else [caps] if caps else [None] * images
        if len(alts) != images or not all(isinstance(a, str) and a.strip() for a in alts):
            raise NotebookExecutionError(
                f"{source}: cell {number} draws {images} figure(s) but has {len(alts)} '#| fig-alt:' text(s); "
                "alt text is content: say what each figure shows (axes, the comparison that matters)")
        if len(caps) != images:
            raise NotebookExecutionError(f"{source}: cell {number} draws {images} figure(s) but has {len(caps)} '#| fig-cap:' caption(s)")
        figures += [{"cell": number, "alt": alt.strip(), "caption": (cap or "").strip()} for alt, cap in zip(alts, caps)]
    return figures


def _stamp(source: Path, requirements: bytes, timeout: int) -> str:
    return hashlib.sha256(b"\0".join([CACHE_FORMAT.encode(), sys.version.encode(), str(timeout).encode(),
                                       requirements, source.read_bytes()])).hexdigest()[:32]


def _fresh(executed: Path, stamp: str) -> bool:
    """The executed copy was made from these bytes, and its outputs are still in the cache."""
    marker = executed.with_suffix(".stamp")
    if not (executed.is_file() and marker.is_file() and executed.with_suffix(".figures.json").is_file()):
        return False
    made_from, _, key = marker.read_text(encoding="utf-8").partition(" ")
    return made_from == stamp and (executed.parent.parent / "outputs" / f"{key}.json").is_file()


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


class Executor:
    """Executes and caches the notebook posts of one project."""

    def __init__(self, root: Path, timeout: int, workers: int | None = None):
        self.root = Path(root)
        self.timeout = timeout
        self.workers = max(1, workers or os.cpu_count() or 1)
        cache = self.root / ".cache" / "medblog"
        self.outputs_dir = cache / "outputs"
        self.executed_dir = cache / "executed"
        requirements = self.root / "requirements.txt"
        self.requirements = requirements.read_bytes() if requirements.exists() else b""
        self.executions = 0  # notebooks executed by this Executor (tests count them)

    def run(self, sources: list[Path]) -> dict[Path, Result]:
        self.outputs_dir.mkdir(parents=True, exist_ok=True)
        self.executed_dir.mkdir(parents=True, exist_ok=True)
        results: dict[Path, Result] = {}
        # An executed copy is up to date when the notebook's bytes and the execution context
        # are those it was made from (a stamp beside it): then nothing is parsed or written,
        # which keeps a preview rebuild from re-reading every notebook.
        stamps = {Path(s): _stamp(Path(s), self.requirements, self.timeout) for s in sources}
        stale = [s for s in stamps if not _fresh(self.executed_dir / s.name, stamps[s])]
        notebooks = {s: nbformat.read(s, as_version=4) for s in stale}
        keys = {s: cache_key(nb, self.requirements, self.timeout) for s, nb in notebooks.items()}
        todo = [s for s in notebooks if not (self.outputs_dir / f"{keys[s]}.json").exists()]
        if todo:
            results.update(self._execute(todo, keys))
        for source, nb in notebooks.items():
            saved = json.loads((self.outputs_dir / f"{keys[source]}.json").read_text(encoding="utf-8"))
            _splice(nb, saved)
            figures = take_figure_options(nb, source)
            executed = self.executed_dir / source.name
            _write_if_changed(executed, nbformat.writes(nb) + "\n")
            executed.with_suffix(".figures.json").write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
            executed.with_suffix(".stamp").write_text(f"{stamps[source]} {keys[source]}", encoding="utf-8")
        for source in stamps:
            executed = self.executed_dir / source.name
            result = results.get(source) or Result(source, executed, ran=False)
            result.executed = executed
            results[source] = result
        return results

    def _execute(self, todo: list[Path], keys: dict[Path, str]) -> dict[Path, Result]:
        total, done, results, failures = len(todo), 0, {}, []
        log.info("medblog: executing %d notebook(s), %d at a time", total, min(self.workers, total))
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = {}
            for source in todo:
                futures[pool.submit(self._run_logged, source)] = source
            for future in as_completed(futures):
                source = futures[future]
                done += 1
                try:
                    outputs, seconds = future.result()
                except NotebookExecutionError as exc:
                    failures.append(str(exc))
                    log.info("medblog: [%d/%d] %s failed", done, total, source.name)
                    continue
                self.executions += 1
                (self.outputs_dir / f"{keys[source]}.json").write_text(json.dumps(outputs), encoding="utf-8")
                results[source] = Result(source, source, ran=True, seconds=seconds)
                log.info("medblog: [%d/%d] %s executed in %.1f s", done, total, source.name, seconds)
        if failures:
            raise NotebookExecutionError("\n".join(sorted(failures)))
        wall = time.perf_counter() - started
        serial = sum(r.seconds for r in results.values())
        slowest = sorted(results.values(), key=lambda r: -r.seconds)[:5]
        log.info("medblog: executed %d notebook(s) in %.1f s (%.1f s of kernel time, %d at a time); slowest: %s",
                 len(results), wall, serial, min(self.workers, total),
                 ", ".join(f"{r.source.name} {r.seconds:.1f} s" for r in slowest))
        return results

    def _run_logged(self, source: Path) -> tuple[list, float]:
        log.info("medblog: running %s", source.name)
        return _run(source, self.timeout)

    def evict(self, keep: list[Path]) -> None:
        """Drop cached outputs and executed copies no current notebook uses."""
        wanted = set()
        for source in keep:
            marker = (self.executed_dir / Path(source).name).with_suffix(".stamp")
            if marker.is_file():
                wanted.add(marker.read_text(encoding="utf-8").partition(" ")[2])
        for saved in self.outputs_dir.glob("*.json"):
            if saved.stem not in wanted:
                saved.unlink()
        names = {Path(s).stem for s in keep}
        for executed in self.executed_dir.iterdir():
            if executed.name.split(".")[0] not in names:
                executed.unlink()
