"""How well the offline engine does on real public texts nobody on this project wrote (evals/real/).

Run: `.venv/bin/python benchmarks/quality.py`. Writes docs/quality.md (the whole file; every figure in it is computed
here) and out/quality/rewrites.md (every original next to its rewrite, for reading).

Translate (audience `executive`) runs on every text that is not a task list; outcomes runs on the task lists.
The figures:

- numbers kept: % of texts whose fact check reports no missing number;
- code spans kept: % of `...` spans of the original found byte for byte in the rewrite or its details (and % of
  texts with all);
- jargon: over the hand-labelled `hard_terms` (an executive would not know them; labelled before coach was run),
  % flagged (a `r.jargon` span overlaps the term in the original, or an "unexplained" warning names it), and
  % left in the rewrite unexplained (still in the rewrite, details aside, with no "(...)"
  right after any occurrence and no "(term: ...)" gloss);
- length: % of texts whose rewrite (details left out) has no more words than the original;
- grade: % of texts whose rewrite's reading grade is not above the original's;
- why it matters: % of texts with a `why_it_matters`;
- task lists: distinct questions / questions asked;
- mechanical errors: patterns that a rewrite introduced (more of them than in the original), found by regex.

The "Errors seen by reading" section is human judgement, kept in evals/real/reading-notes.md and copied in.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.real_corpus import CORPUS_DIR, HELD_OUT_SETS, RealText, load_corpus  # noqa: E402

COMMAND = ".venv/bin/python benchmarks/quality.py"
DOC = ROOT / "docs" / "quality.md"
READING = ROOT / "evals" / "real" / "reading-notes.md"
REWRITES = ROOT / "out" / "quality" / "rewrites.md"
AUDIENCE = "executive"

_CODE = re.compile(r"`[^`\n]+`")
_WORD = re.compile(r"\S+")
# Words that may follow a bracketed explanation without the explanation splitting a noun phrase.
_FOLLOWERS = frozenset(
    """and or but nor to for in on at of by with from as than that which who whom whose was were is are be been
    being has have had will would can could may might must should shall not no so then when while if because after
    before during into onto over under across about per via its it their our his her the a an this these those they
    we he she there here up down out off also only just still even all each every both either neither any some more
    most less least very too did does do caused causes created creates made makes led leads went goes became becomes
    returned returns failed fails reached reaches recovered resumed dropped rose fell stayed remained helped allowed
    now again instead already since until where why how what adds implements fixes makes uses runs removes replaces
    improves reduces skips collapses speeds""".split()
)
# A replacement that is a clause or carries a post-modifier ("task running behind the scenes") cannot stand
# before a noun as a modifier the way the one-word term it replaced could.
_CLAUSE_LIKE = re.compile(r"\b(\w+ing|that|which|who|to|for|of|in|on|at|behind|too|with|from|after|before)\b")


@dataclass
class TextResult:
    """Everything measured for one text."""

    item: RealText
    rewrite: str = ""
    words_before: int = 0
    words_after: int = 0
    grade_before: float | None = None
    grade_after: float | None = None
    numbers_kept: bool = True
    missing_numbers: list[str] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)
    spans: int = 0
    spans_kept: int = 0
    flagged: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)
    why: bool = False
    errors: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    outcomes: list[tuple[str, str, str | None]] = field(default_factory=list)
    seconds: float = 0.0


def words(text: str) -> int:
    return len(_WORD.findall(text))


def _occurrences(term: str, text: str) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<![\w]){re.escape(term)}(?![\w])", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _explained_after(text: str, end: int) -> bool:
    # A closing quote/backtick may sit between the term and its bracket: "`edge-proxy` (...)".
    return re.match(r"[`’'\"]?\s*\(", text[end:]) is not None


def _glossed(text: str, end: int) -> bool:
    # A term explained after the phrase it is part of: "the failover runbook (failover: …; runbook: …)".
    return (
        re.match(r"[`’'\"]?(?:,\s[^:;()]{1,120})?:\s", text[end:]) is not None and "(" in text[max(0, end - 400) : end]
    )


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level (...) group outside code spans."""
    masked = _CODE.sub(lambda m: "_" * len(m.group()), text)
    groups, depth, start = [], 0, 0
    for i, ch in enumerate(masked):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


def _max_depth(text: str) -> int:
    masked = _CODE.sub("", text)
    depth = best = 0
    for ch in masked:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        best = max(best, depth)
    return best


def mechanical_errors(original: str, rewrite: str, replacements: list[str], details: str = "") -> list[str]:
    """Patterns a rewrite introduced that are almost always a grammar or meaning error. Each entry quotes it."""
    found: list[str] = []

    def more(pattern: str, flags: int = 0) -> list[str]:
        before = len(re.findall(pattern, original, flags))
        hits = [m.group(0) for m in re.finditer(pattern, rewrite, flags)]
        return hits if len(hits) > before else []

    for hit in more(r"\)\s*\("):
        found.append(f"two bracketed explanations in a row: “…{hit}…”")
    if _max_depth(rewrite) > max(1, _max_depth(original)):
        found.append("nested brackets")
    for m in re.finditer(r"\b([A-Za-z]+)\s+\1\b", rewrite, re.IGNORECASE):
        if not re.search(rf"\b{m.group(1)}\s+{m.group(1)}\b", original, re.IGNORECASE):
            found.append(f"doubled word: “{m.group(0)}”")
    orig_spans = set(_CODE.findall(original))
    for span in _CODE.findall(rewrite):
        if span not in orig_spans:
            found.append(f"code span changed or new: {span}")
    for start, end in _paren_groups(rewrite):
        group = rewrite[start:end]
        if group in original:
            continue
        nxt = re.match(r"[ \t]+([a-z][a-z-]*)", rewrite[end:])
        if nxt and nxt.group(1) not in _FOLLOWERS and not re.search(r"(ed|ly)$", nxt.group(1)):
            before = rewrite[max(0, start - 30) : start].split("\n")[-1]
            found.append(f"explanation splits a noun phrase: “…{before}{group} {nxt.group(1)}…”")
    for plain in replacements:
        if len(plain.split()) < 2 or not _CLAUSE_LIKE.search(plain):
            continue
        for m in re.finditer(rf"{re.escape(plain)}[ \t]+([a-z][a-z-]*)", rewrite):
            if m.group(1) not in _FOLLOWERS and not re.search(r"(ed|ly)$", m.group(1)):
                found.append(f"plain-words replacement pasted before a noun: “{m.group(0)}”")
    for hit in more(r"\b[Aa] (?!uni|use|usu|one|eu)[aeiouAEIOU]\w*"):
        found.append(f"article mismatch: “{hit}”")
    for hit in more(r"\b[Aa]n (?!hour|honest|SQL|MySQL|HTTP|NPM|API|SRE|S3|SLA|LLM|RPC|F1|M)[b-df-hj-np-tv-z]\w*"):
        found.append(f"article mismatch: “{hit}”")
    if original.count("](http") != (rewrite + details).count("](http"):  # a link moved to details is not broken
        found.append("markdown link broken")
    return found


def measure_translate(coach: object, item: RealText) -> TextResult:
    result = TextResult(item=item)
    started = time.perf_counter()
    r = coach.translate(item.text, audience=AUDIENCE)  # type: ignore[attr-defined]
    result.seconds = time.perf_counter() - started
    result.rewrite = r.rewrite
    result.words_before, result.words_after = words(item.text), words(r.rewrite)
    result.grade_before, result.grade_after = r.readability.before, r.readability.after
    # The fact check also tracks names ("GitHub Codespaces"); this figure is about numbers, so only facts with a digit.
    result.missing_facts = list(r.fact_check.missing)
    result.missing_numbers = [f for f in r.fact_check.missing if re.search(r"\d", f)]
    result.numbers_kept = not result.missing_numbers
    # A code span moved to `details` is kept (nothing is dropped); one edited anywhere is not.
    spans = _CODE.findall(item.text)
    result.spans = len(spans)
    result.spans_kept = sum(1 for s in spans if s in r.rewrite or s in r.details)
    result.why = bool(r.why_it_matters and r.why_it_matters.strip())
    unexplained_warnings = " ".join(w for w in r.warnings if "unexplained" in w.lower()).lower()
    for term in item.hard_terms:
        spans_in_original = _occurrences(term, item.text)
        by_span = any(j.start < end and start < j.end for j in r.jargon for start, end in spans_in_original)
        if by_span or term.lower() in unexplained_warnings:
            result.flagged.append(term)
        left = _occurrences(term, r.rewrite)
        if left and not any(_explained_after(r.rewrite, end) or _glossed(r.rewrite, end) for _, end in left):
            result.unexplained.append(term)
    replacements = [c.to for c in r.changes if "(" not in c.to] if r.changes else []
    result.errors = mechanical_errors(item.text, r.rewrite, replacements, r.details)
    return result


def measure_outcomes(coach: object, item: RealText) -> TextResult:
    result = TextResult(item=item)
    started = time.perf_counter()
    r = coach.outcomes(item.text)  # type: ignore[attr-defined]
    result.seconds = time.perf_counter() - started
    result.outcomes = [(i.task, i.outcome, i.question) for i in r.items]
    result.questions = [i.question for i in r.items if i.question]
    return result


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}% ({part}/{whole})" if whole else "n/a (0 texts)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _figures(results: list[TextResult]) -> list[tuple[str, str]]:
    """(figure, value) for one set of results, in the order docs/quality.md shows them."""
    tr = [r for r in results if r.item.kind != "task-list"]
    tl = [r for r in results if r.item.kind == "task-list"]
    hard = sum(len(r.item.hard_terms) for r in tr)
    with_spans = [r for r in tr if r.spans]
    asked = [q for r in tl for q in r.questions]
    grade_known = [r for r in tr if r.grade_before is not None and r.grade_after is not None]
    return [
        ("numbers of the original kept (texts with no missing number)", pct(sum(r.numbers_kept for r in tr), len(tr))),
        (
            "all facts the fact check tracks kept (numbers and names)",
            pct(sum(not r.missing_facts for r in tr), len(tr)),
        ),
        ("code spans kept byte for byte (spans)", pct(sum(r.spans_kept for r in tr), sum(r.spans for r in tr))),
        (
            "code spans kept byte for byte (texts with spans, all kept)",
            pct(sum(r.spans_kept == r.spans for r in with_spans), len(with_spans)),
        ),
        (
            "hand-labelled hard terms flagged (jargon or 'unexplained' warning)",
            pct(sum(len(r.flagged) for r in tr), hard),
        ),
        ("hand-labelled hard terms left in the rewrite unexplained", pct(sum(len(r.unexplained) for r in tr), hard)),
        (
            "rewrite (no details) no longer than the original, by words",
            pct(sum(r.words_after <= r.words_before for r in tr), len(tr)),
        ),
        (
            "reading grade of rewrite not above the original's",
            pct(sum(r.grade_after <= r.grade_before for r in grade_known), len(grade_known)),  # type: ignore[operator]
        ),
        ("why_it_matters present", pct(sum(r.why for r in tr), len(tr))),
        ("task lists: distinct questions / questions asked", pct(len(set(asked)), len(asked))),
        (
            "texts with a mechanically detected error introduced by the rewrite",
            pct(sum(bool(r.errors) for r in tr), len(tr)),
        ),
    ]


def render(
    results: list[TextResult], when: str, seconds: float, held_out: list[tuple[str, list[TextResult]]] | None = None
) -> str:
    tr = [r for r in results if r.item.kind != "task-list"]
    tl = [r for r in results if r.item.kind == "task-list"]
    kinds = Counter(r.item.kind for r in results)
    asked = [q for r in tl for q in r.questions]
    with_errors = [r for r in tr if r.errors]
    sets = [(name, held, dict(_figures(held))) for name, held in held_out or [] if held]
    rows = _figures(results)
    lines = [
        "# Quality on real texts",
        "",
        f"Measured {when} with `{COMMAND}` (offline engine, audience `{AUDIENCE}`; {seconds:.1f} s for all sets).",
        "This file is written by that command; do not edit it by hand. Sets of real public texts nobody here "
        "wrote (see evals/real/README.md): the development set `evals/real/`, whose rewrites were read while rules "
        "were written (no rule names one of its texts), and the sets kept apart (`evals/holdout/`, `evals/blind4/`), "
        "each labelled before any run, measured blind once, and read only after that: how the engine does on "
        "writing it was not built from.",
        "",
        "Development set: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + f" — {len(results)} texts.",
        *[
            f"{name[0].upper()}{name[1:]}: "
            + ", ".join(f"{k} {n}" for k, n in sorted(Counter(r.item.kind for r in held).items()))
            + f" — {len(held)} texts."
            for name, held, _ in sets
        ],
        "",
        "## Figures",
        "",
        "| figure | development set | " + " | ".join(name for name, _, _ in sets) + " |",
        "|---|---|" + "---|" * len(sets),
        *[f"| {name} | {value} | " + " | ".join(f.get(name, "n/a") for _, _, f in sets) + " |" for name, value in rows],
        "",
        "Definitions: a hard term is *flagged* when a `jargon` span overlaps it in the original or an "
        "'unexplained' warning names it; it is *left unexplained* when it still occurs in the rewrite (not "
        "counting `details`) and no occurrence is followed by a bracketed explanation or glossed inside one "
        '("(term: plain words)"). Word counts split on whitespace. Translate figures are '
        f"over the {len(tr)} texts that are not task lists; the question figure is over the {len(tl)} task lists "
        f"({sum(len(r.outcomes) for r in tl)} tasks).",
        "",
        "## Mechanically detected errors",
        "",
        "Patterns the rewrite introduced (more of them than in the original), found by regex "
        "(`mechanical_errors` in benchmarks/quality.py). The noun-phrase checks are heuristics: read each one.",
        "",
    ]
    error_kinds = Counter(e.split(":")[0] for r in tr for e in r.errors)
    lines += [f"- {kind}: {n}" for kind, n in error_kinds.most_common()] or ["- none"]
    lines.append("")
    for r in with_errors:
        lines.append(f"**{r.item.id}** ({r.item.kind})")
        lines += [f"- {e}" for e in r.errors]
        lines.append("")
    repeated = Counter(asked).most_common()
    lines += ["## Task lists: questions asked", ""]
    lines += [f"- asked {n}×: {q}" for q, n in repeated if n > 1] or ["- every question distinct"]
    lines += ["", "## Errors seen by reading (human judgement)", ""]
    if READING.exists():
        lines.append(READING.read_text(encoding="utf-8").strip())
    else:
        lines.append("_No reading notes yet (evals/real/reading-notes.md)._")
    lines += [
        "",
        "## Appendix: per text",
        "",
        "| id | kind | words before→after | grade before→after | numbers kept | code spans kept | hard flagged "
        "| hard unexplained | why | mechanical errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in tr:
        gb = "?" if r.grade_before is None else f"{r.grade_before:.1f}"
        ga = "?" if r.grade_after is None else f"{r.grade_after:.1f}"
        nums = "yes" if r.numbers_kept else "no: " + ", ".join(r.missing_numbers)
        if r.missing_facts and r.numbers_kept:
            nums += " (names missing: " + ", ".join(r.missing_facts) + ")"
        lines.append(
            f"| [{r.item.id}]({r.item.source}) | {r.item.kind} | {r.words_before}→{r.words_after} | {gb}→{ga} | "
            f"{_cell(nums)} | {r.spans_kept}/{r.spans} | {len(r.flagged)}/{len(r.item.hard_terms)} | "
            f"{_cell(', '.join(r.unexplained)) or '—'} | {'yes' if r.why else 'no'} | {len(r.errors)} |"
        )
    lines += ["", "| id (task list) | tasks | questions | distinct |", "|---|---|---|---|"]
    for r in tl:
        lines.append(
            f"| [{r.item.id}]({r.item.source}) | {len(r.outcomes)} | {len(r.questions)} | {len(set(r.questions))} |"
        )
    return "\n".join(lines) + "\n"


def render_rewrites(results: list[TextResult]) -> str:
    out = ["# Rewrites of evals/real (offline engine, executive)", ""]
    for r in results:
        out += [f"## {r.item.id} ({r.item.kind})", "", "Original:", "", "```text", r.item.text, "```", ""]
        if r.item.kind == "task-list":
            out += [f"- {task} → {outcome}" + (f" — Q: {q}" if q else "") for task, outcome, q in r.outcomes]
        else:
            out += ["Rewrite:", "", "```text", r.rewrite, "```"]
        out.append("")
    return "\n".join(out)


def main() -> int:
    from coach import Coach, Settings

    coach = Coach(Settings(_env_file=None, COACH_ENGINE="offline"))  # type: ignore[call-arg]
    started = time.perf_counter()

    def measure(folder: Path) -> list[TextResult]:
        return [
            measure_outcomes(coach, item) if item.kind == "task-list" else measure_translate(coach, item)
            for item in (load_corpus(folder) if folder.is_dir() else [])
        ]

    results = measure(CORPUS_DIR)
    held_out = [(name, measure(folder)) for folder, name in HELD_OUT_SETS]
    seconds = time.perf_counter() - started
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    DOC.write_text(render(results, when, seconds, held_out), encoding="utf-8")
    REWRITES.parent.mkdir(parents=True, exist_ok=True)
    REWRITES.write_text(render_rewrites(results), encoding="utf-8")
    print(
        f"wrote {DOC.relative_to(ROOT)} and {REWRITES.relative_to(ROOT)} "
        f"({len(results)} + {' + '.join(str(len(h)) for _, h in held_out)} held-out texts, {seconds:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
