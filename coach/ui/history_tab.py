"""The History tab: recent inputs and results (failed attempts too), each reopenable in its own tab.

Most entries reopen by putting the saved input back into its tab's text boxes (found by elem_id); a tab that
needs more (Practice: the session in its chat) hands the app a `Reopener`, given to `add_tab` here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import gradio as gr

from coach.core import Coach
from coach.errors import InputError
from coach.registry import FEATURES
from coach.ui.common import guard
from coach.ui.history import Reopener, result_text, split_input

HEADERS = ["When", "Tab", "Input", "Result"]
LIMIT = 50
TITLES = {f.name: f.title for f in FEATURES} | {"check": "Translate (your own version)"}
INPUT_IDS = {
    "translate": ["translate-text"],
    "check": ["translate-text", "check-draft"],
    "outcomes": ["outcomes-tasks"],
    "weekly": ["weekly-notes"],
    "tradeoffs": ["tradeoffs-request", "tradeoffs-workstreams"],
    "uncertainty": ["uncertainty-notes"],
}
"""The text boxes (by elem_id) a saved input goes back into, part by part."""
TAB_OF = {"check": "translate"}


def _short(text: str, n: int = 90) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


def listing(coach: Coach) -> list[Any]:
    """[rows, ids]: the most recent results, newest first."""

    def body() -> list[Any]:
        items = coach.store.recent_history(LIMIT)
        rows = [
            [
                i.created_at.astimezone().strftime("%a %d %b %H:%M"),
                TITLES.get(i.feature, i.feature),
                _short(i.input_text),
                f"⚠ failed: {_short(i.error, 70)}" if i.error else _short(result_text(i.feature, i.result_json), 70),
            ]
            for i in items
        ]
        return [rows, [i.id for i in items]]

    return guard("history", body, 2)


def show(coach: Coach, ids: list[int], row: int) -> list[Any]:
    """[chosen id, input, result, detail visible] for the clicked row."""

    def body() -> list[Any]:
        if not 0 <= row < len(ids or []):
            raise InputError("That row is no longer in the list; refresh the history.")
        item = coach.store.get_history(ids[row])
        result = f"⚠ This attempt failed: {item.error}" if item.error else result_text(item.feature, item.result_json)
        return [item.id, item.input_text, result, gr.Group(visible=True)]

    return guard("history show", body, 4)


def reopen(
    coach: Coach, chosen: int | None, targets: list[str], reopeners: Mapping[str, Reopener] | None = None
) -> list[Any]:
    """[tabs, *text boxes, *each reopener's outputs]: the saved entry back in its tab, and that tab selected."""
    reopeners = reopeners or {}
    extra = sum(len(r.outputs) for r in reopeners.values())

    def body() -> list[Any]:
        if not chosen:
            raise InputError("Click a row of the history first.")
        item = coach.store.get_history(int(chosen))
        title = TITLES.get(item.feature, item.feature)
        tab = gr.Tabs(selected=TAB_OF.get(item.feature, item.feature))
        feature = item.feature
        if feature in reopeners:
            values = reopeners[feature].values(item)  # before any output: a failure changes nothing
            filled = [values if name == feature else [gr.skip()] * len(r.outputs) for name, r in reopeners.items()]
            gr.Info(f"Reopened in {title}.")
            return [tab, *(gr.skip() for _ in targets), *(v for part in filled for v in part)]
        ids = INPUT_IDS.get(item.feature)
        if not ids:
            raise InputError(f"Results of “{item.feature}” cannot be reopened in a tab.")
        parts = dict(zip(ids, split_input(item.feature, item.input_text), strict=False))
        gr.Info(f"Reopened in {title}: press its button to run it again.")
        return [tab, *(parts.get(t, gr.skip()) for t in targets), *(gr.skip() for _ in range(extra))]

    return guard("history reopen", body, 1 + len(targets) + extra)


def add_tab(coach: Coach, tabs: gr.Tabs, tab: gr.Tab, reopeners: Mapping[str, Reopener] | None = None) -> None:
    """The History tab; `tabs` is the app's tab set (reopening selects a tab), `tab` this tab (opening refreshes),
    `reopeners` how a feature's tab reopens its entries when text boxes are not enough."""
    reopeners = dict(reopeners or {})
    gr.Markdown(
        "Your recent inputs and results, failed attempts included. Click a row to see it; reopen it in its tab."
    )
    refresh = gr.Button("Refresh", size="sm", elem_id="history-refresh")
    table = gr.Dataframe(
        headers=HEADERS,
        label="Recent",
        wrap=True,
        interactive=False,
        column_widths=["16%", "14%", "40%", "30%"],
        elem_id="history-table",
    )
    ids = gr.State([])
    chosen = gr.State(None)
    with gr.Group(visible=False) as detail:
        shown_input = gr.Textbox(label="Input", lines=5, interactive=False, buttons=["copy"], elem_id="history-input")
        shown_result = gr.Textbox(
            label="Result", lines=8, interactive=False, buttons=["copy"], elem_id="history-result"
        )
        reopen_button = gr.Button("Reopen in its tab", variant="primary", elem_id="history-reopen")

    # The boxes a reopened input goes into, found by elem_id among the components built before this tab.
    root = gr.context.get_blocks_context()
    by_id = {b.elem_id: b for b in (root.blocks.values() if root else []) if getattr(b, "elem_id", None)}
    targets = [i for ids_ in INPUT_IDS.values() for i in ids_ if i in by_id]
    targets = list(dict.fromkeys(targets))

    def history_list() -> list[Any]:
        return listing(coach)

    def history_show(ids_: list[int], evt: gr.SelectData) -> list[Any]:
        return show(coach, ids_, evt.index[0])

    def history_reopen(chosen_: int | None) -> list[Any]:
        return reopen(coach, chosen_, targets, reopeners)

    private: dict[str, Any] = {"api_visibility": "private"}
    gr.on(None, history_list, inputs=None, outputs=[table, ids], **private)
    refresh.click(history_list, None, [table, ids], api_name="history")
    tab.select(history_list, None, [table, ids], **private)
    table.select(history_show, [ids], [chosen, shown_input, shown_result, detail], **private)
    filled = [c for r in reopeners.values() for c in r.outputs]
    reopen_button.click(history_reopen, [chosen], [tabs, *(by_id[t] for t in targets), *filled], **private)
