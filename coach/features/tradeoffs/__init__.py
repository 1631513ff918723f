"""Trade-offs, not roadblocks: a request for unplanned work in, the three options and their effect on each
planned workstream out — absorb it, adjust planned work, or decline — as a table the stakeholder decides from.

Curiosity first (what is the requester trying to achieve?), then clear trade-offs (the seed's section 5). The
offline engine fills the table from templates and never guesses an effect it cannot know; the LLM engine asks
prompts/tradeoffs.yaml once. Both end in the same fact check: every fact of the input kept in the table, none
added anywhere, labelled derived figures ("(derived: 3 weeks + 1 week = 4 weeks)") excepted.
"""

from __future__ import annotations

from typing import Any, Literal

from coach.features.tradeoffs.offline import Draft, offline_draft, offline_row, request_takes
from coach.features.tradeoffs.parse import MAX_WORKSTREAMS, TradeoffsRequest, Workstream, parse_request
from coach.features.tradeoffs.render import fact_check, markdown, to_csv
from coach.features.tradeoffs.schema import OPTIONS, TradeoffRow, TradeoffsResult
from coach.flow.context import RunContext
from coach.flow.pipeline import Feature

__all__ = [
    "FEATURE",
    "MAX_WORKSTREAMS",
    "OPTIONS",
    "TradeoffRow",
    "TradeoffsFeature",
    "TradeoffsResult",
    "Workstream",
]


class TradeoffsFeature(Feature[TradeoffsRequest, Draft, TradeoffsResult]):
    name = "tradeoffs"
    prompt = "tradeoffs"

    def prepare(self, ctx: RunContext, **inputs: Any) -> TradeoffsRequest:
        return parse_request(
            inputs.get("request", ""),
            inputs.get("workstreams", ()),
            asker=inputs.get("asker"),
            limit=ctx.settings.max_input_chars,
        )

    def offline(self, request: TradeoffsRequest, ctx: RunContext) -> Draft:
        return offline_draft(request)

    def llm(self, request: TradeoffsRequest, ctx: RunContext) -> Draft:
        from coach.features.tradeoffs.chain import TradeoffsDraft, variables

        answer = ctx.ask(self.prompt, TradeoffsDraft, variables(request))
        by_name = {" ".join(r.workstream.split()).casefold(): r for r in answer.rows}
        takes = request_takes(request.request)
        rows, warnings = [], []
        for w in request.workstreams:
            got = by_name.pop(w.name.casefold(), None)
            if got is None or not all(c.strip() for c in (got.absorb, got.adjust, got.decline)):
                warnings.append(f"The model gave no full row for '{w.name}'; the offline rules wrote it.")
                rows.append(offline_row(w, takes))
            else:
                rows.append(TradeoffRow(workstream=w.name, absorb=got.absorb, adjust=got.adjust, decline=got.decline))
        if by_name:
            warnings.append(f"Rows for workstreams not given were left out: {', '.join(by_name)}.")
        offline = offline_draft(request)
        return Draft(
            questions=[q for q in answer.questions if q.strip()] or offline.questions,
            rows=rows,
            recommendation=answer.recommendation.strip() or offline.recommendation,
            decision=answer.decision.strip() or offline.decision,
            message=answer.message.strip() or offline.message,
            warnings=warnings,
        )

    def finish(self, request: TradeoffsRequest, draft: Draft, ctx: RunContext) -> TradeoffsResult:
        table = markdown(request, draft)
        check, warnings = fact_check(request, draft, table)
        return TradeoffsResult(
            **ctx.common(check, draft.warnings + warnings),
            request=request.request,
            questions=draft.questions,
            options=list(OPTIONS),
            rows=draft.rows,
            recommendation=draft.recommendation,
            decision=draft.decision,
            message=draft.message,
            markdown=table,
            csv=to_csv(draft.rows),
        )


FEATURE = TradeoffsFeature()


def decision_entry(result: TradeoffsResult, option: str) -> tuple[str, Literal["plan", "problem"]]:
    """The outcome-log entry (text, kind) recording `option` as decided for `result`'s request.

    Absorb and adjust are planned work (kind "plan"); declining is logged as a "problem" the requester must
    hear about. InputError for an option that is not one of the three.
    """
    from coach.errors import InputError

    if option not in OPTIONS:
        raise InputError(f"Unknown option '{option}': decide one of {', '.join(OPTIONS)}.")
    if option == "adjust":
        names = ", ".join(r.workstream for r in result.rows)
        return f"Decided to adjust planned work ({names}) for: {result.request}", "plan"
    if option == "absorb":
        return f"Decided to absorb into the current plan: {result.request}", "plan"
    return f"Declined the request (tell the requester why): {result.request}", "problem"
