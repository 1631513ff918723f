"""The Practice tab: pick a persona and scenario; the persona opens in a chat, you answer, they follow up on what
your answer lacked; then a debrief with scores. Below: your scores per criterion over time, and past sessions
to reopen.

Handlers only adapt values: the session lives in a `gr.State` as JSON and every step is a `Coach` call. Bad
input is a `gr.Warning` and nothing changes — the answer box keeps what the user typed.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no phoning home

import gradio as gr
import pandas as pd  # type: ignore[import-untyped]

from coach.core import Coach
from coach.errors import InputError
from coach.features.practice import PracticeSession, personas, scenarios
from coach.features.practice.data import CRITERIA, rubric
from coach.ui.common import engine_badge, inert, notes_markdown
from coach.ui.common import guard as _guard

SESSION_HEADERS = ["ID", "Started (UTC)", "Persona", "Scenario", "Status", "Overall"]
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


def add_tab(coach: Coach) -> None:
    """The Practice tab."""
    first = next(iter(personas()))

    def session_view(session: PracticeSession) -> list[Any]:
        intro = f"**{inert(session.title)}** — {inert(session.situation)}"
        return [chat_messages(session), intro, score_markdown(session), session.model_dump(mode="json")]

    def start(persona: str, scenario: str | None) -> list[Any]:
        def body() -> list[Any]:
            chosen = scenario if scenario in scenarios(persona) else None
            return [*session_view(coach.practice_start(persona, chosen)), ""]

        return _guard("practice start", body, 5)

    def send(answer: str, state: dict[str, Any] | None) -> list[Any]:
        def body() -> list[Any]:
            if not state:
                raise InputError("Start a session first: pick a persona and a scenario, then Start.")
            after = coach.practice_reply(PracticeSession.model_validate(state), answer)
            return [*session_view(after), ""]  # the answer box is cleared only once the answer is in

        return _guard("practice reply", body, 5)

    def finish(state: dict[str, Any] | None) -> list[Any]:
        def body() -> list[Any]:
            if not state:
                raise InputError("Start a session first.")
            return session_view(coach.practice_end(PracticeSession.model_validate(state)))

        return _guard("practice end", body, 4)

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
        state = gr.State(None)
        gr.Markdown("### Your progress")
        plot = gr.LinePlot(
            x="when", y="score", color="criterion", y_lim=[1, 5], label="Scores per criterion", elem_id="practice-plot"
        )
        sessions = gr.Dataframe(headers=SESSION_HEADERS, label="Past sessions", wrap=True, interactive=False)
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
        send_button.click(
            send, inputs=[answer, state], outputs=[chat, intro, scores, state, answer], api_name="practice"
        ).then(refresh, outputs=[plot, sessions])
        end_button.click(finish, inputs=[state], outputs=[chat, intro, scores, state], api_name="practice_end").then(
            refresh, outputs=[plot, sessions]
        )
        refresh_button.click(refresh, outputs=[plot, sessions], api_name="practice_progress")
        reopen_button.click(reopen, inputs=[session_id], outputs=[chat, intro, scores, state], api_name="practice_open")
