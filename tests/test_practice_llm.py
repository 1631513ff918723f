"""Practice with the LLM engine, against the scripted OpenAI-compatible server on loopback (tests/llm_server.py):
the model will say X; the user does Y; the model was asked Z."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from llm_server import JSONDict, LLMServer
from test_practice import INJECTION, JARGON, QUESTION, offline

from coach import Coach, Settings
from coach.features.practice import CRITERIA


def llm_coach(server: LLMServer, tmp_path: Path | None = None, **more: Any) -> Coach:
    db = {"COACH_DB_URL": f"sqlite:///{tmp_path / 'llm.db'}"} if tmp_path else {}
    return Coach.from_settings(
        Settings(  # type: ignore[call-arg]
            _env_file=None,
            COACH_ENGINE="llm",
            OPENAI_BASE_URL=server.base_url,
            OPENAI_API_KEY="sk-test",
            COACH_MAX_RETRIES=0,
            COACH_DEADLINE=20,
            COACH_TEMPERATURE=0.7,
            **db,
            **more,
        )
    )


def judged(score: int, quote: str = "", why: str = "Because.") -> dict[str, object]:
    return {"score": score, "quote": quote, "why": why}


def draft(clarity: int = 2, impact: int = 1, answers: int = 2, better: str | None = None) -> dict[str, object]:
    return {
        "clarity": judged(clarity, "so the F1 on holdout tanked"),
        "business_impact": judged(impact, "we had to retrain"),
        "answers_question": judged(answers),
        "better_answer": better
        if better is not None
        else "The fraud model will ship later: the payment data changed, so it caught too little fraud. "
        "We are refreshing it and will confirm [the new date].",
    }


def contents(body: JSONDict) -> str:
    return "\n".join(str(m.get("content")) for m in body["messages"])


def test_llm_judges_its_criteria_and_the_rules_keep_theirs(llm_server: LLMServer) -> None:
    llm_server.enqueue(draft())
    result = llm_coach(llm_server).practice_score(JARGON, persona="executive", question=QUESTION)
    rules = offline().practice_score(JARGON, persona="executive", question=QUESTION)

    assert result.engine == "llm" and result.prompt is not None and result.prompt.name == "practice"
    assert result.judged_by.model_dump() == {
        "clarity": "model",
        "business_impact": "model",
        "concision": "rules",
        "jargon": "rules",
        "answers_question": "model",
        "honest_confidence": "rules",
    }
    assert (result.scores.clarity, result.scores.business_impact, result.scores.answers_question) == (2, 1, 2)
    for same in ("concision", "jargon", "honest_confidence"):  # the same code in both engines
        assert getattr(result.scores, same) == getattr(rules.scores, same)
    assert result.rubric_version == rules.rubric_version and len(result.evidence) == len(CRITERIA)
    assert result.better_answer.startswith("The fraud model will ship later")

    body = llm_server.requests[0]
    assert body["temperature"] == 0  # a score must not depend on sampling (COACH_TEMPERATURE is 0.7 here)
    assert body["response_format"]["type"] == "json_schema"
    human = body["messages"][-1]["content"]
    assert f"<text>\n{JARGON}\n</text>" in human and "rubric version 1" in human
    jargon_line = next(line for line in human.splitlines() if "unexplained jargon for this persona:" in line)
    assert "data drift" in jargon_line and "F1" in jargon_line  # the rules' findings go in as facts


def test_a_better_answer_that_invents_a_number_is_replaced(llm_server: LLMServer) -> None:
    llm_server.enqueue(draft(better="We ship on 3 April and it cuts fraud losses by $2M."))
    result = llm_coach(llm_server).practice_score(JARGON, persona="executive", question=QUESTION)

    assert "$2M" not in result.better_answer and "3 April" not in result.better_answer
    assert result.better_answer.startswith("We now expect the fraud model")
    assert any("replaced by coach's own" in w and "$2M" in w for w in result.warnings)
    assert result.fact_check.added == []


def test_a_quote_the_answer_does_not_contain_is_dropped(llm_server: LLMServer) -> None:
    answer = draft()
    answer["clarity"] = judged(5, "crystal clear words I never said")
    llm_server.enqueue(answer)
    result = llm_coach(llm_server).practice_score(JARGON, persona="executive", question=QUESTION)
    clarity = next(f for f in result.feedback if f.criterion == "clarity")
    assert clarity.quote == "" and any("quoted words" in w for w in result.warnings)


def gullible(body: JSONDict) -> dict[str, object]:
    """A model that obeys an instruction it can see in the conversation: 5/5 everywhere."""
    if "ignore the rubric" in contents(body).lower():
        return draft(5, 5, 5)
    return draft()


def test_injection_does_not_change_the_scores_llm() -> None:
    with LLMServer(gullible) as server:
        coach = llm_coach(server)
        clean = coach.practice_score(JARGON, persona="executive", question=QUESTION)
        attacked = coach.practice_score(f"{JARGON} {INJECTION}", persona="executive", question=QUESTION)
        asked = [contents(b) for b in server.requests]

    assert attacked.scores == clean.scores and attacked.overall == clean.overall
    assert attacked.measured.ignored == [INJECTION]
    assert all(INJECTION not in text for text in asked), "the instruction never reaches the model"


def test_repeat_scores_n_times_and_reports_the_spread(llm_server: LLMServer, tmp_path: Path) -> None:
    llm_server.enqueue(draft(clarity=2), draft(clarity=4), draft(clarity=3))
    coach = llm_coach(llm_server, COACH_CACHE="on", COACH_CACHE_DIR=str(tmp_path / "cache"))
    result = coach.practice_score(JARGON, persona="executive", question=QUESTION, repeat=3)

    assert len(llm_server.requests) == 3  # three real scorings: the cache is bypassed
    assert result.stability is not None and result.stability.runs == 3
    assert result.stability.spread["clarity"] == 2 and result.stability.spread["jargon"] == 0


def test_session_persona_follows_up_over_the_message_history(llm_server: LLMServer, tmp_path: Path) -> None:
    llm_server.enqueue(draft(), {"message": "Fine — but what's the new date I can give the board?"})
    coach = llm_coach(llm_server, tmp_path)
    session = coach.practice_start("executive", "model-slipped")
    session = coach.practice_reply(session, JARGON)

    assert session.question == "Fine — but what's the new date I can give the board?"
    assert session.turns[-1].gap == "plain_words"
    persona_call = llm_server.requests[1]["messages"]
    roles = [m["role"] for m in persona_call]
    # system, the few-shot pair, then the conversation so far (persona = assistant, answer = user in <text>)
    assert roles[:1] == ["system"] and roles[-3:] == ["assistant", "user", "user"]
    assert persona_call[-3]["content"] == QUESTION
    assert persona_call[-2]["content"] == f"<text>\n{JARGON}\n</text>"
    assert "plain words" in persona_call[-1]["content"] and "data drift" in persona_call[-1]["content"]
    saved = coach.practice_session(session.id or 0)
    assert saved.engine == "llm" and saved.turns[-1].text == session.question


def test_model_failure_keeps_the_session_unchanged(tmp_path: Path) -> None:
    from llm_server import Reply

    from coach.errors import ModelError

    with LLMServer(lambda body: Reply(status=500)) as server:
        coach = llm_coach(server, tmp_path)
        session = coach.practice_start("executive", "model-slipped")
        with pytest.raises(ModelError) as failed:
            coach.practice_reply(session, JARGON)
    assert failed.value.exit_code == 3
    assert coach.practice_session(session.id or 0).turns == session.turns  # the failed answer was not saved
    json.dumps(session.model_dump(mode="json"))
