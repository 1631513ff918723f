"""`coach eval`: run the golden cases, grade them, write reports; also `compare` and `pairwise`.

Exit codes: 0 every gate passed (or, with --baseline, nothing regressed); 1 a gate failed (or regressed);
2 a harness or configuration problem (a bad case file, no endpoint for --engine llm, an unreadable report).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coach.data import PROMPTS_DIR
from coach.errors import CoachError, ConfigError, DataError
from coach.evals.report import compare_reports, load_report, stable, text_summary, write_json, write_reports
from coach.evals.runner import RunConfig, run_suite
from coach.evals.schema import FEATURES, load_cases
from coach.settings import Settings

_REPO = PROMPTS_DIR.parent
DEFAULT_CACHE = Path(".coach-cache/evals")


def default_cases_dir() -> Path:
    """evals/cases of the working directory, else the one next to the package (a source checkout)."""
    here = Path("evals/cases")
    return here if here.is_dir() else _REPO / "evals" / "cases"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "eval",
        help="run the golden eval cases and grade the answers",
        description="Run the golden cases (evals/cases), grade every answer, write reports.",
    )
    p.add_argument("--cases", type=Path, default=None, help="directory of case files (default: evals/cases)")
    p.add_argument(
        "--engine",
        choices=["auto", "offline", "llm"],
        default=None,
        help="engine to evaluate (default: COACH_ENGINE, else auto)",
    )
    p.add_argument(
        "--feature",
        action="append",
        choices=FEATURES,
        default=None,
        help="only cases of this feature (repeatable)",
    )
    p.add_argument("--repeat", type=int, default=1, help="run each case N times; report pass rate and flakiness")
    p.add_argument("--concurrency", type=int, default=8, help="cases run at once (default 8)")
    p.add_argument(
        "--report",
        type=Path,
        default=Path("out/evals"),
        help="directory for report.json, summary.md, junit.xml (default out/evals)",
    )
    p.add_argument("--judge", action="store_true", help="grade rubric criteria with the LLM judge (needs an endpoint)")
    p.add_argument("--judge-model", default=None, help="model for the judge (default: COACH_MODEL)")
    p.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"disk cache of model answers for live runs (default {DEFAULT_CACHE})",
    )
    p.add_argument("--no-cache", action="store_true", help="ask the model again even if an answer is cached")
    p.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="compare with this report; exit 1 only when a gate regressed against it",
    )
    p.add_argument(
        "--bless",
        action="store_true",
        help="write this run as the baseline (--baseline, default evals/baseline/<engine>.json)",
    )
    p.set_defaults(handler=run)

    verbs = p.add_subparsers(dest="eval_command", metavar="{compare,pairwise}", parser_class=type(p))
    c = verbs.add_parser(
        "compare",
        help="list pass→fail and fail→pass between two reports",
        description="List flips per case and grader; exit 1 when a gate went pass → fail.",
    )
    c.add_argument("base", type=Path, metavar="BASE.json")
    c.add_argument("new", type=Path, metavar="NEW.json")
    c.set_defaults(handler=run_compare)
    w = verbs.add_parser(
        "pairwise",
        help="judge two runs' answers against each other (L3, both orders)",
        description="For cases in both reports, ask the judge which answer is better, in both "
        "orders; a win counts only when both orders agree. Needs a model endpoint.",
    )
    w.add_argument("base", type=Path, metavar="BASE.json")
    w.add_argument("new", type=Path, metavar="NEW.json")
    w.add_argument("--cases", type=Path, default=None, help="directory of case files (default: evals/cases)")
    w.add_argument("--judge-model", default=None, help="model for the judge (default: COACH_MODEL)")
    w.add_argument("--concurrency", type=int, default=8, help="pairs judged at once (default 8)")
    w.set_defaults(handler=run_pairwise)


def _harness(fn: Any, args: argparse.Namespace) -> int:
    """A problem of the harness itself is exit 2 with one line: never mistaken for a gate failure."""
    try:
        result: int = fn(args)
        return result
    except CoachError as exc:
        print(f"coach eval: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # the reader went away (`coach eval | head`): the CLI's own handling applies
    except Exception as exc:
        print(f"coach eval: harness error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    return _harness(_run, args)


def run_compare(args: argparse.Namespace) -> int:
    return _harness(_compare, args)


def run_pairwise(args: argparse.Namespace) -> int:
    return _harness(_pairwise, args)


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    if args.engine:
        settings = settings.model_copy(update={"engine": args.engine})
    return settings


def _run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    engine = settings.resolved_engine()
    config = RunConfig(
        cases_dir=args.cases or default_cases_dir(),
        engine=engine,
        features=tuple(args.feature or ()),
        repeat=args.repeat,
        concurrency=args.concurrency,
        judge=args.judge,
        judge_model=args.judge_model,
        cache_dir=None if args.no_cache else args.cache,
        settings=settings,
    )
    baseline = load_report(args.baseline) if args.baseline and not args.bless else None
    report = run_suite(config)
    paths = write_reports(report, args.report)
    print(text_summary(report))
    print(f"reports: {', '.join(str(p) for p in paths)}")
    if args.bless:
        target = args.baseline or _REPO / "evals" / "baseline" / f"{engine}.json"
        write_json(target, stable(report))
        print(f"blessed: {target} is the new baseline")
        return 0
    if baseline is not None:
        comparison = compare_reports(baseline, report)
        print(f"against baseline {args.baseline}:")
        print(comparison.render())
        if comparison.gate_regressions:
            print(
                f"REGRESSION: {len(comparison.gate_regressions)} gate check(s) went pass → fail "
                "(fix them, or accept with --bless)",
                file=sys.stderr,
            )
            return 1
        return 0
    summary = report["summary"]
    assert isinstance(summary, dict)
    return 1 if summary["gate_failures"] else 0


def _compare(args: argparse.Namespace) -> int:
    comparison = compare_reports(load_report(args.base), load_report(args.new))
    print(comparison.render())
    return 1 if comparison.gate_regressions else 0


def _answers(report: dict[str, object]) -> dict[str, str]:
    from coach.evals.report import _list

    out = {}
    for case in _list(report.get("cases")):
        runs = _list(case.get("runs"))
        output = runs[0].get("output") if runs else None
        if isinstance(output, dict):
            text = output.get("rewrite", output.get("text", output.get("markdown")))
            if isinstance(text, str):
                out[str(case.get("id"))] = text
    return out


def _pairwise(args: argparse.Namespace) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from coach.evals.pairwise import compare_pair
    from coach.model.seam import build_chat_model

    settings = Settings()
    if not (settings.openai_base_url or settings.openai_api_key):
        raise ConfigError("pairwise judging needs a model endpoint: set OPENAI_BASE_URL or OPENAI_API_KEY.")
    update: dict[str, object] = {"temperature": 0.0}
    if args.judge_model:
        update["model"] = args.judge_model
    model = build_chat_model(settings.model_copy(update=update))
    cases = {c.id: c for c in load_cases(args.cases or default_cases_dir())}
    base, new = _answers(load_report(args.base)), _answers(load_report(args.new))
    common = [cid for cid in base if cid in new and cid in cases]
    if not common:
        raise DataError("The two reports share no case with an answer to compare.")
    with ThreadPoolExecutor(max_workers=max(1, args.concurrency)) as pool:
        results = list(
            pool.map(
                lambda cid: compare_pair(model, cases[cid], base[cid], new[cid], deadline_s=settings.deadline_s),
                common,
            )
        )
    counts = {k: sum(1 for r in results if r.outcome == k) for k in ("new", "base", "tie", "error")}
    for r in results:
        print(f"{r.case_id}: {r.outcome} ({r.detail})")
    print(f"new wins {counts['new']}, base wins {counts['base']}, ties {counts['tie']}, errors {counts['error']}")
    return 2 if counts["error"] else 0
