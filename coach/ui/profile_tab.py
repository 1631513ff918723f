"""The Profile tab: who you are and the names coach must never change, saved once and applied to every feature.

The offline engine treats the company, product and protected names as words every reader knows: never flagged,
replaced or explained. The LLM engine gets the whole profile before each request, as context about the writer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr
from pydantic import ValidationError

from coach.core import Coach
from coach.errors import CoachError, InputError
from coach.store import Profile
from coach.ui.common import guard

APPLIED = (
    "Applied to every feature from the next request: the offline engine keeps these names exactly as written "
    "(never flagged, replaced or explained); the LLM engine is told who you are and what never to change."
)


def lines(items: tuple[str, ...]) -> str:
    return "\n".join(items)


def _values(p: Profile) -> tuple[str, str, str, str, str]:
    """A profile as the form shows it: [role, company, products, audiences, protected]."""
    return (p.role, p.company, lines(p.products), lines(p.audiences), lines(p.protected))


def load(coach: Coach) -> list[Any]:
    """The saved profile as form values: [role, company, products, audiences, protected]."""

    def body() -> list[Any]:
        return list(_values(coach.store.get_profile()))

    return guard("profile load", body, 5)


def fill(coach: Coach, *shown: str) -> list[Any]:
    """The saved profile for the fields that show nothing yet; a field the user has typed into is left alone (an
    answer that arrives late on a busy server must never wipe what they typed)."""
    saved = load(coach)
    # Nothing saved is nothing to fill: sending "" back would wipe what the user typed while the answer was on its way
    # (the snapshot `shown` is taken when the tab opens, before they type).
    return [value if value and not now.strip() else gr.skip() for value, now in zip(saved, shown, strict=True)]


def save(coach: Coach, role: str, company: str, products: str, audiences: str, protected: str) -> Any:
    """The status line: the profile saved and in force; an invalid value is a warning naming the field."""

    def body() -> list[Any]:
        try:
            profile = Profile.model_validate(
                {"role": role, "company": company, "products": products, "audiences": audiences, "protected": protected}
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "profile"
            raise InputError(f"Profile not saved: {field}: {first['msg'].removeprefix('Value error, ')}.") from None
        saved = coach.save_profile(profile)
        gr.Info("Profile saved.")
        kept = ", ".join(saved.kept_names()) or "none yet"
        return [f"✓ Saved. Names kept exactly: {kept}.\n\n{APPLIED}"]

    return guard("profile save", body, 1)[0]  # one output: the value itself


def add_tab(coach: Coach) -> list[Any]:
    """The Profile tab; returns its fields, which the app also fills whenever the tab is opened."""
    gr.Markdown(
        "Tell coach about you once. Everything here is kept in your coach database and used by every tab, the "
        "command line and the API."
    )

    def saved(k: int) -> Callable[[], str]:
        # A callable value is read each time a page loads, as part of the page: a reload always shows the saved
        # profile, even on a busy server where an event fired at load time may come too late.
        def value() -> str:
            try:
                p = coach.store.get_profile()
            except CoachError:
                return ""  # the store cannot be read: the load event's warning says so
            return _values(p)[k]

        return value

    with gr.Row():
        role = gr.Textbox(label="Your role", placeholder="ML tech lead", elem_id="profile-role", value=saved(0))
        company = gr.Textbox(
            label="Company or team", placeholder="Acme Payments", elem_id="profile-company", value=saved(1)
        )
    with gr.Row():
        products = gr.Textbox(
            label="Products and services (one per line)",
            lines=4,
            placeholder="Falcon\nLedgerSync",
            elem_id="profile-products",
            value=saved(2),
        )
        audiences = gr.Textbox(
            label="Who you usually write for (one per line)",
            lines=4,
            placeholder="our CFO\nthe sales team",
            elem_id="profile-audiences",
            value=saved(3),
        )
    protected = gr.Textbox(
        label="Names and terms never to change (one per line)",
        lines=3,
        placeholder="SKU-Graph\nP0 incident",
        elem_id="profile-protected",
        value=saved(4),
    )
    button = gr.Button("Save profile", variant="primary", elem_id="profile-save")
    status = gr.Markdown(APPLIED, elem_id="profile-status")

    def profile_save(*values: str) -> Any:
        return save(coach, *values)

    fields = [role, company, products, audiences, protected]
    button.click(profile_save, fields, [status], api_name="profile_save")
    return fields
