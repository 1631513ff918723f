"""Run the golden cases through an engine, grade every answer, and build the report (a JSON-ready dict).

Jobs are (case, repeat) pairs run on a thread pool: the LLM engine spends its time waiting on the endpoint, so
threads give the concurrency. In live mode each model answer (engine and judge) goes through a disk cache
keyed by what determines it, so a re-run costs no requests. A case whose engine raises is an *error*
result for that case, never a crash of the run; only a problem with the harness itself (bad case file, no
endpoint) raises, as a `CoachError`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coach.core import Coach
from coach.errors import CoachError, ConfigError
from coach.evals.features import FeatureSpec, feature_spec
from coach.evals.graders import Context, GradeResult, Output, answer_text, grade_output
from coach.evals.judge import judge_errors, judge_prompt, judge_skipped, verdict_results
from coach.evals.schema import Case, load_cases, source_text
from coach.model.cache import DiskCache, cache_key
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

Engine = Literal["offline", "llm"]
REPORT_FORMAT = 1
JUDGE_TEMPERATURE = 0.0
Json = dict[str, object]


@dataclass(frozen=True)
class RunConfig:
    """Everything one `coach eval` run needs; the CLI builds it from its options."""

    cases_dir: Path
    engine: Engine = "offline"
    features: tuple[str, ...] = ()
    repeat: int = 1
    concurrency: int = 4
    judge: bool = False
    judge_model: str | None = None
    cache_dir: Path | None = None
    """None disables the cache. Only model answers are cached (offline is cheap, deterministic)."""
    settings: Settings = field(default_factory=Settings)


@dataclass
class _Usage:
    input: int = 0
    output: int = 0

    def add(self, other: Json) -> None:
        self.input += _int(other.get("input"))
        self.output += _int(other.get("output"))

    def as_json(self) -> Json:
        return {"input": self.input, "output": self.output, "total": self.input + self.output}


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


@contextmanager
def _count_tokens(usage: _Usage) -> Iterator[None]:
    """Add the tokens of every model call made inside the block (this thread's context) to `usage`."""
    from langchain_core.callbacks import get_usage_metadata_callback

    with get_usage_metadata_callback() as cb:
        yield
    for meta in cb.usage_metadata.values():
        usage.input += meta.get("input_tokens", 0)
        usage.output += meta.get("output_tokens", 0)


class Runner:
    """Runs one configured suite; `run()` returns the report."""

    def __init__(self, config: RunConfig) -> None:
        if config.repeat < 1 or config.concurrency < 1:
            raise ConfigError("--repeat and --concurrency must be at least 1.")
        self.config = config
        self.cases = load_cases(config.cases_dir, features=config.features)
        settings = config.settings.model_copy(update={"engine": config.engine})
        self.settings = settings
        self.coach = self._build_coach(settings)
        self.ctx = Context(index=self.coach.index)
        self.judge_model = self._build_judge(settings) if config.judge else None
        self.cache = DiskCache(config.cache_dir) if config.cache_dir is not None else None

    def _build_coach(self, settings: Settings) -> Coach:
        if settings.engine == "offline":
            return Coach(settings)
        from coach.model.seam import build_chat_model

        return Coach(settings, chat_model=build_chat_model(settings))

    def _build_judge(self, settings: Settings) -> BaseChatModel:
        from coach.model.seam import build_chat_model

        if not (settings.openai_api_key or settings.openai_base_url):
            raise ConfigError(
                "--judge needs a model endpoint: set OPENAI_BASE_URL (or OPENAI_API_KEY); "
                "without one, run without --judge and the rubric is reported as skipped."
            )
        update: Json = {"temperature": JUDGE_TEMPERATURE}
        if self.config.judge_model:
            update["model"] = self.config.judge_model
        return build_chat_model(settings.model_copy(update=update))

    # --- identity of what is measured -----------------------------------------------------------------
    @property
    def model_name(self) -> str | None:
        return self.settings.model if self.settings.engine == "llm" else None

    @property
    def judge_model_name(self) -> str | None:
        if self.judge_model is None:
            return None
        return self.config.judge_model or self.settings.model

    def parameters(self) -> Json:
        if self.settings.engine == "offline":
            return {}
        return {"temperature": self.settings.temperature}

    def prompt_hash(self, spec: FeatureSpec | None) -> str | None:
        if self.settings.engine == "offline" or spec is None or spec.prompt is None:
            return None
        from coach.model.prompts import load_prompt

        return load_prompt(spec.prompt).hash

    # --- the run --------------------------------------------------------------------------------------
    def run(self) -> Json:
        started = datetime.now(UTC)
        t0 = time.perf_counter()
        jobs: list[tuple[Case, int]] = []
        for case in self.cases:
            if feature_spec(case.feature) is not None:
                jobs.extend((case, r) for r in range(self.config.repeat))
        with ThreadPoolExecutor(max_workers=self.config.concurrency, thread_name_prefix="coach-eval") as pool:
            runs = list(pool.map(lambda job: self._run_one(*job), jobs))
        by_case: dict[str, list[Json]] = {}
        for (case, _), run in zip(jobs, runs, strict=True):
            by_case.setdefault(case.id, []).append(run)
        cases = [self._case_entry(case, by_case.get(case.id)) for case in self.cases]
        wall = time.perf_counter() - t0
        return {
            "format": REPORT_FORMAT,
            "run": self._run_info(started, wall),
            "summary": summarize(cases),
            "cases": cases,
        }

    def _run_info(self, started: datetime, wall: float) -> Json:
        features = sorted({c.feature for c in self.cases})
        prompts: dict[str, str | None] = {f: self.prompt_hash(feature_spec(f)) for f in features}
        prompts["judge"] = judge_prompt().hash if self.judge_model is not None else None
        return {
            "engine": self.settings.engine,
            "model": self.model_name,
            "parameters": self.parameters(),
            "judge_model": self.judge_model_name,
            "judge_temperature": JUDGE_TEMPERATURE if self.judge_model is not None else None,
            "prompts": prompts,
            "cases_dir": str(self.config.cases_dir),
            "features": list(self.config.features),
            "repeat": self.config.repeat,
            "concurrency": self.config.concurrency,
            "started_at": started.isoformat(timespec="seconds"),
            "wall_s": round(wall, 3),
        }

    def _run_one(self, case: Case, repeat: int) -> Json:
        spec = feature_spec(case.feature)
        assert spec is not None
        usage = _Usage()
        output, latency, cached, error = self._answer(case, spec, repeat, usage)
        if output is None:
            results = [GradeResult("engine", "error", error or "no answer", case.severity, "L0")]
            return _run_json(None, results, usage, latency, cached, error)
        results = grade_output(case, output, self.ctx)
        results += self._judge(case, output, results, usage)
        return _run_json(output, results, usage, latency, cached, None)

    def _answer(
        self, case: Case, spec: FeatureSpec, repeat: int, usage: _Usage
    ) -> tuple[Output | None, float, bool, str | None]:
        key = None
        if self.cache is not None and self.settings.engine == "llm":
            key = cache_key(
                kind="answer",
                case=case.id,
                feature=case.feature,
                audience=case.audience,
                input=source_text(case),
                prompt=self.prompt_hash(spec),
                model=self.model_name,
                parameters=self.parameters(),
                repeat=repeat,
            )
            hit = self.cache.get(key)
            if hit is not None and isinstance(hit.get("output"), dict):
                usage.add(_dict(hit.get("tokens")))
                return _dict(hit["output"]), float(_num(hit.get("latency_s"))), True, None
        t0 = time.perf_counter()
        try:
            with _count_tokens(usage):
                output = spec.run(self.coach, case)
        except CoachError as exc:
            return None, time.perf_counter() - t0, False, f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # the engine crashed on this case: record it honestly, go on with the rest
            return None, time.perf_counter() - t0, False, f"engine crashed: {type(exc).__name__}: {exc}"
        latency = time.perf_counter() - t0
        if key is not None and self.cache is not None:
            self.cache.put(key, {"output": output, "latency_s": latency, "tokens": usage.as_json()})
        return output, latency, False, None

    def _judge(self, case: Case, output: Output, l1: list[GradeResult], usage: _Usage) -> list[GradeResult]:
        if not case.rubric:
            return []
        if self.judge_model is None:
            return judge_skipped(case, "no judge configured (--judge)")
        if any(r.layer == "L0" and not r.passed for r in l1):
            return judge_skipped(case, "output failed the schema check")
        from coach.evals.judge import JudgeVerdict, ask_judge

        answer = answer_text(case, output)
        key = None
        if self.cache is not None:
            key = cache_key(
                kind="judge",
                case=case.id,
                audience=case.audience,
                rubric=list(case.rubric),
                source=source_text(case),
                answer=answer,
                prompt=judge_prompt().hash,
                model=self.judge_model_name,
                temperature=JUDGE_TEMPERATURE,
            )
            hit = self.cache.get(key)
            if hit is not None:
                usage.add(_dict(hit.get("tokens")))
                return verdict_results(case, JudgeVerdict.model_validate(hit["verdict"]))
        judge_usage = _Usage()
        try:
            with _count_tokens(judge_usage):
                verdict = ask_judge(self.judge_model, case, answer, deadline_s=self.settings.deadline_s)
        except CoachError as exc:
            usage.add(judge_usage.as_json())
            return judge_errors(case, f"judge failed: {exc}")  # an error per criterion, never a pass
        usage.add(judge_usage.as_json())
        if key is not None and self.cache is not None:
            self.cache.put(key, {"verdict": verdict.model_dump(mode="json"), "tokens": judge_usage.as_json()})
        return verdict_results(case, verdict)

    def _case_entry(self, case: Case, runs: list[Json] | None) -> Json:
        base: Json = {
            "id": case.id,
            "feature": case.feature,
            "audience": case.audience,
            "severity": case.severity,
            "tags": list(case.tags),
        }
        if runs is None:
            return {
                **base,
                "status": "skipped",
                "note": f"feature '{case.feature}' not built yet",
                "pass_rate": None,
                "flaky": False,
                "graders": {},
                "runs": [],
            }
        passes = sum(1 for r in runs if r["status"] == "pass")
        rate = passes / len(runs)
        statuses = [str(r["status"]) for r in runs]
        status = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
        return {
            **base,
            "status": status,
            "note": None,
            "pass_rate": round(rate, 4),
            "flaky": 0 < passes < len(runs),
            "graders": _grader_statuses(runs),
            "runs": runs,
        }


def _dict(value: object) -> dict[str, object]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _run_json(
    output: Output | None,
    results: list[GradeResult],
    usage: _Usage,
    latency: float,
    cached: bool,
    error: str | None,
) -> Json:
    statuses = {r.status for r in results}
    status = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
    return {
        "status": status,
        "output": dict(output) if output is not None else None,
        "graders": [
            {"name": r.name, "layer": r.layer, "status": r.status, "detail": r.detail, "severity": r.severity}
            for r in results
        ],
        "tokens": usage.as_json(),
        "latency_s": round(latency, 4),
        "cached": cached,
        "error": error,
        "prompt_hash": _prompt_hash(output),
    }


def _grader_statuses(runs: list[Json]) -> dict[str, str]:
    """Per grader over all runs: the worst of error, fail; pass only if every run passed; else skipped."""
    seen: dict[str, list[str]] = {}
    for run in runs:
        graders = run["graders"]
        assert isinstance(graders, list)
        for g in graders:
            seen.setdefault(str(g["name"]), []).append(str(g["status"]))
    out = {}
    for name, statuses in seen.items():
        if "error" in statuses:
            out[name] = "error"
        elif "fail" in statuses:
            out[name] = "fail"
        elif all(s == "pass" for s in statuses):
            out[name] = "pass"
        else:
            out[name] = "skipped"
    return out


def summarize(cases: list[Json]) -> Json:
    """Counts per feature and per grader, gate failures, flaky cases and total tokens."""
    features: dict[str, Json] = {}
    gate_failures: list[str] = []
    flaky: list[str] = []
    tokens = _Usage()
    for case in cases:
        feat = features.setdefault(
            str(case["feature"]),
            {"cases": 0, "pass": 0, "fail": 0, "error": 0, "skipped": 0, "graders": {}, "note": None},
        )
        feat["cases"] = _int(feat["cases"]) + 1
        status = str(case["status"])
        feat[status] = _int(feat[status]) + 1
        if status == "skipped":
            feat["note"] = case["note"]
        if status in {"fail", "error"} and case["severity"] == "gate":
            gate_failures.append(str(case["id"]))
        if case["flaky"]:
            flaky.append(str(case["id"]))
        graders = feat["graders"]
        assert isinstance(graders, dict)
        case_graders = case["graders"]
        assert isinstance(case_graders, dict)
        for name, st in case_graders.items():
            counts = graders.setdefault(name, {"pass": 0, "fail": 0, "error": 0, "skipped": 0})
            counts[st] += 1
        runs = case["runs"]
        assert isinstance(runs, list)
        for run in runs:
            tokens.add(_dict(run["tokens"]))
    totals = {k: sum(_int(f[k]) for f in features.values()) for k in ("cases", "pass", "fail", "error", "skipped")}
    return {
        **totals,
        "gate_failures": gate_failures,
        "flaky": flaky,
        "tokens": tokens.as_json(),
        "features": features,
    }


def run_suite(config: RunConfig, *, on_progress: Callable[[str], None] | None = None) -> Json:
    """Load the cases, run them, grade them; return the report. Raises `CoachError` for harness problems."""
    runner = Runner(config)
    if on_progress is not None:
        on_progress(f"running {len(runner.cases)} cases with the {runner.settings.engine} engine")
    return runner.run()


def _prompt_hash(output: Output | None) -> str | None:
    """The hash of the prompt file the answer was written with (llm engine), from its common `prompt` field."""
    prompt = output.get("prompt") if output is not None else None
    return str(prompt["hash"]) if isinstance(prompt, dict) and "hash" in prompt else None
