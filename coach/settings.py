"""Settings, read once at the edge (CLI, UI, `Coach.from_settings`) and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from coach.errors import ConfigError

EngineChoice = Literal["auto", "offline", "llm"]


def default_db_url() -> str:
    """A SQLite file in the user's data directory (created on first use)."""
    return f"sqlite:///{Path(user_data_dir('coach', appauthor=False)) / 'coach.db'}"


class Settings(BaseSettings):
    """Everything configurable, from the environment (or a .env file) with safe defaults."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    engine: EngineChoice = Field(default="auto", alias="COACH_ENGINE")
    """auto = the LLM engine when an endpoint or key is configured, otherwise the offline engine."""
    openai_api_key: str | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    model: str = Field(default="gpt-4o-mini", alias="COACH_MODEL")
    temperature: float = Field(default=0.2, ge=0.0, le=2.0, alias="COACH_TEMPERATURE")
    request_timeout_s: float = Field(default=60.0, gt=0, alias="COACH_REQUEST_TIMEOUT")
    """Per HTTP request to the model endpoint."""
    max_transport_retries: int = Field(default=2, ge=0, le=10, alias="COACH_MAX_RETRIES")
    """Retries the openai SDK makes itself on 429 / 5xx / timeouts / connection errors."""
    deadline_s: float = Field(default=120.0, gt=0, alias="COACH_DEADLINE")
    """Upper bound on one whole call, re-asks included."""
    max_input_chars: int = Field(default=20_000, ge=100, alias="COACH_MAX_INPUT_CHARS")
    db_url: str = Field(default_factory=default_db_url, alias="COACH_DB_URL")
    glossary_path: Path | None = Field(default=None, alias="COACH_GLOSSARY")
    """A team glossary (YAML, same format as prompts/glossary.yaml) whose entries override the built-in ones."""

    @classmethod
    def load(cls, **overrides: object) -> Settings:
        """Settings from the environment; a malformed value is a ConfigError naming the variable, not a traceback."""
        try:
            return cls(**overrides)  # type: ignore[arg-type]
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "?"
            name = cls.model_fields[field].alias if field in cls.model_fields else field
            raise ConfigError(f"Bad setting {name or field}: {first['msg']} (got {first.get('input')!r}).") from None

    def resolved_engine(self) -> Literal["offline", "llm"]:
        """The engine `auto` stands for with these settings."""
        if self.engine == "auto":
            return "llm" if (self.openai_api_key or self.openai_base_url) else "offline"
        return self.engine
