"""Checks on the built-in glossary data (prompts/glossary.yaml) that the rewrite engine relies on."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import get_args

import pytest

from coach.analysis.facts import extract_facts
from coach.analysis.glossary import AudienceId, Category, Term, builtin_glossary
from coach.analysis.jargon import knows
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.readability import _syllables

TERMS = builtin_glossary().terms
INDEX = JargonIndex(builtin_glossary())
ALL_AUDIENCES = frozenset(get_args(AudienceId))

# A substitution must never add or drop a negation, so `plain` may not contain one.
NEGATION = re.compile(r"\b(?:no|not|never|none|without|cannot|nothing|neither|nor)\b|n['’]t", re.IGNORECASE)
MAX_PLAIN_WORDS = 12
# Capitalised words in `plain` would read as names the original never mentioned; these two are jargon-free.
ALLOWED_CAPITALS = frozenset({"AI", "AI's", "ID"})
# An acronym in `plain` is jargon of its own; only these two read as plain English.
ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
PLAIN_ACRONYMS = frozenset({"AI", "ID"})


@dataclass(frozen=True)
class Reader:
    """A reader for the jargon check: any object with an `id` and a `description` (jargon.ReaderLike)."""

    id: str
    description: str | None = None


EXECUTIVE = Reader("executive")


def _report(offenders: list[str]) -> str:
    """A failure message that lists every offending entry, one a line, so a data fix needs one test run."""
    return f"{len(offenders)} glossary entries break this rule:\n  " + "\n  ".join(offenders)


def _plains(t: Term) -> list[tuple[str, str]]:
    """(label, plain words) for every meaning of an entry: its own and each sense's; the engine swaps in any."""
    return [(t.term, t.plain)] + [(f"{t.term} [sense {i}]", s.plain) for i, s in enumerate(t.senses, 1)]


def _cue_lists(t: Term) -> list[tuple[str, tuple[str, ...]]]:
    return [(f"{t.term} [cues]", t.cues)] + [(f"{t.term} [sense {i}]", s.cues) for i, s in enumerate(t.senses, 1)]


ALL_PLAINS = [(label, plain) for t in TERMS for label, plain in _plains(t)]
AMBIGUOUS = [t for t in TERMS if t.ambiguous]
# A cue is matched against the text's words ([A-Za-z0-9]+ runs, lower-cased), so only such words can ever match.
CUE = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def test_glossary_is_large_enough() -> None:
    assert len(TERMS) >= 500


@pytest.mark.parametrize("category", get_args(Category))
def test_every_category_is_well_covered(category: str) -> None:
    count = sum(1 for t in TERMS if t.category == category)
    assert count >= 20, f"only {count} terms in category {category!r}"


@pytest.mark.parametrize("audience", sorted(ALL_AUDIENCES))
def test_every_audience_already_knows_some_terms(audience: str) -> None:
    count = sum(1 for t in TERMS if audience in t.known_by)
    assert count >= 10, f"only {count} terms known by {audience!r}"


# --- one test per rule over every entry: each lists all its offenders at once ---------------------------------


def test_plain_is_short_and_has_no_trailing_period() -> None:
    offenders = [
        f"{label}: {plain!r}"
        for label, plain in ALL_PLAINS
        if len(plain.split()) > MAX_PLAIN_WORDS or plain.rstrip().endswith(".") or plain != plain.strip()
    ]
    assert offenders == [], _report(offenders)


# Plain words are read by someone who did not know the term: short everyday words, or the explained text reads
# harder than the original. The mean syllables per word of all plain wordings, by the reading grade's own counter,
# was 1.80 before the wordings were rewritten to plainer words and 1.70 after; this keeps it from drifting back.
MAX_MEAN_SYLLABLES = 1.72
# Long words that always have a short everyday stand-in ("automatic" is kept: in "automatic testing" it is the point).
HEAVY_WORDS = re.compile(r"\b(?:functionality|utilization|utilize\w*|mechanism\w*|methodology)\b", re.I)


def test_plain_words_are_plain() -> None:
    def per_word(plain: str) -> float:
        words = re.findall(r"[a-z]+", plain.lower())
        return sum(_syllables(w) for w in words) / max(1, len(words))

    mean = sum(per_word(plain) for _, plain in ALL_PLAINS) / len(ALL_PLAINS)
    heaviest = sorted(ALL_PLAINS, key=lambda lp: -per_word(lp[1]))[:15]
    assert mean <= MAX_MEAN_SYLLABLES, f"mean {mean:.2f} syllables a word; heaviest: {heaviest}"
    offenders = [f"{label}: {plain!r}" for label, plain in ALL_PLAINS if HEAVY_WORDS.search(plain)]
    assert offenders == [], _report(offenders)


def test_plain_never_adds_a_number_or_a_negation() -> None:
    offenders = [
        f"{label}: {plain!r}" for label, plain in ALL_PLAINS if re.search(r"\d", plain) or NEGATION.search(plain)
    ]
    assert offenders == [], _report(offenders)


def test_plain_adds_no_fact_the_fact_check_would_flag() -> None:
    offenders = []
    for label, plain in ALL_PLAINS:
        # Checked mid-sentence and at a sentence start, the two places the engine puts plain words.
        for text in (f"and {plain}", plain[:1].upper() + plain[1:]):
            found = [f.text for f in extract_facts(text)]
            if found:
                offenders.append(f"{label}: {text!r} carries a number, name or negation: {found}")
    assert offenders == [], _report(offenders)


def test_plain_names_no_product_company_or_place() -> None:
    offenders = []
    for label, plain in ALL_PLAINS:
        capitals = [w for w in re.findall(r"[\w'’.-]+", plain) if w[:1].isupper() and w not in ALLOWED_CAPITALS]
        if capitals:
            offenders.append(f"{label}: {plain!r} has capitalised words {capitals}")
    assert offenders == [], _report(offenders)


def test_plain_brings_no_jargon_of_its_own() -> None:
    # Plain words must explain, not swap one term for another the executive reader would also need explained.
    offenders = []
    for label, plain in ALL_PLAINS:
        jargon = [m.text for m in INDEX.matches(plain) if not knows(EXECUTIVE, m.entry)]
        acronyms = [a for a in ACRONYM.findall(plain) if a.rstrip("s") not in PLAIN_ACRONYMS]
        if jargon or acronyms:
            offenders.append(f"{label}: {plain!r} uses glossary terms {jargon} and acronyms {acronyms}")
    assert offenders == [], _report(offenders)


def test_replaced_forms_hold_no_fact() -> None:
    # A form the fact check reads as a name or number must be kept (style: explain), never swapped out.
    offenders = []
    for t in TERMS:
        if t.style != "replace":
            continue
        for form in t.forms:
            found = [f.text for f in extract_facts(f"and the {form} was seen")]
            if found:
                offenders.append(f"{t.term}: form {form!r} reads as facts {found}")
    assert offenders == [], _report(offenders)


def test_terms_with_a_digit_are_kept_and_explained() -> None:
    # The engine must never drop a number, so a form with a digit is explained, not replaced.
    offenders = [t.term for t in TERMS if t.style != "explain" and any(c.isdigit() for f in t.forms for c in f)]
    assert offenders == [], _report(offenders)


def test_forms_are_clean_and_distinct() -> None:
    offenders = []
    for t in TERMS:
        blank = [f for f in t.forms if not f.strip()]
        stray = [f for f in t.forms if f.strip() and f != f.strip()]
        folded = [f.casefold() for f in t.forms]
        if blank:
            offenders.append(f"{t.term}: empty term or alias")
        if stray:
            offenders.append(f"{t.term}: stray whitespace in {stray}")
        if len(folded) != len(set(folded)):
            offenders.append(f"{t.term}: an alias repeats the term or another alias")
        if any(plain.casefold() in folded for _, plain in _plains(t)):
            offenders.append(f"{t.term}: plain words must differ from the term")
    assert offenders == [], _report(offenders)


# --- ambiguous terms: cue words pick the meaning -------------------------------------------------------------------


def test_cues_are_lower_case_whole_words() -> None:
    # Anything else ("fine-tuning", "LLM", "p99") can never be found among the text's words, so the cue is dead.
    offenders = [
        f"{label}: {bad}"
        for t in AMBIGUOUS
        for label, cues in _cue_lists(t)
        if (bad := [c for c in cues if not CUE.fullmatch(c)] + [c for c, n in Counter(cues).items() if n > 1])
    ]
    assert offenders == [], _report(offenders)


def test_a_cue_points_to_one_meaning() -> None:
    # Senses are tried in order before the default, so a cue listed twice would silently pick the first meaning.
    offenders = []
    for t in AMBIGUOUS:
        owners = Counter(c for _, cues in _cue_lists(t) for c in set(cues))
        shared = sorted(c for c, n in owners.items() if n > 1)
        if shared:
            offenders.append(f"{t.term}: cues {shared} belong to more than one meaning")
    assert offenders == [], _report(offenders)


def test_a_cue_is_never_a_spelling_of_the_term() -> None:
    # The term is in every text it is found in, so such a cue would make the meaning unconditional. An entry whose
    # aliases differ in ambiguity ("PyTorch" is a name, "torch" a word) is split in two entries instead.
    offenders = []
    for t in AMBIGUOUS:
        forms = {f.casefold() for f in t.forms}
        for label, cues in _cue_lists(t):
            if own := sorted(forms.intersection(cues)):
                offenders.append(f"{label}: cues {own}")
    assert offenders == [], _report(offenders)


def test_every_sense_says_something_new() -> None:
    offenders = []
    for t in TERMS:
        plains = [plain.casefold() for _, plain in _plains(t)]
        if len(plains) != len(set(plains)):
            offenders.append(f"{t.term}: two meanings share the plain words")
    assert offenders == [], _report(offenders)


@pytest.mark.parametrize(
    ("text", "form", "meaning"),
    [
        ("Login tokens now expire after an hour and refresh on the next request.", "tokens", "passes"),
        ("The new model reads 40% fewer tokens per prompt.", "tokens", "word pieces"),
        ("We sold 200 tokens of goodwill at the fair.", "tokens", None),
        ("The evaluation set of interview questions was shared with the hiring panel.", "evaluation set", None),
        ("The LLM scored 71% on our evaluation set after training.", "evaluation set", "held back to test"),
        ("We passed our SOC 2 Type II audit.", "SOC", "audit"),
        ("The SOC triaged 40 alerts from the SIEM overnight.", "SOC", "team"),
        ("Drain the node before the Kubernetes upgrade.", "node", "server"),
        ("Upgrade Node to the latest LTS and run npm install.", "Node", "web code"),
        ("The shortest path visits each node of the graph once.", "node", "connected items"),
        ("For guidance, the board set guardrails on spending.", "guardrails", None),
        ("The chatbot's guardrails block jailbreak prompts.", "guardrails", "safety"),
        ("Opex variance was 3% over budget this quarter.", "variance", "planned and actual"),
        ("We ran a logistic regression with 12 predictors.", "regression", "statistical"),
        ("The login regression broke sign-in for 2% of users.", "regression", "broken"),
        ("GC approved the new vendor contract.", "GC", None),
        ("Java heap GC pauses reached 2 seconds.", "GC", "memory"),
        ("Our PR team announced the launch on Monday.", "PR", None),
        ("The PR was merged after review.", "PR", "code change"),
        ("Our startup's burn rate leaves 14 months of runway.", "burn rate", "spending"),
        ("The SLO burn rate alert fired twice.", "burn rate", "failure"),
        ("Our product pods will each own a roadmap next quarter.", "pods", None),
        ("The precision of the classifier rose while recall held.", "precision", "flagged"),
        ("We train in bf16 precision to save memory.", "precision", "numeric"),
        ("The database pool ran out of idle connections at peak.", "pool", "reusable connections"),
        ("The hotel pool reopens in May.", "pool", None),
        ("Profiling showed most frames come from the JSON parser's stack.", "frames", "function calls"),
        ("The camera dropped frames during video playback.", "frames", "images of a video"),
        ("A new frame agreement was signed with the supplier.", "frame", None),
        ("Errors from the readable stream are now forwarded to the pipe.", "stream", "flow of data"),
        ("We will stream the all-hands on Friday.", "stream", None),
        ("The optimizer uses a learning rate of 3e-4 during training.", "optimizer", "adjusts the model"),
        ("The Postgres query optimizer picked a bad plan.", "optimizer", "plans how to run each query"),
        ("The video encoder now supports a higher bitrate.", "encoder", "compresses video"),
        ("The encoder and decoder layers of the transformer were resized.", "encoder", "turns input into numbers"),
        ("An unhandled exception was raised when the timeout hit.", "exception", "error"),
        ("All staff, with the exception of interns, get the bonus.", "exception", None),
        ("Adam from sales joined the call.", "Adam", None),
        ("We trained with Adam at a learning rate of 1e-4 for 3 epochs.", "Adam", "adjusting a model"),
        ("Sessions are capped by a token bucket per tenant.", "token bucket", "bursts"),
        ("Worker utilization on the database servers reached 95%.", "utilization", "capacity"),
        ("Budget utilization was discussed at the offsite.", "utilization", None),
        ("Our speech model achieves a WER of 9.1 with broad test coverage of accents.", "test coverage", None),
        ("Test coverage of the billing code rose to 85% after the refactor.", "Test coverage", "code checked"),
        ("The profiler now caches stacktraces and frames between samples.", "stacktraces", "which code was running"),
        ("The crash left a stack trace in the log.", "stack trace", "crash report"),
        # a firm's name has no plural: "Linodes" are the servers Linode rents out
        ("We moved the build servers from AWS to Linode last year.", "Linode", "rental firm"),
        ("Customers could not reboot their Linodes in Toronto.", "Linodes", None),
        ("The database pool size was raised to 40 idle connections.", "pool size", "reusable connections"),
        ("Changing the pool size to 3 after each convolutional layer had no effect.", "pool size", "image features"),
        ("The pool size for the summer party is 12 people.", "pool size", None),
    ],
)
def test_ambiguous_terms_take_the_meaning_their_text_shows(text: str, form: str, meaning: str | None) -> None:
    """`meaning` is a phrase of the plain words expected for `form` here; None: the term must be left alone."""
    found = [m for m in INDEX.matches(text) if m.text == form]
    if meaning is None:
        assert found == [], f"{form!r} should be left alone in {text!r}, got {[m.entry.plain for m in found]}"
    else:
        assert found, f"{form!r} was not recognised in {text!r}"
        assert meaning in found[0].entry.plain, f"{form!r} in {text!r} read as {found[0].entry.plain!r}"


def test_no_term_is_known_by_every_audience() -> None:
    offenders = [
        f"{t.term}: known by {list(t.known_by)}"
        for t in TERMS
        # a term everyone knows does not belong in the glossary; an audience listed twice is a typo
        if set(t.known_by) == ALL_AUDIENCES or len(t.known_by) != len(set(t.known_by))
    ]
    assert offenders == [], _report(offenders)


def test_term_names_are_unique() -> None:
    repeated = [name for name, n in Counter(t.term.casefold() for t in TERMS).items() if n > 1]
    assert repeated == []


@pytest.mark.parametrize(
    ("form", "style"),
    [
        ("high recall but low precision", "replace"),
        ("high precision but low recall", "replace"),
        ("false positives", "replace"),
        ("false negatives", "replace"),
        ("recall", "replace"),
        ("latency", "replace"),
        ("throughput", "replace"),
        ("refactored", "replace"),
        ("deprecated", "replace"),
        ("technical debt", "replace"),
        ("root cause", "replace"),
        ("single point of failure", "replace"),
        ("memory leak", "replace"),
        ("race condition", "replace"),
        ("cold start", "replace"),
        ("garbage collection", "replace"),
        ("rate limiting", "replace"),
        ("circuit breaker", "replace"),
        ("data drift", "replace"),
        ("model drift", "replace"),
        ("train/test split", "replace"),
        ("A/B test", "replace"),
        ("feature flag", "replace"),
        ("rolling restart", "replace"),
        ("cache hit rate", "replace"),
        ("p99 latency", "explain"),
        ("p99", "explain"),
        ("F1", "explain"),
        ("S3", "explain"),
        ("5xx", "explain"),
        ("Kubernetes", "explain"),
        ("k8s", "explain"),
        ("Kafka", "explain"),
        ("Postgres", "explain"),
        ("postgresql", "explain"),
        ("Redis", "explain"),
        ("Snowflake", "explain"),
        ("PyTorch", "explain"),
        ("Terraform", "explain"),
        ("AWS", "explain"),
        ("multi-AZ", "replace"),
        ("cutover", "replace"),
        ("sunset", "replace"),
        ("right-sized", "replace"),
        ("CTR", "replace"),
        ("idempotency key", "replace"),
        ("break-glass", "replace"),
        ("median", "replace"),
        ("KL divergence", "explain"),
        ("4-bit", "explain"),
    ],
)
def test_phrases_the_engine_depends_on_are_listed(form: str, style: str) -> None:
    matches = [t for t in TERMS if form.casefold() in {f.casefold() for f in t.forms}]
    assert len(matches) == 1, f"{form!r} is missing from the glossary"
    assert matches[0].style == style
