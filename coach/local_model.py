"""Find a local Ollama when nothing else is configured (COACH_ENGINE=auto), so its users get the LLM engine
with no setup. Standard library only: the probe runs at start-up and must not load an HTTP stack.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"
PROBE_TIMEOUT_S = 0.4
"""Ollama answers its model list in milliseconds on this machine; anything slower is not a usable local model,
and start-up must not hang on a port that accepts and stays silent."""
OFF = "off"
"""COACH_OLLAMA_URL=off: never probe."""

# Families and name parts of models that embed text but cannot chat.
_NOT_CHAT = ("embed", "bert", "minilm", "rerank", "clip")


@dataclass(frozen=True, slots=True)
class LocalModel:
    """A chat model a local Ollama has pulled, and its OpenAI-compatible endpoint."""

    name: str
    base_url: str
    """e.g. http://127.0.0.1:11434/v1"""

    @property
    def where(self) -> str:
        """host:port, for messages."""
        return self.base_url.split("://", 1)[-1].removesuffix("/v1")


def find_ollama(url: str = DEFAULT_OLLAMA_URL, *, preferred: str | None = None) -> LocalModel | None:
    """The chat model to use from an Ollama at `url` (its /api/tags list), or None when none answers in time.

    `preferred` (COACH_MODEL, when the user set it) wins if it is pulled; otherwise the first chat model listed
    (Ollama lists the most recently used first). Never raises: no Ollama simply means the offline engine.
    """
    if not url or url.strip().lower() == OFF:
        return None
    base = url.strip().rstrip("/").removesuffix("/v1")
    try:
        with urllib.request.urlopen(f"{base}/api/tags", timeout=PROBE_TIMEOUT_S) as response:
            listing = json.loads(response.read(1_000_000))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    names = chat_models(listing)
    if not names:
        return None
    wanted = [n for n in names if preferred and n in (preferred, f"{preferred}:latest")]
    chosen = wanted[0] if wanted else names[0]
    return LocalModel(name=chosen, base_url=f"{base}/v1")


def chat_models(listing: object) -> list[str]:
    """The names of the chat models in an /api/tags answer, in its order (embedding models left out)."""
    models = listing.get("models") if isinstance(listing, dict) else None
    names: list[str] = []
    for model in models if isinstance(models, list) else []:
        if not isinstance(model, dict) or not isinstance(model.get("name"), str):
            continue
        details = model.get("details")
        details = details if isinstance(details, dict) else {}
        families = [str(f) for f in (details.get("families") or [details.get("family") or ""])]
        words = " ".join([model["name"], *families]).lower()
        if not any(part in words for part in _NOT_CHAT):
            names.append(model["name"])
    return names
