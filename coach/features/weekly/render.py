"""The weekly update as text: Markdown, Slack mrkdwn or a plain-text email, from the same three sections."""

from __future__ import annotations

from typing import Literal, assert_never, get_args

from coach.errors import InputError
from coach.features.weekly.notes import SECTIONS, TITLES, Section

Format = Literal["markdown", "slack", "email"]
FORMATS: tuple[Format, ...] = get_args(Format)


def render(week: str, reader: str, sections: dict[Section, list[str]], fmt: Format) -> str:
    """The update as Markdown, Slack mrkdwn or a plain-text email (with a Subject: line)."""
    title = f"Weekly update — {week}"
    if fmt == "markdown":
        parts = [f"# {title}"]
        parts += [f"## {TITLES[s]}\n" + "\n".join(f"- {i}" for i in sections[s]) for s in SECTIONS]
        return "\n\n".join(parts) + "\n"
    if fmt == "slack":
        parts = [f"*{_slack(title)}*"]
        parts += [f"*{TITLES[s]}*\n" + "\n".join(f"• {_slack(i)}" for i in sections[s]) for s in SECTIONS]
        return "\n\n".join(parts) + "\n"
    if fmt == "email":
        greeting = "Hi team," if reader == "team" else "Hi,"
        parts = [f"Subject: {title}: Progress / Problems / Plan", greeting]
        parts += [f"{TITLES[s]}\n" + "\n".join(f"- {i}" for i in sections[s]) for s in SECTIONS]
        parts.append("Thanks")
        return "\n\n".join(parts) + "\n"
    assert_never(fmt)


def _slack(text: str) -> str:
    # Slack's mrkdwn treats &, < and > as control characters; everything else is shown as written.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def as_format(value: str) -> Format:
    """`value` as a Format; InputError naming the choices otherwise."""
    for fmt in FORMATS:
        if value == fmt:
            return fmt
    raise InputError(f"Format must be one of {', '.join(FORMATS)} (got {value!r}).")
