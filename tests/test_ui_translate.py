"""The Translate tab's view (defect 4: jargon coloured by state, with a legend; defect 6: an editable rewrite)
and its handler's progress: what a reader of the page sees, from results built here or by the engines."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import gradio as gr
import pytest
from llm_server import LLMServer
from test_ui import GOOD_ANSWER, settings

from coach import Coach
from coach.analysis.facts import FactCheck
from coach.analysis.jargon import JargonHit
from coach.features.translate import Readability, TranslateResult
from coach.ui import translate_view as tv
from coach.ui.translate_tab import SLOT_FIELDS, SLOTS, run_translate


def result(original: str, rewrite: str, hits: list[JargonHit], **more: Any) -> TranslateResult:
    fields: dict[str, Any] = {
        "engine": "offline",
        "fact_check": FactCheck(ok=True, missing=[], added=[]),
        "warnings": [],
        "audience": "executive",
        "original": original,
        "rewrite": rewrite,
        "changes": [],
        "jargon": hits,
        "readability": Readability(before=12.0, after=8.0),
    }
    return TranslateResult.model_construct(**(fields | more))


def hit(text: str, term: str, plain: str | None = "plain words") -> JargonHit:
    start = text.index(term)
    return JargonHit(term=term, plain=plain, start=start, end=start + len(term), source="glossary")


ORIGINAL = "The canary caught a p99 regression in the ETL job."


@pytest.mark.parametrize(
    ("rewrite", "term", "state"),
    [
        ("A small trial release caught the slowdown.", "canary", "replaced"),
        ("The canary (small trial release) caught it.", "canary", "explained"),
        ("The canary caught it.", "canary", "unknown"),
        ("The CANARY caught it.", "canary", "unknown"),  # any case is still the term
        ("The ETL (nightly data copy) job was slow.", "ETL", "explained"),
    ],
)
def test_each_term_is_coloured_by_what_the_rewrite_did_with_it(rewrite: str, term: str, state: str) -> None:
    r = result(ORIGINAL, rewrite, [hit(ORIGINAL, term)])

    assert tv.state_of(r.jargon[0], r) == state
    assert f'<mark class="jg jg-{state}" data-state="{state}"' in tv.jargon_html(r)


def test_the_engines_own_state_wins() -> None:
    labelled = hit(ORIGINAL, "canary").model_copy(update={"state": "explained"})
    r = result(ORIGINAL, "The canary caught it.", [labelled])

    assert tv.state_of(labelled, r) == "explained"


def test_colours_are_fixed_per_state_and_only_unknown_is_red() -> None:
    colours = {s: re.search(rf"\.jg-{s} \{{[^}}]*background: (#\w+)", tv.CSS) for s in tv.STATES}
    found = {s: m.group(1) for s, m in colours.items() if m}

    assert set(found) == set(tv.STATES) and len(set(found.values())) == 3
    assert [s for s in tv.STATES if "#dc2626" in re.search(rf"\.jg-{s} \{{[^}}]*\}}", tv.CSS).group()] == ["unknown"]  # type: ignore[union-attr]


def test_the_legend_names_every_state_and_hover_gives_the_plain_words() -> None:
    r = result(ORIGINAL, "The canary caught it.", [hit(ORIGINAL, "canary", "small trial release")])
    shown = tv.jargon_html(r)

    assert all(label in shown for label in tv.STATES.values())
    assert 'title="canary: small trial release (still unknown to this reader)"' in shown
    assert tv.jargon_rows(r) == [["canary", "small trial release", "still unknown to this reader"]]


def test_a_pasted_tag_is_shown_as_text_not_run() -> None:
    text = 'Fix <img src=x onerror="alert(1)"> in the ETL job & "canary".'
    r = result(text, "Fixed.", [hit(text, "ETL")])
    shown = tv.jargon_html(r)

    assert "<img" not in shown and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in shown
    assert set(re.findall(r"<(\w+)", shown)) == {"div", "span", "mark"}  # only the tags coach writes


def test_length_is_measured_against_the_readers_budget() -> None:
    short = result(ORIGINAL, "Our trial release caught a slowdown.", [])
    long = result(ORIGINAL, " ".join(["word"] * 70) + ".", [])

    assert tv.summary(short, "Executive").splitlines()[1].startswith("✓ 6 words, 1 sentence (budget for this reader:")
    assert "⚠ over budget: 70 words" in tv.summary(long, "Executive")


def test_a_failed_fact_check_is_an_alert() -> None:
    r = result(ORIGINAL, "x", [], fact_check=FactCheck(ok=False, missing=["p99"], added=["47 minutes"]))

    text, failed = tv.fact_alert(r)

    assert failed and text.startswith("✗ **Fact check failed")
    assert "missing from the rewrite: p99" in text and "added by the rewrite (not in your text): 47 minutes" in text


def test_lead_details_and_why_it_matters_are_shown_when_present() -> None:
    r = result(ORIGINAL, "Checkout is safe again.", [], why_it_matters="Revenue at risk.", details="The ETL job.")
    object.__setattr__(r, "lead", "Releases are now tried on 1% of users first.")

    shown = tv.extras(r)

    assert shown.index("**Lead:**") < shown.index("**Why it matters:**") < shown.index("**Details")
    assert "The ETL job." in shown
    assert "Lead" not in tv.extras(result(ORIGINAL, "x", []))


def test_the_rewrite_box_is_editable_and_every_result_has_downloads() -> None:
    from coach.ui import build_app

    async def building() -> gr.Blocks:
        return build_app(Coach(settings(COACH_ENGINE="offline")))

    demo = asyncio.run(building())
    by_id = {b.elem_id: b for b in demo.blocks.values() if getattr(b, "elem_id", None)}

    assert all(by_id[f"rewrite-{i}"].interactive for i in range(SLOTS))
    assert all(f"rewrite-md-{i}" in by_id and f"changes-csv-{i}" in by_id for i in range(SLOTS))


def test_with_a_model_progress_shows_first_then_each_reader_as_it_is_written(llm_server: LLMServer) -> None:
    llm_server.enqueue(GOOD_ANSWER, GOOD_ANSWER)
    coach = Coach(settings(OPENAI_BASE_URL=llm_server.base_url, COACH_MODEL="m"))

    steps = list(run_translate(coach, "p99 latency dropped from 800ms to 200ms.", ["executive", "product"], ""))
    # Rewrites being written leave the status as it is (tests/test_ui_stream.py covers them).
    steps = [s for s in steps if s[0] != gr.skip()]

    first, *middle, last = steps
    assert first[0].startswith("⏳ Asking m to rewrite for Executive, Product manager")
    assert all(v == gr.skip() for v in first[1:])  # nothing shown yet, earlier results left as they were
    assert [s[0].split(" (")[0] for s in middle] == ["⏳ 1 of 2 written", "⏳ 2 of 2 written"]
    assert last[0].startswith("**LLM engine: m** · rewritten for Executive, Product manager")
    rewrites = [last[1 + i * len(SLOT_FIELDS) + SLOT_FIELDS.index("rewrite")] for i in range(SLOTS)]
    assert rewrites[:2] == [GOOD_ANSWER["rewrite"]] * 2 and rewrites[2:] == [""] * (SLOTS - 2)
