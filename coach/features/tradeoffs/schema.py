"""Trade-offs' result: the request, curious questions, three options, their effect on each workstream."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from coach.flow.results import Common

OPTIONS = ("absorb", "adjust", "decline")
"""The three options for unplanned work (the seed's section 5), in the order the table shows them."""


class TradeoffRow(BaseModel):
    """What each option means for one planned workstream."""

    model_config = ConfigDict(extra="forbid")

    workstream: str = Field(description="The workstream's name, exactly as given.")
    absorb: str = Field(description="Effect on this workstream if the request is absorbed into the current plan.")
    adjust: str = Field(description="Effect if planned work of this workstream is dropped or moved for the request.")
    decline: str = Field(description="Effect if the request is not done.")


class TradeoffsResult(Common):
    """A request for unplanned work framed as a trade-off the stakeholder decides, not a refusal."""

    request: str = Field(description="The request, as given.")
    questions: list[str] = Field(description="Curious questions about what the requester is trying to achieve.")
    options: list[str] = Field(description="The three options: absorb, adjust, decline.")
    rows: list[TradeoffRow] = Field(description="One row per workstream, in the order given.")
    recommendation: str = Field(description="The recommended option and why, with its assumptions stated.")
    decision: str = Field(description="What the stakeholder must decide.")
    message: str = Field(description="A short Slack/email message to the requester framing the trade-off.")
    markdown: str = Field(
        description="The request, the table (a header and one row per workstream), the recommendation."
    )
    csv: str = Field(description="The table as CSV: a header and one row per workstream.")
