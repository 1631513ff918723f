"""Jargon found by its shape when no glossary lists it (issue #8, pattern 8): regions, file names, protocol-like
tokens and products named in Title Case. Made-up texts; each row would not be flagged by the glossary alone."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from coach.analysis.glossary import builtin_glossary
from coach.analysis.jargon import find_jargon
from coach.analysis.jargon_index import JargonIndex


@dataclass(frozen=True)
class Reader:
    id: str
    description: str | None = None


INDEX = JargonIndex(builtin_glossary())
EXEC = Reader("executive")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The replicas in ap-south-2 and us-west-1b fell behind.", {"ap-south-2", "us-west-1b"}),
        ("Every request is written to events.db and to worker.log first.", {"events.db", "worker.log"}),
        ("The proxy now speaks http3 and falls back to ipv4.", {"http3", "ipv4"}),
        (
            "Yesterday the Orion Gateway stopped after the Ledger Connector filled up.",
            {"Orion Gateway", "Ledger Connector"},
        ),
        # a name that opens a sentence or a line is still a name
        ("Quartz Hub is the part that routes the orders.\nKestrel Connector\n", {"Quartz Hub", "Kestrel Connector"}),
        # a model's size in parameters, in a text about models
        ("We fine-tuned the 13B model; the 350M one was too weak.", {"13B", "350M"}),
    ],
)
def test_shapes_no_glossary_lists_are_flagged(text: str, flagged: set[str]) -> None:
    found = {h.term for h in find_jargon(text, EXEC, INDEX)}
    assert flagged <= found, found


@pytest.mark.parametrize(
    "text",
    [
        "Sales rose 4% in Q3 after the mp3 player launch.",
        "We shipped version 2.1.0 on Monday; see e.g. the notes.",
        "The Customer Success team called every customer.",  # a team, said at a sentence start
        "Our Platform team moved the Service desk. The Service was down for an hour.",  # determiners, not names
        "Revenue reached $12M and 3M shoppers signed up.",  # money and counts, in a text about no model
        "Send it to covid19 response teams by Friday.",
    ],
)
def test_ordinary_text_is_not_flagged_by_shape(text: str) -> None:
    found = [h.term for h in find_jargon(text, EXEC, INDEX) if h.source in ("code", "name")]
    assert not found, found
