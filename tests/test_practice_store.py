"""Practice sessions in the store, on SQLite and (with COACH_TEST_PG_URL) PostgreSQL: the v4 migration's tables."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_store import store_url  # noqa: F401 - the fixture: an empty SQLite file or PostgreSQL schema

from coach.errors import InputError
from coach.store import SCHEMA_VERSION, Store

SCORES = {
    "clarity": 4,
    "business_impact": 2,
    "concision": 5,
    "jargon": 1,
    "answers_question": 3,
    "honest_confidence": 3,
}


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:  # noqa: F811 - the imported fixture, used by name
    with Store.open(store_url) as opened:
        yield opened


def test_a_session_round_trips_with_its_turns_and_scores(store: Store) -> None:
    assert SCHEMA_VERSION >= 4
    row = store.start_practice(persona="executive", scenario="model-slipped", engine="offline", rubric_version=1,
                               max_answers=3)  # fmt: skip
    store.add_practice_turns(row.id, [{"role": "persona", "text": "Why did it slip?"}])
    store.add_practice_turns(
        row.id,
        [
            {"role": "user", "text": "Data drift 🚀", "result_json": '{"overall": 2.8}'},
            {"role": "persona", "text": "In plain words?", "gap": "plain_words"},
        ],
    )
    saved, turns = store.get_practice(row.id)
    assert saved.status == "open" and saved.answers == 1 and saved.scores is None
    assert [(t.n, t.role, t.gap) for t in turns] == [
        (0, "persona", None),
        (1, "user", None),
        (2, "persona", "plain_words"),
    ]
    assert turns[1].text == "Data drift 🚀" and turns[1].result_json == '{"overall": 2.8}'

    store.finish_practice(row.id, scores=SCORES, overall=3.0, debrief_json="{}")
    done, _ = store.get_practice(row.id)
    assert done.status == "done" and done.scores == SCORES and done.overall == 3.0
    with pytest.raises(InputError, match="has ended"):
        store.add_practice_turns(row.id, [{"role": "user", "text": "late"}])


def test_progress_is_done_sessions_oldest_first_and_listing_newest_first(store: Store) -> None:
    ids = []
    for persona in ("executive", "finance", "executive"):
        row = store.start_practice(persona=persona, scenario="s", engine="offline", rubric_version=1, max_answers=1)
        ids.append(row.id)
    store.finish_practice(ids[0], scores=SCORES, overall=3.0, debrief_json="{}")
    store.finish_practice(ids[2], scores={**SCORES, "jargon": 4}, overall=3.5, debrief_json="{}")

    assert [r.id for r in store.practice_scores()] == [ids[0], ids[2]]
    assert [r.scores["jargon"] for r in store.practice_scores(persona="executive") if r.scores] == [1, 4]
    assert [r.id for r in store.practice_sessions()] == ids[::-1]
    assert [r.id for r in store.practice_sessions(done=False)] == [ids[1]]


def test_unknown_session_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="No practice session has id 99"):
        store.get_practice(99)
    with pytest.raises(InputError, match="No practice session has id 99"):
        store.add_practice_turns(99, [{"role": "user", "text": "x"}])
