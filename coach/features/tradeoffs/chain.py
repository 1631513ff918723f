"""Trade-offs' LLM chain: prompts/tradeoffs.yaml asked once for a `TradeoffsDraft`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from coach.features.tradeoffs.parse import TradeoffsRequest


class DraftRow(BaseModel):
    """The model's three cells for one workstream."""

    model_config = ConfigDict(extra="forbid")

    workstream: str = Field(description="The workstream's name, exactly as given.")
    absorb: str = Field(
        description="What happens to it if the request is absorbed into the current plan. Where the input does "
        "not say, write 'to assess — ask the workstream owner'; never invent a date or number."
    )
    adjust: str = Field(description="What of it would be paused, dropped or moved to make room for the request.")
    decline: str = Field(description="What happens to it if the request is not done (usually: on plan).")


class TradeoffsDraft(BaseModel):
    """The model's answer: curious questions, a row per workstream, a recommendation, the decision, a message."""

    model_config = ConfigDict(extra="forbid")

    questions: list[str] = Field(description="2-3 curious questions about what the requester is trying to achieve.")
    rows: list[DraftRow] = Field(description="Exactly one row per workstream, in the order given.")
    recommendation: str = Field(description="The option recommended (usually adjust), why, and its assumptions.")
    decision: str = Field(description="The one decision the stakeholder must make.")
    message: str = Field(
        description="A short Slack/email message to the requester: curious, framing a trade-off, not a refusal."
    )


def variables(req: TradeoffsRequest) -> dict[str, str]:
    listing = "\n".join(f"{n}. {w.text}" for n, w in enumerate(req.workstreams, start=1))
    return {"request": req.request, "workstreams": listing, "asker": req.asker or "the requester"}
