"""The offline engine's coaching: one concrete suggestion per problem the checks found, most important first.

Every suggestion quotes the writer's own draft (or the original) and the reader's own budget; none states a fact
the two texts do not, so following a suggestion never puts a wrong number into the draft.
"""

from __future__ import annotations

import re

from coach.analysis.facts import extract_facts
from coach.analysis.jargon import JargonHit
from coach.features.check.findings import Findings, sentences, states_outcome
from coach.features.check.schema import CheckRequest, Suggestion, SuggestionKind
from coach.flow.postchecks import TARGET_GRADE, word_count
from coach.readers import CUSTOM_ID, Reader

MAX_LISTED = 5
"""Terms named one suggestion each; more are grouped in one line, so a jargon-heavy draft is not a wall of text."""
_QUOTE = 140
"""Characters of a sentence quoted in a suggestion."""
_EASY_GRADE = 10.0
"""A draft this easy is fine even if the original was easier still."""
_LONG_SENTENCE = 20
"""Words from which a sentence is worth splitting; below it, long words are what make a draft hard."""
_SLACK = 1.0
"""Grades a draft may read above the original before it counts as harder (one long sentence moves it that much)."""
# Kinds of fact where a value of the original and a value of the draft of the same kind are one fact changed.
_PAIRED = ("number", "percent", "money", "duration", "date", "time", "ticket", "version", "rate", "size", "times")


def who(reader: Reader) -> str:
    """The reader in a sentence: "an executive"; "the reader you described" for a custom one."""
    return "the reader you described" if reader.id == CUSTOM_ID else reader.reader


def quote(sentence: str) -> str:
    text = " ".join(sentence.split()).rstrip(".;:")  # the quote sits inside a sentence of ours
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1].rstrip() + "…"


def _rule(kind: SuggestionKind, text: str) -> Suggestion:
    return Suggestion(kind=kind, text=text, by="rules")


def _shown(fact: str) -> str:
    return fact.strip().rstrip(".,;:")


def _categories(text: str) -> dict[str, str]:
    """Each fact's text → its category ("percent", "duration", "negation", "name" ...), from its key."""
    found: dict[str, str] = {}
    for fact in extract_facts(text):
        found.setdefault(fact.text, fact.key.split(":", 1)[0])
    return found


def fact_suggestions(request: CheckRequest, found: Findings) -> list[Suggestion]:
    """A changed value (one of the original's replaced by another of its kind), an added fact, a dropped negation
    each get their own line; facts merely left out are listed together (leaving a detail out may be right)."""
    check = found.fact_check
    if check.ok:
        return []
    of_original, of_draft = _categories(request.original), _categories(request.draft)
    missing = list(check.missing)
    out: list[Suggestion] = []
    for new in check.added:
        kind = of_draft.get(new, "")
        if kind == "negation":
            out.append(_rule("facts", f"Check the '{_shown(new)}' you added: the original has no such negation, "
                                      "so the meaning may have flipped."))  # fmt: skip
            continue
        old = next((m for m in missing if kind in _PAIRED and of_original.get(m) == kind), None)
        if old is not None:
            missing.remove(old)
            out.append(_rule("facts", f"Correct '{_shown(new)}': the original says '{_shown(old)}'."))
        else:
            out.append(_rule("facts", f"Remove or correct '{_shown(new)}': the original does not state it."))
    negations = [m for m in missing if of_original.get(m) == "negation"]
    if negations:
        missing = [m for m in missing if m not in negations]
        words = ", ".join(f"'{_shown(n)}'" for n in negations)
        out.append(_rule("facts", f"Put back the negation{'s' if len(negations) > 1 else ''} of the original "
                                  f"({words}): your draft may now say the opposite."))  # fmt: skip
    if missing:
        listed = ", ".join(f"'{_shown(m)}'" for m in missing)
        out.append(
            _rule(
                "facts",
                f"Your draft drops {listed}: keep those {who(request.audience)} needs to act on "
                "(leaving a detail out is a choice; changing a fact is a mistake).",
            )
        )
    return out


def outcome_suggestion(request: CheckRequest, found: Findings) -> Suggestion | None:
    """For a reader who decides, the result goes first: the draft's own result sentence if it has one, else
    the original's, else a prompt to find out — never a result coach made up."""
    if found.outcome_first or request.audience.technical:
        return None
    later = next((s for s in found.sentences if s != found.lead and states_outcome(s)), None)
    if later is not None:
        return _rule("outcome_first", f'Lead with the result: open with "{quote(later)}", then say how it happened.')
    stated = next((s for s in sentences(request.original) if states_outcome(s)), None)
    if stated is not None:
        return _rule(
            "outcome_first",
            f'Lead with the result: the original states it ("{quote(stated)}"); say that first, in words '
            f"{who(request.audience)} uses.",
        )
    return _rule(
        "outcome_first",
        "Lead with the result: open with what changed for customers, money, time or risk. Neither your draft "
        "nor the original says it, so find out before you send.",
    )


def jargon_suggestions(request: CheckRequest, found: Findings) -> list[Suggestion]:
    """One line per term (plain words offered when the glossary has them), the rest grouped."""
    terms: dict[str, JargonHit] = {}  # each term once, as first written, with plain words if any hit has them
    for hit in found.jargon_left:
        key = hit.term.casefold()
        if key not in terms:
            terms[key] = hit
        elif terms[key].plain is None and hit.plain:
            terms[key] = terms[key].model_copy(update={"plain": hit.plain})
    reader = who(request.audience)
    out = []
    for hit in list(terms.values())[:MAX_LISTED]:
        hint = f" (for example: '{hit.plain}')" if hit.plain else ""
        out.append(_rule("jargon", f"Explain '{hit.term}'{hint} or drop it — {reader} won't know it."))
    rest = [hit.term for hit in list(terms.values())[MAX_LISTED:]]
    if rest:
        them = "them" if len(rest) > 1 else "it"
        out.append(_rule("jargon", f"Also explain or drop: {', '.join(rest)} — {reader} won't know {them}."))
    return out


def length_suggestion(found: Findings) -> Suggestion | None:
    """Over budget: the cut to make, and the first sentence to cut (the longest one that states no result)."""
    ln = found.length
    if not ln.over:
        return None
    cuts = []
    if ln.words > ln.budget:
        cuts.append(f"Cut to {ln.budget} words: {ln.words} words now")
    if ln.sentences > ln.sentence_budget:
        cuts.append(f"{'c' if cuts else 'C'}ut to {ln.sentence_budget} sentences: {ln.sentences} now")
    idle = [s for s in found.sentences if s != found.lead and not states_outcome(s)]
    if idle:
        longest = max(idle, key=word_count)
        hint = f'Cut or shorten "{quote(longest)}" first: it states no result.'
    else:
        hint = "Keep the result and the decision; move the detail to a follow-up."
    return _rule("length", f"{'; '.join(cuts)}. {hint}")


def readability_suggestion(request: CheckRequest, found: Findings) -> Suggestion | None:
    """Harder to read than the original (or than grade 12 for a non-technical reader): split the longest sentence."""
    before, after = found.readability.before, found.readability.after
    harder = after > before + _SLACK and after > _EASY_GRADE
    too_hard = after > TARGET_GRADE and not request.audience.technical
    if not (harder or too_hard) or not found.sentences:
        return None
    longest = max(found.sentences, key=word_count)
    said = f"Your draft reads at grade {after:.1f} (the original {before:.1f})"
    if word_count(longest) >= _LONG_SENTENCE:
        return _rule("readability", f'{said}: split "{quote(longest)}" into shorter sentences.')
    return _rule("readability", f"{said}: its sentences are short, so use everyday words for the long ones.")


def wording_suggestions(request: CheckRequest) -> list[Suggestion]:
    """Words this reader finds empty (the reader's `avoid` list in prompts/readers.yaml)."""
    out = []
    for word in request.audience.avoid:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", request.draft, re.IGNORECASE):
            out.append(_rule("wording", f"Drop '{word}': {who(request.audience)} finds it empty; say what it means."))
    return out


def _some(one: Suggestion | None) -> list[Suggestion]:
    return [] if one is None else [one]


def unchanged(request: CheckRequest) -> bool:
    return " ".join(request.draft.split()).casefold() == " ".join(request.original.split()).casefold()


def suggestions(request: CheckRequest, found: Findings) -> list[Suggestion]:
    """Every rule suggestion for the draft, most important first: facts, outcome, jargon, length, readability."""
    out: list[Suggestion] = []
    if unchanged(request):
        out.append(
            _rule("rewrite", f"This is the original, unchanged: rewrite it for {who(request.audience)}, result first.")
        )
    out += fact_suggestions(request, found)
    out += _some(outcome_suggestion(request, found))
    out += jargon_suggestions(request, found)
    out += _some(length_suggestion(found))
    out += _some(readability_suggestion(request, found))
    out += wording_suggestions(request)
    return out
