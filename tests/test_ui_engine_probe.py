"""COACH_ENGINE=auto with nothing configured finds a local Ollama (a fake one here, on 127.0.0.1) and says so in
the UI's badge and on the CLI; COACH_ENGINE=offline, a configured endpoint or no answer in time skip it."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from llm_server import chat_completion
from test_ui import settings

from coach import Coach
from coach.local_model import PROBE_TIMEOUT_S, chat_models, find_ollama
from coach.ui.common import engine_badge

TAGS = {
    "models": [
        {"name": "nomic-embed-text:latest", "details": {"family": "nomic-bert", "families": ["nomic-bert"]}},
        {"name": "llama3.2:latest", "details": {"family": "llama", "families": ["llama"]}},
        {"name": "qwen2.5:7b", "details": {"family": "qwen2", "families": ["qwen2"]}},
    ]
}
ANSWER = {"rewrite": "Searches are four times faster.", "changes": [], "why_it_matters": "Less waiting."}


class FakeOllama:
    """GET /api/tags lists `tags`; POST /v1/chat/completions answers ANSWER; `delay_s` slows every answer."""

    def __init__(self, tags: dict[str, Any], delay_s: float = 0.0) -> None:
        self.tags, self.delay_s, self.paths = tags, delay_s, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, body: dict[str, Any]) -> None:
                time.sleep(outer.delay_s)
                data = json.dumps(body).encode()
                with contextlib.suppress(OSError):  # the probe gave up waiting (the slow case): nobody to answer
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

            def do_GET(self) -> None:
                outer.paths.append(self.path)
                self._send(outer.tags)

            def do_POST(self) -> None:
                outer.paths.append(self.path)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._send(chat_completion(json.dumps(ANSWER), model="llama3.2:latest"))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> FakeOllama:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def ollama() -> Iterator[FakeOllama]:
    with FakeOllama(TAGS) as server:
        yield server


def test_auto_with_nothing_configured_uses_the_first_pulled_chat_model(ollama: FakeOllama) -> None:
    coach = Coach.from_settings(settings(COACH_OLLAMA_URL=ollama.url))

    assert coach.engine == "llm" and coach.model_name == "llama3.2:latest"
    assert coach.settings.openai_base_url == f"{ollama.url}/v1"
    assert coach.local_model is not None and coach.local_model.where == ollama.url.removeprefix("http://")
    assert engine_badge(coach.engine, coach.model_name, local=coach.local_model.where) == (
        f"LLM engine: llama3.2:latest (local Ollama at {coach.local_model.where}, found automatically)"
    )
    assert coach.translate("p99 latency fell from 800ms to 200ms.").rewrite == ANSWER["rewrite"]
    assert ollama.paths == ["/api/tags", "/v1/chat/completions"]


def test_a_model_named_in_coach_model_wins_when_it_is_pulled(ollama: FakeOllama) -> None:
    coach = Coach.from_settings(settings(COACH_OLLAMA_URL=ollama.url, COACH_MODEL="qwen2.5:7b"))

    assert coach.model_name == "qwen2.5:7b"


@pytest.mark.parametrize(
    "values",
    [{"COACH_ENGINE": "offline"}, {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}, {"OPENAI_API_KEY": "sk-test"}],
    ids=["offline", "endpoint set", "key set"],
)
def test_no_probe_when_the_engine_is_chosen_or_configured(ollama: FakeOllama, values: dict[str, str]) -> None:
    coach = Coach.from_settings(settings(COACH_OLLAMA_URL=ollama.url, **values))

    assert ollama.paths == [] and coach.local_model is None


def test_only_embedding_models_or_no_answer_in_time_means_offline() -> None:
    with FakeOllama({"models": TAGS["models"][:1]}) as embed_only:
        assert Coach.from_settings(settings(COACH_OLLAMA_URL=embed_only.url)).engine == "offline"
    with FakeOllama(TAGS, delay_s=PROBE_TIMEOUT_S + 1) as slow:
        started = time.monotonic()
        assert find_ollama(slow.url) is None
        assert time.monotonic() - started < PROBE_TIMEOUT_S + 0.5
    assert find_ollama("http://127.0.0.1:9") is None  # nothing listening
    assert find_ollama("off") is None


@pytest.mark.parametrize(
    ("listing", "names"),
    [
        (TAGS, ["llama3.2:latest", "qwen2.5:7b"]),
        ({"models": [{"name": "bge-m3", "details": {"family": "bert"}}, {"name": 3}, "x"]}, []),
        ({"error": "x"}, []),
        ([], []),
    ],
)
def test_chat_models_reads_only_what_it_understands(listing: Any, names: list[str]) -> None:
    assert chat_models(listing) == names


def test_the_cli_says_which_local_model_it_uses(
    ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli import main

    monkeypatch.setenv("COACH_OLLAMA_URL", ollama.url)

    assert main(["translate", "--json", "p99 latency fell from 800ms to 200ms."]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["model"] == "llama3.2:latest"
    assert (
        out.err
        == f"coach: using the local Ollama model llama3.2:latest at {ollama.url[7:]} (COACH_ENGINE=offline skips it)\n"
    )
