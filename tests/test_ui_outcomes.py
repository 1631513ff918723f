"""The Outcomes and Weekly update tabs, driven through gradio_client against the whole app on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from gradio_client import Client
from test_ui import settings, start

from coach import Coach

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:gradio.queueing")

SKIPPED = {"__type__": "update"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("ui") / "c.db"
    coach = Coach(settings(COACH_ENGINE="offline", COACH_DB_URL=f"sqlite:///{db}"))
    demo, url = start(coach)
    client = Client(url, verbose=False)
    try:
        yield client
    finally:
        client.close()
        demo.close()
        coach.store.close()


def test_outcomes_table_and_copyable_text(client: Any) -> None:
    status, table, text, _ = client.predict(
        "completed JIRA-4411\nmigrated billing service to Postgres 16, cutting p95 latency from 420ms to 180ms",
        api_name="/outcomes",
    )

    assert status.startswith("**2 tasks** · 1 need a result")
    assert table["data"][0][2] == "yes" and "JIRA-4411" in table["data"][0][3]
    assert table["data"][1][1] == "Cut p95 latency from 420ms to 180ms by migrating billing service to Postgres 16"
    assert text.splitlines()[1].startswith("- Cut p95 latency")


def test_bad_input_warns_and_leaves_everything_as_it_was(client: Any) -> None:
    outputs: tuple[Any, ...] = client.predict("   ", api_name="/outcomes")

    assert all(o == SKIPPED for o in outputs)


def test_log_add_list_delete_and_draft(client: Any) -> None:
    cleared, table = client.predict("Cut costs by 10%", "note", "", api_name="/log_add")
    client.predict("EU rollout blocked on legal", "problem", "", api_name="/log_add")
    assert cleared == "" and table["data"][0][2] == "Cut costs by 10%"

    listed = client.predict("", api_name="/log_list")
    assert [row[2] for row in listed["data"]] == ["Cut costs by 10%", "EU rollout blocked on legal"]

    update, warnings = client.predict("log", "", "", "team", "email", api_name="/weekly")  # state is not in the API
    assert update.startswith("Subject: Weekly update") and "Hi team," in update
    assert "- EU rollout blocked on legal" in update and "Plan" in warnings

    entry_id, after = client.predict(float(table["data"][0][0]), "", api_name="/log_delete")
    assert entry_id is None and [row[2] for row in after["data"]] == ["EU rollout blocked on legal"]
    assert all(o == SKIPPED for o in client.predict(999, "", api_name="/log_delete"))


def test_drafting_an_empty_week_warns_without_clearing(client: Any) -> None:
    outputs = client.predict("log", "", "2025-W01", "manager", "markdown", api_name="/weekly")

    assert all(o == SKIPPED for o in outputs)
