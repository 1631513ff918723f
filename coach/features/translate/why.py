"""`why_it_matters`: the writer's own clause that carries the strongest business impact for a reader, labelled with
its kind of impact (prompts: none; the labels are `coach.analysis.impact.LABELS`)."""

from __future__ import annotations

import re

from coach.analysis.facts import extract_facts
from coach.analysis.impact import IMPACT, LABELS, Signal, first_signal, signals, weigh
from coach.features.translate.structure import CONSEQUENCE, FACT_KINDS, ITEM, Unit

# Words that size a result without a figure ("nearly doubling throughput").
_MAGNITUDE = re.compile(r"\b(?:doubl\w*|tripl\w*|halv\w*|twice|\d+(?:\.\d+)?x)\b", re.IGNORECASE)


def why_it_matters(all_units: list[Unit], lead_with: tuple[Signal, ...], lead: set[int]) -> tuple[Signal, str] | None:
    """(kind, clause): the writer's own words that carry the strongest business impact for this reader, preferring
    a sentence other than the lead (so the line adds something), and only the clause that carries it."""
    order = lead_with or tuple(sorted(IMPACT))
    ranked: list[tuple[float, int, Unit, Signal]] = []
    for u in all_units:
        if u.kind not in ("sentence", "item"):
            continue
        found = signals(u.text) & IMPACT
        if "result" in found and not (
            any(f.kind in FACT_KINDS for f in extract_facts(u.text)) or _MAGNITUDE.search(u.text)
        ):
            found.discard("result")  # "improved" with no figure is a claim, not a result worth the line
        kinds = [k for k in order if k in found]
        if kinds:
            ranked.append((weigh(found, order), -u.index, u, kinds[0]))
    if not ranked:
        return None
    ranked.sort(reverse=True)
    others = [r for r in ranked if r[2].index not in lead]
    _, _, unit, kind = others[0] if others and others[0][0] >= ranked[0][0] / 2 else ranked[0]
    return kind, _clause(unit.text, kind)


def _clause(sentence: str, kind: Signal) -> str:
    """The clause of a sentence that holds its signal of `kind` (the whole sentence when clauses are too short)."""
    text = ITEM.sub("", sentence).strip()
    if (pronoun := CONSEQUENCE.match(text)) is not None:
        text = text[pronoun.end() :]  # "This cut cost by $4,000" → "cut cost by $4,000": no dangling "this"
    hit = first_signal(text, kind)
    if hit is None:
        return text
    pieces = list(re.finditer(r"(?:[^,;:—]|[,:](?=\S))+(?:[,;:—]|$)", text))  # "$4,000", "12:01" stay whole
    for piece in pieces:
        if piece.start() <= hit.start() < piece.end():
            clause = re.sub(r"^(?:and|but|so|then|which|while)\s+", "", piece.group().strip(" ,;:—"), flags=re.I)
            figures = {f.key for f in extract_facts(text) if f.kind != "name"}
            kept = {f.key for f in extract_facts(clause) if f.kind != "name"}
            # A clause that is a purpose or condition ("To reduce impact…") says nothing alone, and one that cuts a
            # figure off ("versions 1.27" of "1.27, 1.28 and 1.29") would misstate it: then the whole sentence.
            if len(clause.split()) >= 5 and not _SUBORDINATE.match(clause) and figures <= kept:
                return clause[:1].upper() + clause[1:]
            break
    return text


_SUBORDINATE = re.compile(
    r"(?:to|because|since|as|when|while|if|although|though|after|before|during|following|once|until|unless|by|for|"
    r"in order|so that|despite|with|without)\b",
    re.IGNORECASE,
)


def label(kind: Signal) -> str:
    return LABELS[kind]
