"""Facts in a text — numbers, money, durations, dates, tickets, names, negations — and a check that a rewrite
keeps every one of them.

Each fact has a *key*: a normalised identity, so "800ms", "800 milliseconds" and "0.8 seconds" are one fact
(`duration:0.8s`), and "$460M", "$460 million" and "$460,000,000" another (`money:USD:460000000`).
`compare` treats each text's keys as a multiset: what the original has more of is *missing*, what the rewrite
has more of is *added*, so a changed value shows on both sides.

Decisions a reader of a fact check should know:
- Approximation words ("~", "about", "roughly") and bounds ("at least", "up to") are not part of a fact.
- Count nouns ("3 regions", "10k users") are not units: the key is the value, so "3" matches "3 regions".
  Units of time, size, money, percent, rate and "x" (times) are part of the key.
- Ranges ("3-6 months", "between 5 and 10 ms", "from 800ms to 200ms") give one fact per end, the unit of
  one end lent to a bare other end; their kind is "range", their keys are those of plain quantities.
- Every negation cue has the key "negation": only their count must match ("did not" = "didn't").
- "zero" and "0" are the number 0, yet "zero downtime" and "no downtime" say the same: in `compare`, a zero
  left unmatched in one text pairs with an unmatched "no", "none" or "without" in the other, either way.
- ALL-CAPS acronyms (API, SLA) are jargon a rewrite should remove, not facts — except a few vendor and
  place names (AWS, IBM, EU). Letter-digit tokens (p99, S3, GPT-4, IPv6, 5xx) are names, never numbers.
- A capitalised word at the start of a sentence is a name only if it is a known product or is written
  capitalised mid-sentence somewhere in the text (or, in `compare`, in either text).
- "5m" is five minutes unless a currency comes first ("$5m"); "5M" and "5B" are millions and billions.
- Percentile jargon may be traded for its meaning: "p99" in one text and "99th percentile", "99%" or
  "99 in 100" in the other are not reported, except that a number the original states must stay.
"""

from coach.analysis.facts._compare import compare
from coach.analysis.facts._extract import extract_facts
from coach.analysis.facts._model import Fact, FactCheck, FactKind
from coach.analysis.facts._vocabulary import PRODUCTS

__all__ = ["PRODUCTS", "Fact", "FactCheck", "FactKind", "compare", "extract_facts"]
