"""`make test` on a fresh clone, after install: wall time, and how it splits into lint, mypy, pytest, evals and the
wheel check.

    python benchmarks/bench_make_test.py [--working-tree] [--targets lint typecheck ...]

Clones this repository's HEAD into a temporary folder (`--working-tree`: with the uncommitted changes and new
files laid over it, to measure before a commit), gives the clone a venv of its own holding the installed
dependencies of this checkout's .venv as links (no download) and installs the clone into it editable, marked
installed for the Makefile; only then times `make test` there. Each recipe line
runs through a shell that notes its start, end and exit status, which gives the split in the same run. Nothing in
this checkout or its .venv is changed.

Writes docs/performance.md "## make test on a fresh clone" (target: ≤ 3 min) when the whole `make test` ran;
`--targets` runs only those Makefile targets (to try the benchmark out) and writes nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import write_section  # noqa: E402

TARGET_S = 180.0
TITLE = "make test on a fresh clone"
# Which part of `make test` a recipe line belongs to, by what it runs (the Makefile's test prerequisites).
PARTS = [
    ("lint (ruff check, ruff format --check)", re.compile(r"\bruff\b")),
    ("typecheck (mypy --strict on coach/)", re.compile(r"\bmypy\b")),
    ("pytest", re.compile(r"-m pytest\b")),
    ("evals (offline suite against the baseline)", re.compile(r"\bcoach eval\b")),
    ("wheel (built, installed in a fresh venv, run)", re.compile(r"wheel_check")),
    ("install (pip; should not run: the clone is installed)", re.compile(r"\bpip\b")),
]
# Runs each recipe line as /bin/sh would, and appends "start end status command" (tab-separated) to $TIMES.
TIMING_SHELL = """#!/bin/bash
start=$(date +%s.%N)
/bin/sh "$@"
status=$?
printf '%s\\t%s\\t%s\\t%s\\n' "$start" "$(date +%s.%N)" "$status" "${*: -1}" | tr -d '\\n' >> "$TIMES"
printf '\\n' >> "$TIMES"
exit $status
"""


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def clone(target: Path, *, working_tree: bool) -> str:
    """A fresh clone of HEAD at `target` (plus the working tree's changes); what was cloned, for the report."""
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(target))
    head = git("rev-parse", "--short", "HEAD").strip()
    if not working_tree:
        return f"HEAD {head}"
    changed = [p for p in git("ls-files", "-z", "-m", "-o", "--exclude-standard").split("\0") if p]
    deleted = [p for p in git("ls-files", "-z", "-d").split("\0") if p]
    for path in changed:
        source = ROOT / path
        if source.is_file():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / path)
    for path in deleted:
        (target / path).unlink(missing_ok=True)
    return f"HEAD {head} with the working tree's {len(set(changed) - set(deleted))} changed or new files"


def install(clone_dir: Path) -> float:
    """The clone's own .venv: this checkout's installed dependencies linked, the clone editable; seconds taken."""
    start = time.perf_counter()
    shared = ROOT / ".venv" / "bin" / "python"
    venv = clone_dir / ".venv"
    # Without pip or setuptools of its own: the linked ones (those this checkout was installed with) serve.
    subprocess.run([str(shared), "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"

    def purelib(py: Path) -> str:
        code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        return subprocess.run([str(py), "-c", code], check=True, capture_output=True, text=True).stdout.strip()

    # Every installed distribution of this checkout's venv, linked: the clone's venv then holds them as an install
    # does (.ci/wheel_check.sh borrows them from it in turn), but this checkout's own editable coach is left out.
    own = Path(purelib(python))
    for entry in Path(purelib(shared)).iterdir():
        if not entry.name.startswith(("__editable__", "__editable___coach", "coach-", "coach.")):
            (own / entry.name).symlink_to(entry)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps"]
    subprocess.run([*pip, "-e", str(clone_dir)], check=True, cwd=clone_dir)
    link_tools(shared.parent, venv / "bin")
    for stamp in (".run-installed", ".dev-installed"):  # what `make` checks before installing again
        (venv / stamp).touch()
    return time.perf_counter() - start


def link_tools(shared_bin: Path, own_bin: Path) -> None:
    """The installed tools the clone's venv lacks (ruff, mypy …): a script is copied with its first line naming the
    clone's python, so it runs there; a program (ruff) is linked."""
    shebang = f"#!{shared_bin / 'python'}"
    for tool in sorted(shared_bin.iterdir()):
        target = own_bin / tool.name
        if target.exists() or tool.name.startswith(("python", "activate", "Activate")) or not os.access(tool, os.X_OK):
            continue
        head = tool.read_bytes()[:200]
        if head.startswith(shebang.encode()):
            text = tool.read_text(encoding="utf-8")
            target.write_text(f"#!{own_bin / 'python'}" + text[len(shebang) :], encoding="utf-8")
            target.chmod(0o755)
        else:
            target.symlink_to(tool)


def part_of(command: str) -> str:
    return next((name for name, pattern in PARTS if pattern.search(command)), f"other: {command[:60]}")


def run_make(
    clone_dir: Path, targets: list[str], scratch: Path
) -> tuple[float, int, list[tuple[str, float, int]], str]:
    """`make -k <targets>` in the clone: (wall s, exit status, each recipe line's part/seconds/status, the output).
    -k: a failing part does not stop the others, so the split is whole either way (the wall time of a green run
    is the same as without it)."""
    shell = scratch / "timing-shell"
    shell.write_text(TIMING_SHELL, encoding="utf-8")
    shell.chmod(0o755)
    times = scratch / "times.tsv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_", "VIRTUAL_ENV"))}
    env |= {"TIMES": str(times), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "-k", f"SHELL={shell}", *targets], cwd=clone_dir, env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    lines = []
    for row in times.read_text(encoding="utf-8").splitlines() if times.exists() else []:
        began, ended, status, command = row.split("\t", 3)
        lines.append((part_of(command), float(ended) - float(began), int(status)))
    return wall, done.returncode, lines, done.stdout + done.stderr


def pytest_summary(output: str) -> str:
    """Pytest's last summary line ("1234 passed, 3 skipped in 170.2s"), or ""."""
    found = re.findall(r"^=*\s*(\d+ (?:passed|failed|errors?)\b.*? in [\d.]+s.*?)\s*=*$", output, re.MULTILINE)
    return found[-1] if found else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--working-tree", action="store_true", help="lay the uncommitted changes over HEAD")
    parser.add_argument("--targets", nargs="+", default=["test"], help="Makefile targets (default: test)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coach-make-test-") as tmp:
        scratch = Path(tmp)
        clone_dir = scratch / "coach"
        what = clone(clone_dir, working_tree=args.working_tree)
        install_s = install(clone_dir)
        print(f"cloned {what}; installed in {install_s:.1f} s; running make {' '.join(args.targets)} …", flush=True)
        wall, status, lines, output = run_make(clone_dir, args.targets, scratch)
    parts: dict[str, float] = {}
    failed: list[str] = []
    for name, seconds, line_status in lines:
        parts[name] = parts.get(name, 0.0) + seconds
        if line_status != 0:
            failed.append(name)
    summary = pytest_summary(output)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    green = status == 0
    met = green and wall <= TARGET_S
    verdict = "green" if green else f"FAILED (exit {status}; failing part: {', '.join(failed) or 'make itself'})"
    lines_md = [
        f"`python benchmarks/bench_make_test.py{' --working-tree' if args.working_tree else ''}` — "
        f"{datetime.now():%Y-%m-%d}, Python {platform.python_version()}, {os.cpu_count()} CPUs, 1-min load average "
        f"{load:.1f} at the end.",
        "",
        f"A fresh `git clone` of {what}, installed first (its own venv linking this checkout's installed "
        f"dependencies, the clone installed editable: {install_s:.1f} s, not counted), then `make -k "
        f"{' '.join(args.targets)}` timed there (-k: a failing part does not hide the time of the others); each "
        "recipe line timed by the shell make runs it with.",
        "",
        "| part | wall s | share |",
        "|---|---:|---:|",
        *(f"| {name} | {seconds:.1f} | {seconds / wall:.0%} |" for name, seconds in parts.items()),
        f"| **`make {' '.join(args.targets)}`, wall** | **{wall:.1f}** ({wall / 60:.1f} min) | |",
        "",
        f"Result: {verdict}" + (f"; pytest: {summary}" if summary else "") + ".",
        "",
        f"Target: ≤ {TARGET_S / 60:.0f} min, green — {'met' if met else 'NOT met'} ({wall / TARGET_S:.2f} × the "
        "target). The parts run one after another, as `make test` runs them; the rest of the wall time is make "
        "itself.",
    ]
    body = "\n".join(lines_md)
    print(body)
    if not green:
        print(output[-4000:], file=sys.stderr)
    if args.targets == ["test"]:
        write_section(ROOT / "docs" / "performance.md", TITLE, body)
    else:
        print(f"(--targets {' '.join(args.targets)}: docs/performance.md not written)")


if __name__ == "__main__":
    main()
