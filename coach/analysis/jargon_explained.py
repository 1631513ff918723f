"""Whether jargon comes with an explanation where the reader meets it: a bracket or a dash right after it, or a
gloss bracket that closes its phrase or the note after its sentence ("the failover runbook (failover: …)")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coach.analysis.jargon import JargonHit, ReaderLike, find_jargon
from coach.analysis.jargon_index import JargonIndex
from coach.analysis.spans import outermost

# A version right after a name ("Postgres 16", "Kubernetes v1.29"), not a quantity ("3 ms", "40%").
VERSION_AFTER = re.compile(r"\s?v?\d+(?:\.\d+)*\b(?![%$])(?!\s*(?:ms|s|GB|MB|TB|%))")
# A model's size in parameters right after its name or version: "8B", "70B", "1.5B", "350M".
_MODEL_SIZE = re.compile(r"\s\d+(?:\.\d+)?[BM]\b")
_SIZE_TOKEN = re.compile(r"\d+(?:\.\d+)?[BM]")
_SIZE_WORDS = re.compile(r"\b(?:billions?|millions?)\b", re.IGNORECASE)
_GLOSS_AFTER = re.compile(r"[`’'\"]?(?:,\s[^:;()]{1,120})?:\s")


def is_explained(text: str, start: int, end: int) -> bool:
    """Whether a term at text[start:end] comes with an explanation: "(…)" right after it, or it sits in brackets; a
    model's size ("70B") is explained by a text that says what the letter stands for ("billions of settings")."""
    if _SIZE_TOKEN.fullmatch(text, start, end) and _SIZE_WORDS.search(text):
        return True
    version = VERSION_AFTER.match(text, end)  # "Postgres 16 (…)": the bracket may follow the name's version
    if version:
        end = version.end()
    size = _MODEL_SIZE.match(text, end)  # "Llama 3 8B (…)": or a model's size after its version
    if size:
        end = size.end()
    # On the same line: a "- " after a line break is the next bullet, not a dash that explains.
    after = text[end : end + 16].split("\n", 1)[0].lstrip()
    before = text[max(0, start - 2) : start].rstrip()
    if ABBREVIATION_ONLY.match(after):
        return False  # "Cross-Site Request Forgery (CSRF)": the bracket names the term again, it explains nothing
    return after.startswith(("(", "—", "- ", ", i.e", ", meaning", ", which means")) or before.endswith("(")


# A bracket holding only an abbreviation of what comes before it: "(CSRF)", "(“EBS”)", "(GQA)".
ABBREVIATION_ONLY = re.compile(r"\(\s*[\"“']?[A-Z][A-Z0-9&/]{1,9}s?[\"”']?\s*\)")


def unexplained_jargon(text: str, audience: ReaderLike, index: JargonIndex, *, rare: bool = False) -> list[JargonHit]:
    """Jargon left in a rewrite with no explanation next to it (outermost terms only). Rare words and names are
    included only with `rare` (they are reported, but no glossary has plain words for them)."""
    hits = outermost(find_jargon(text, audience, index, rare=rare))
    # A term is explained where the reader first meets it: in brackets right after it, or in the gloss bracket
    # that closes its phrase ("the failover runbook (failover: …)"); later occurrences need nothing more.
    first: dict[str, JargonHit] = {}
    for h in hits:
        first.setdefault(h.term.lower(), h)
    explained = {
        key
        for key, h in first.items()
        if is_explained(text, h.start, h.end) or glossed(text, h.end) or glossed_after(text, h.term, h.end)
    }
    return [h for h in hits if h.term.lower() not in explained]


def unexplained_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The listed terms that occur in `text` with no explanation where the reader first meets them."""
    left: list[str] = []
    for term in terms:
        m = re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE)
        if m is None:
            continue
        explained = is_explained(text, m.start(), m.end()) or glossed(text, m.end())
        if not explained and not glossed_after(text, term, m.end()):
            left.append(m.group())
    return left


def glossed(text: str, end: int) -> bool:
    """Whether a term is explained inside a bracket that follows its phrase: "the failover runbook (failover: …)"."""
    # "(`A`, `B`: names in the code)": a term named in a list that a gloss closes counts too.
    said = _GLOSS_AFTER.match(text, end) is not None
    return said and "(" in text[max(0, end - 400) : end].rsplit(")", 1)[-1]


def glossed_after(text: str, term: str, end: int) -> bool:
    """Whether a gloss bracket naming `term` follows soon after `end`, before the sentence ends."""
    # The gloss sits in the same sentence, or in the bracketed note right after it ("… settings. (nginx: …).").
    window = text[end : end + 800]
    stop = re.search(r"[.!?](?=\s)|\n(?=[ \t]*\n|[ \t]*(?:[-*•+]|\d{1,3}[.)]|#{1,6})[ \t])", window)
    ahead = window if stop is None else window[: stop.end()]
    note = re.match(r"\s*\((?:[^()]|\([^()]*\)){0,600}\)", window[len(ahead) :])  # "(`f()`: a name…)"
    if note is not None:
        ahead += note.group()
    # Compared without code marks, so "`retry_payment()`, `charge()`: names in the code" names "retry_payment()";
    # a term may open the bracket, follow an earlier entry (". " or "; "), or stand in a list that the label closes.
    ahead, term = _bare(ahead), _bare(term)
    other = r"(?:(?!\.\s)[^():;])*"  # another name of the same list, up to its comma
    entry = rf"(?:{other},\s*)*{re.escape(term)}(?:,\s*{other})*:\s"
    return re.search(rf"\((?:[^()]*[;.]\s*)?{entry}", ahead, re.IGNORECASE) is not None


def _bare(text: str) -> str:
    """`text` without code marks and call brackets: "`charge()`" → "charge"."""
    return text.replace("`", "").replace("()", "")
