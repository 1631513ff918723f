"""Practice sessions in the store: a session row (persona, scenario, and — once it ends — its scores), its turns,
and the queries behind "reopen a past session" and "my scores per criterion over time".

The store knows rows, not the practice feature's models: turns keep a score as the JSON the feature wrote, so a
session reopens exactly as it was, and the six scores are columns so progress is one query on any backend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    Select,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)

from coach.errors import InputError
from coach.store._schema import UTCDateTime, metadata
from coach.validate import fix_surrogates

SCORE_COLUMNS = ("clarity", "business_impact", "concision", "jargon", "answers_question", "honest_confidence")
"""The rubric's criteria (coach.features.practice.data.CRITERIA), one column each."""
MAX_TURN_CHARS = 100_000
"""A turn is an answer (the input limit is 20,000 by default) or a persona's line; this bounds a runaway."""

practice_session = Table(
    "practice_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("persona", String(64), nullable=False),
    Column("scenario", String(64), nullable=False),
    Column("engine", String(16), nullable=False),
    Column("rubric_version", Integer, nullable=False),
    Column("max_answers", Integer, nullable=False),
    Column("status", String(8), nullable=False),
    Column("overall", Float, nullable=True),
    *(Column(name, Integer, nullable=True) for name in SCORE_COLUMNS),
    Column("debrief_json", Text, nullable=True),
)

practice_turn = Table(
    "practice_turn",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("practice_session.id", ondelete="CASCADE"), nullable=False),
    Column("n", Integer, nullable=False),
    Column("role", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("gap", String(32), nullable=True),
    Column("result_json", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)


class PracticeRow(BaseModel):
    """One practice session as stored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int = Field(ge=1, description="The session's id.")
    created_at: AwareDatetime = Field(description="When it started, in UTC.")
    persona: str = Field(description="Who asked.")
    scenario: str = Field(description="The scenario's id.")
    engine: str = Field(description="offline or llm.")
    rubric_version: int = Field(description="The rubric version of its scores.")
    max_answers: int = Field(description="Answers before the debrief.")
    status: Literal["open", "done"] = Field(description="open: still going; done: debriefed.")
    overall: float | None = Field(description="The debrief's overall score (done sessions).")
    scores: dict[str, int] | None = Field(description="The debrief's score per criterion (done sessions).")
    debrief_json: str | None = Field(description="The debrief as the practice feature wrote it.")
    answers: int = Field(ge=0, description="How many answers the user gave.")


class PracticeTurnRow(BaseModel):
    """One turn of a session as stored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int = Field(ge=0, description="Position in the session, from 0.")
    role: Literal["persona", "user"] = Field(description="Who said it.")
    text: str = Field(description="What was said.")
    gap: str | None = Field(description="For a follow-up: what the previous answer lacked.")
    result_json: str | None = Field(description="For an answer: its score, as the practice feature wrote it.")
    created_at: AwareDatetime = Field(description="When it was saved, in UTC.")


class _Db(Protocol):
    def _read(self, action: str) -> AbstractContextManager[Connection]: ...
    def _write(self, action: str) -> AbstractContextManager[Connection]: ...


class PracticeRecords:
    """The Store's practice methods (mixed into `Store`)."""

    def start_practice(
        self: _Db, *, persona: str, scenario: str, engine: str, rubric_version: int, max_answers: int
    ) -> PracticeRow:
        """Save a new, open session and return it."""
        row = {
            "created_at": datetime.now(UTC),
            "persona": persona,
            "scenario": scenario,
            "engine": engine,
            "rubric_version": rubric_version,
            "max_answers": max_answers,
            "status": "open",
        }
        with self._write("save the practice session to") as conn:
            new_id = int(
                conn.execute(insert(practice_session).values(row).returning(practice_session.c.id)).scalar_one()
            )
        return PracticeRow.model_validate(
            {**row, "id": new_id, "overall": None, "scores": None, "debrief_json": None, "answers": 0}
        )

    def add_practice_turns(self: _Db, session_id: int, turns: Sequence[Mapping[str, str | None]]) -> None:
        """Append turns ({role, text, gap, result_json}) to an open session, numbered after the ones it has."""
        now = datetime.now(UTC)
        with self._write("save the practice turn to") as conn:
            _open_session(conn, session_id)
            start = conn.execute(
                select(func.count()).select_from(practice_turn).where(practice_turn.c.session_id == session_id)
            ).scalar_one()
            rows = [
                {
                    "session_id": session_id,
                    "n": int(start) + i,
                    "role": turn["role"],
                    "text": _clean(str(turn["text"] or "")),
                    "gap": turn.get("gap"),
                    "result_json": turn.get("result_json"),
                    "created_at": now,
                }
                for i, turn in enumerate(turns)
            ]
            if rows:
                conn.execute(insert(practice_turn), rows)

    def finish_practice(
        self: _Db, session_id: int, *, scores: Mapping[str, int], overall: float, debrief_json: str
    ) -> None:
        """Mark a session done with its debrief's scores."""
        values = {"status": "done", "overall": overall, "debrief_json": debrief_json}
        values.update({name: int(scores[name]) for name in SCORE_COLUMNS})
        with self._write("save the practice debrief to") as conn:
            _open_session(conn, session_id)
            conn.execute(update(practice_session).where(practice_session.c.id == session_id).values(values))

    def practice_sessions(self: _Db, limit: int = 20, *, done: bool | None = None) -> list[PracticeRow]:
        """The `limit` most recent sessions, newest first (only done, or only open ones, if `done` is given)."""
        if limit < 1:
            raise InputError(f"limit must be at least 1 (got {limit}).")
        query = _rows().order_by(practice_session.c.created_at.desc(), practice_session.c.id.desc()).limit(limit)
        if done is not None:
            query = query.where(practice_session.c.status == ("done" if done else "open"))
        with self._read("read practice sessions from") as conn:
            return [_row(r._asdict()) for r in conn.execute(query)]

    def practice_scores(self: _Db, *, persona: str | None = None) -> list[PracticeRow]:
        """Every done session (of `persona`, if given), oldest first: a user's scores over time."""
        query = _rows().where(practice_session.c.status == "done")
        if persona is not None:
            query = query.where(practice_session.c.persona == persona)
        query = query.order_by(practice_session.c.created_at, practice_session.c.id)
        with self._read("read practice sessions from") as conn:
            return [_row(r._asdict()) for r in conn.execute(query)]

    def get_practice(self: _Db, session_id: int) -> tuple[PracticeRow, list[PracticeTurnRow]]:
        """A session and its turns in order; InputError when there is no such session."""
        with self._read("read the practice session from") as conn:
            found = conn.execute(_rows().where(practice_session.c.id == session_id)).one_or_none()
            if found is None:
                raise _no_such_session(session_id)
            turns = conn.execute(
                select(practice_turn).where(practice_turn.c.session_id == session_id).order_by(practice_turn.c.n)
            )
            return _row(found._asdict()), [
                PracticeTurnRow.model_validate({k: v for k, v in t._asdict().items() if k not in {"id", "session_id"}})
                for t in turns
            ]


def _rows() -> Select[Any]:
    answers = (
        select(func.count())
        .select_from(practice_turn)
        .where(practice_turn.c.session_id == practice_session.c.id, practice_turn.c.role == "user")
        .scalar_subquery()
    )
    return select(practice_session, answers.label("answers"))


def _row(values: dict[str, object]) -> PracticeRow:
    scores = {name: values.pop(name) for name in SCORE_COLUMNS}
    done = all(v is not None for v in scores.values())
    return PracticeRow.model_validate({**values, "scores": scores if done else None})


def _open_session(conn: Connection, session_id: int) -> None:
    status = conn.execute(
        select(practice_session.c.status).where(practice_session.c.id == session_id)
    ).scalar_one_or_none()
    if status is None:
        raise _no_such_session(session_id)
    if status != "open":
        raise InputError(f"Practice session {session_id} has ended; start a new one to practise again.")


def _no_such_session(session_id: int) -> InputError:
    return InputError(f"No practice session has id {session_id} (it may have been deleted); list the sessions again.")


def _clean(text: str) -> str:
    text = fix_surrogates(text).replace("\x00", "")
    if len(text) > MAX_TURN_CHARS:
        raise InputError(f"A practice turn is over {MAX_TURN_CHARS:,} characters; shorten it.")
    return text
