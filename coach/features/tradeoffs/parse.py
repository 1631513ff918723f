"""Reading a trade-off request: the request text and 'NAME: status' workstreams, with clear limits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.errors import InputError
from coach.validate import clean_text

MAX_WORKSTREAMS = 15
"""A trade-off table is read at a glance; more rows than this is a portfolio review, not a decision."""
MAX_WORKSTREAM_CHARS = 300
"""A workstream is a name and a one-line status."""
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z][\w.-]*")


@dataclass(frozen=True)
class Workstream:
    """One planned workstream: 'NAME: status'; a line without ':' is a name with an empty status."""

    name: str
    status: str
    owners: tuple[str, ...]
    """@handles written in the workstream (who to ask about its cells)."""

    @property
    def owner(self) -> str:
        return " or ".join(self.owners) if self.owners else "the workstream owner"

    @property
    def text(self) -> str:
        return f"{self.name}: {self.status}" if self.status else self.name


@dataclass(frozen=True)
class TradeoffsRequest:
    request: str
    workstreams: list[Workstream]
    asker: str | None

    @property
    def source(self) -> str:
        """Everything the user stated: what every fact of the answer must come from."""
        return "\n".join([self.request, *(w.text for w in self.workstreams)])


def parse_workstream(line: str) -> Workstream:
    """'NAME: status' → Workstream; InputError for an empty name or an over-long line."""
    text = " ".join(line.split())
    if len(text) > MAX_WORKSTREAM_CHARS:
        raise InputError(
            f"Workstream '{text[:40]}…' is {len(text)} characters; keep it to a name and a one-line status "
            f"(at most {MAX_WORKSTREAM_CHARS})."
        )
    name, _, status = text.partition(":")
    name, status = name.strip(), status.strip()
    if not name:
        raise InputError(f"Workstream '{text}' has no name: write it as 'NAME: status'.")
    return Workstream(name=name, status=status, owners=tuple(dict.fromkeys(_HANDLE.findall(text))))


def parse_request(
    request: str, workstreams: str | Sequence[str], *, asker: str | None = None, limit: int
) -> TradeoffsRequest:
    """The validated request; InputError with the fix for each problem."""
    if not request or not request.strip():
        raise InputError("The request is empty: say what was asked for (--request TEXT).")
    request = " ".join(clean_text(request, limit=limit, what="weigh").split())
    lines = workstreams.splitlines() if isinstance(workstreams, str) else list(workstreams)
    lines = [ln.strip().lstrip("-*•").strip() for ln in lines]
    lines = [clean_text(ln, limit=limit, what="weigh") for ln in lines if ln]
    if not lines:
        raise InputError("Name at least one planned workstream: --workstream 'NAME: status' (one per workstream).")
    if len(lines) > MAX_WORKSTREAMS:
        raise InputError(
            f"{len(lines)} workstreams is more than a table can show at a glance (at most {MAX_WORKSTREAMS}); "
            "keep the ones the request would touch."
        )
    parsed = [parse_workstream(ln) for ln in lines]
    seen: set[str] = set()
    for w in parsed:
        key = w.name.casefold()
        if key in seen:
            raise InputError(f"Workstream '{w.name}' is listed twice; give each workstream once.")
        seen.add(key)
    who = " ".join(asker.split()) if asker and asker.strip() else None
    return TradeoffsRequest(request=request, workstreams=parsed, asker=who)
