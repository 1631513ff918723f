"""The Practice tab: pick a persona and scenario; the persona opens in a chat, you answer, they follow up on what
your answer lacked; then a debrief with scores. Below: your scores per criterion over time, and past sessions
to reopen. Each answer is in the History tab too, from where its session reopens here (a failed answer comes back
into the answer box). With the LLM engine, "Show the prompt" reveals the messages each step sent.

Handlers only adapt values: the session lives in a `gr.State` as JSON and every step is a `Coach` call. Bad
input is a `gr.Warning` and nothing changes — the answer box keeps what the user typed.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr
import pandas as pd  # type: ignore[import-untyped]

from coach.core import Coach
from coach.errors import InputError
from coach.features.practice import PracticeSession, personas, scenarios
from coach.features.practice.chain import PERSONA_PROMPT
from coach.features.practice.data import CRITERIA, rubric
from coach.flow.results import PromptRef
from coach.ui import prompt_view
from coach.ui.common import engine_badge, inert, notes_markdown
from coach.ui.common import guard as _guard
from coach.ui.history import Reopener

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

    from coach.store import HistoryItem

SESSION_HEADERS = ["ID", "Started (UTC)", "Persona", "Scenario", "Status", "Overall"]
SESSION_WIDTHS: list[str | int] = ["8%", "22%", "18%", "26%", "12%", "14%"]
"""Fixed shares, text wrapped: every column stays on a phone's screen (the table does not grow with its cells)."""
PROGRESS_COLUMNS = ["when", "score", "criterion"]


def scenario_choices(persona: str) -> list[tuple[str, str]]:
    return [(s.title, s.id) for s in scenarios(persona).values()]


def chat_messages(session: PracticeSession) -> list[dict[str, str]]:
    """The conversation as the Chatbot shows it: the persona as the assistant, the user as the user."""
    return [{"role": "assistant" if t.role == "persona" else "user", "content": t.text} for t in session.turns]


def _names() -> dict[str, str]:
    return {c.id: c.name for c in rubric().criteria}


def score_markdown(session: PracticeSession) -> str:
    """The latest answer's scores (with evidence), or the debrief once the session has ended."""
    names = _names()
    if session.debrief is not None:
        d = session.debrief
        rows = "\n".join(f"| {names[c]} | {d.scores.get(c)}/5 |" for c in CRITERIA)
        parts = [
            f"### Debrief — overall {d.overall:.1f}/5 (rubric v{d.rubric_version})",
            f"| Criterion | Score |\n|---|---|\n{rows}",
            "**What went well**\n" + "\n".join(f"- {inert(w)}" for w in d.went_well),
            "**What to do differently**\n" + "\n".join(f"- {inert(w)}" for w in d.do_differently),
        ]
        if d.had_to_ask:
            parts.append("**They had to ask for:** " + inert("; ".join(d.had_to_ask)))
        parts.append("**A better answer to the first question**\n\n" + inert(d.better_answer))
        return "\n\n".join(parts)
    last = session.answers[-1].result if session.answers else None
    if last is None:
        return f"*Answer {session.max_answers} questions, or end early, for the debrief.*"
    rows = "\n".join(f"| {names[f.criterion]} | {f.score}/5 | {f.judged_by} | {inert(f.why)} |" for f in last.feedback)
    return (
        f"**Your last answer: {last.overall:.1f}/5** · {engine_badge(last.engine, last.model)}\n\n"
        f"| Criterion | Score | By | Why |\n|---|---|---|---|\n{rows}\n\n"
        f"**A better answer:** {inert(last.better_answer)}\n\n{notes_markdown(last.warnings)}"
    )


def progress_frame(coach: Coach) -> pd.DataFrame:
    """One row per criterion per finished session, oldest first (the plot's data)."""
    names = _names()
    rows = [
        # ISO text, not a datetime: sorts in time order, and pandas serialises it without a deprecation warning
        {"when": s.created_at.strftime("%Y-%m-%d %H:%M:%S"), "score": score, "criterion": names.get(key, key)}
        for s in coach.store.practice_scores()
        for key, score in (s.scores or {}).items()
    ]
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def session_rows(coach: Coach) -> list[list[str]]:
    return [
        [
            str(s.id),
            s.created_at.strftime("%Y-%m-%d %H:%M"),
            s.persona,
            s.scenario,
            s.status,
            f"{s.overall:.1f}" if s.overall is not None else "",
        ]
        for s in coach.store.practice_sessions(50)
    ]


def session_view(session: PracticeSession) -> list[Any]:
    """[chat, intro, scores, state] for a session."""
    intro = f"**{inert(session.title)}** — {inert(session.situation)}"
    return [chat_messages(session), intro, score_markdown(session), session.model_dump(mode="json")]


def step_prompt(before: PracticeSession, after: PracticeSession, sent: list[list[BaseMessage]]) -> str:
    """ "Show the prompt" for one step (an answer, the debrief): the prompt files it used and the messages sent;
    '' when no model was asked (the offline engine, or a debrief made from scores already given)."""
    if after.engine != "llm" or not sent:
        return ""
    new = after.turns[len(before.turns) :]
    refs = [t.result.prompt for t in new if t.result is not None and t.result.prompt is not None]
    if not refs:  # a debrief asks the scoring prompt again for the better answer
        refs = [t.result.prompt for t in after.turns if t.result is not None and t.result.prompt is not None][-1:]
    if any(t.role == "persona" for t in new):
        from coach.model.prompts import load_prompt

        spec = load_prompt(PERSONA_PROMPT)
        refs.append(PromptRef(name=spec.name, version=spec.version, hash=spec.hash))
    return prompt_view.prompts_text(refs, sent, none_sent="")


def reopen_entry(coach: Coach, item: HistoryItem) -> list[Any]:
    """[chat, intro, scores, state, answer box] for a practice entry of the history: its session as it is now
    (the saved one; as it was then when it was never saved); a failed answer back in the box to send again."""
    data = json.loads(item.result_json or "{}")
    if not isinstance(data, dict) or "turns" not in data:
        raise InputError("This practice entry has no session to reopen; start a new one.")
    saved = data.get("id")
    session = coach.practice_session(int(saved)) if saved else PracticeSession.model_validate(data)
    return [*session_view(session), item.input_text if item.error else gr.skip()]


def add_tab(coach: Coach) -> Reopener:
    """The Practice tab; returns how the History tab reopens a practice entry here."""
    first = next(iter(personas()))

    def start(persona: str, scenario: str | None) -> list[Any]:
        def body() -> list[Any]:
            chosen = scenario if scenario in scenarios(persona) else None
            return [*session_view(coach.practice_start(persona, chosen)), ""]

        return _guard("practice start", body, 5)

    def send(answer: str, state: dict[str, Any] | None) -> list[Any]:
        def body() -> list[Any]:
            if not state:
                raise InputError("Start a session first: pick a persona and a scenario, then Start.")
            before = PracticeSession.model_validate(state)
            with prompt_view.recording(coach) as sent:
                after = coach.practice_reply(before, answer)
            # The answer box is cleared only once the answer is in.
            return [*session_view(after), "", step_prompt(before, after, sent)]

        return _guard("practice reply", body, 6)

    def finish(state: dict[str, Any] | None) -> list[Any]:
        def body() -> list[Any]:
            if not state:
                raise InputError("Start a session first.")
            before = PracticeSession.model_validate(state)
            with prompt_view.recording(coach) as sent:
                after = coach.practice_end(before)
            return [*session_view(after), step_prompt(before, after, sent)]

        return _guard("practice end", body, 5)

    def refresh() -> list[Any]:
        return _guard("practice progress", lambda: [progress_frame(coach), session_rows(coach)], 2)

    def reopen(session_id: float | None) -> list[Any]:
        def body() -> list[Any]:
            if session_id is None or session_id != int(session_id) or session_id < 1:
                raise InputError("Type the ID of a past session (the first column of the list).")
            return session_view(coach.practice_session(int(session_id)))

        return _guard("practice reopen", body, 4)

    with gr.Column():
        gr.Markdown(
            "Practise answering a stakeholder. They ask; you answer; they follow up on what your answer lacked; "
            "then a debrief scores you against a pinned rubric — clarity, business impact, concision, jargon for "
            "this persona, answering the question, honest confidence."
        )
        with gr.Row():
            persona = gr.Dropdown(
                [(r.persona.role if r.persona else r.name, k) for k, r in personas().items()],
                value=first,
                label="Who asks",
                elem_id="practice-persona",
            )
            scenario = gr.Dropdown(scenario_choices(first), value=None, label="Scenario", elem_id="practice-scenario")
            start_button = gr.Button("Start", variant="primary", elem_id="practice-start")
        intro = gr.Markdown(elem_id="practice-intro")
        chat = gr.Chatbot(
            label="Role-play", height=360, render_markdown=False, feedback_options=None, elem_id="practice-chat"
        )
        answer = gr.Textbox(
            label="Your answer", lines=3, placeholder="Answer as you would out loud.", elem_id="practice-answer"
        )
        with gr.Row():
            send_button = gr.Button("Send", variant="primary", elem_id="practice-send")
            end_button = gr.Button("End and debrief", elem_id="practice-end")
        scores = gr.Markdown(elem_id="practice-scores")
        prompt, show_prompt = prompt_view.prompt_panel("practice-prompt")
        state = gr.State(None)
        gr.Markdown("### Your progress")
        plot = gr.LinePlot(
            x="when", y="score", color="criterion", y_lim=[1, 5], label="Scores per criterion", elem_id="practice-plot"
        )
        sessions = gr.Dataframe(
            headers=SESSION_HEADERS,
            label="Past sessions",
            wrap=True,
            interactive=False,
            column_widths=SESSION_WIDTHS,
            elem_id="practice-sessions",
        )
        with gr.Row():
            refresh_button = gr.Button("Refresh")
            session_id = gr.Number(label="Session ID", precision=0, minimum=1)
            reopen_button = gr.Button("Reopen session")

        persona.change(
            lambda p: gr.update(choices=scenario_choices(p), value=None), inputs=[persona], outputs=[scenario]
        )
        start_button.click(
            start, inputs=[persona, scenario], outputs=[chat, intro, scores, state, answer], api_name="practice_start"
        )
        replied = send_button.click(
            send, inputs=[answer, state], outputs=[chat, intro, scores, state, answer, prompt], api_name="practice"
        )
        show_prompt(replied)
        replied.then(refresh, outputs=[plot, sessions])
        ended = end_button.click(
            finish, inputs=[state], outputs=[chat, intro, scores, state, prompt], api_name="practice_end"
        )
        show_prompt(ended)
        ended.then(refresh, outputs=[plot, sessions])
        refresh_button.click(refresh, outputs=[plot, sessions], api_name="practice_progress")
        reopen_button.click(reopen, inputs=[session_id], outputs=[chat, intro, scores, state], api_name="practice_open")

    def from_history(item: HistoryItem) -> list[Any]:
        return reopen_entry(coach, item)

    return Reopener(outputs=[chat, intro, scores, state, answer], values=from_history)
