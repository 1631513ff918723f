"""Settings, read once at the edge (CLI, UI, `Coach.from_settings`) and passed in.

Every value is checked here, so a typo in the environment is one clear line naming the variable (exit 2), not a
failure three retries deep. A blank value (`OPENAI_API_KEY=`, common in compose files) means "not set". Messages
never show a secret: the API key and COACH_AUTH are not echoed, URLs are shown with credentials masked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from platformdirs import user_data_dir
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from coach.errors import ConfigError
from coach.redact import mask_secrets, mask_url

EngineChoice = Literal["auto", "offline", "llm"]

MAX_WAIT_S = 3600.0
"""Upper bound on COACH_REQUEST_TIMEOUT and COACH_DEADLINE: an hour is already longer than anyone waits, and
far larger values overflow the timers underneath (threading, sockets)."""
MAX_INPUT_CHARS_CAP = 1_000_000
"""Upper bound on COACH_MAX_INPUT_CHARS, and so on what the CLI reads from one file or standard input."""

MAX_REDACT_NAMES = 2_000
"""Upper bound on COACH_REDACT_NAMES: a team's list, not a company directory."""

_SECRET_FIELDS = frozenset({"openai_api_key", "auth"})
"""Never shown in a message, not even masked."""
_URL_FIELDS = frozenset({"openai_base_url", "db_url"})
"""Shown with credentials masked (a database URL may carry a password too)."""
_HOST = re.compile(r"[A-Za-z0-9._%:\[\]-]+")
_SHOWN_CHARS = 80


def default_db_url() -> str:
    """A SQLite file in the user's data directory (created on first use)."""
    return f"sqlite:///{Path(user_data_dir('coach', appauthor=False)) / 'coach.db'}"


class Settings(BaseSettings):
    """Everything configurable, from the environment (or a .env file) with safe defaults."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    engine: EngineChoice = Field(default="auto", alias="COACH_ENGINE")
    """auto = the LLM engine when an endpoint or key is configured, otherwise the offline engine."""
    openai_api_key: str | None = Field(default=None, alias="OPENAI_API_KEY", repr=False)
    """Sent as an HTTP header, so printable ASCII only; surrounding whitespace is dropped."""
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    """An http:// or https:// URL with a host (e.g. http://127.0.0.1:11434/v1 for Ollama)."""
    model: str = Field(default="gpt-4o-mini", alias="COACH_MODEL")
    temperature: float = Field(default=0.2, ge=0.0, le=2.0, allow_inf_nan=False, alias="COACH_TEMPERATURE")
    request_timeout_s: float = Field(
        default=60.0, gt=0, le=MAX_WAIT_S, allow_inf_nan=False, alias="COACH_REQUEST_TIMEOUT"
    )
    """Per HTTP request to the model endpoint."""
    max_transport_retries: int = Field(default=2, ge=0, le=10, alias="COACH_MAX_RETRIES")
    """Retries the openai SDK makes itself on 429 / 5xx / timeouts / connection errors."""
    deadline_s: float = Field(default=120.0, gt=0, le=MAX_WAIT_S, allow_inf_nan=False, alias="COACH_DEADLINE")
    """Upper bound on one whole call, re-asks included."""
    max_input_chars: int = Field(default=20_000, ge=100, le=MAX_INPUT_CHARS_CAP, alias="COACH_MAX_INPUT_CHARS")
    db_url: str = Field(default_factory=default_db_url, alias="COACH_DB_URL")
    glossary_path: Path | None = Field(default=None, alias="COACH_GLOSSARY")
    """A team glossary (YAML, same format as prompts/glossary.yaml) whose entries override the built-in ones."""
    ollama_url: str = Field(default="http://127.0.0.1:11434", alias="COACH_OLLAMA_URL")
    """Where COACH_ENGINE=auto looks for a local Ollama when no key or endpoint is set; `off`: never look."""
    host: str = Field(default="127.0.0.1", alias="COACH_HOST")
    """Where `coach serve` listens; the default keeps the UI on this machine."""
    port: int = Field(default=7860, ge=1, le=65535, alias="COACH_PORT")
    """The port `coach serve` listens on (`--port` overrides it)."""
    auth: str | None = Field(default=None, alias="COACH_AUTH", repr=False)
    """`user:password` the web UI asks for; unset = no login (fine on 127.0.0.1, not on a shared host)."""
    cache: bool = Field(default=True, alias="COACH_CACHE")
    """on: an identical live request (same prompt version, model, temperature, input) is answered from the cache
    (in process, and on disk in COACH_CACHE_DIR) with no model call; off: every request asks the model."""
    cache_dir: Path | None = Field(default=None, alias="COACH_CACHE_DIR")
    """Where the answer cache is kept on disk (default: the user's cache directory)."""
    max_output_tokens: int = Field(default=4096, ge=64, le=200_000, alias="COACH_MAX_OUTPUT_TOKENS")
    """Upper bound on one model answer (`max_tokens`); a longer answer is an error, never accepted."""
    redact: bool = Field(default=False, alias="COACH_REDACT")
    """on: emails, phone numbers and COACH_REDACT_NAMES are replaced by placeholders before a model call and put
    back in the answer (coach/flow/redaction.py); the offline engine sends nothing anywhere and needs none."""
    redact_names: str | None = Field(default=None, alias="COACH_REDACT_NAMES")
    """The team's names to redact, separated by commas ("Alice Smith, Bob Jones"); each word of a full name is
    redacted on its own too. Kept as written; `redaction_names()` gives the list."""

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: Any) -> Any:
        # `OPENAI_API_KEY=` in a compose file or .env means "not set"; the default applies, as if it were absent.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @field_validator("openai_api_key")
    @classmethod
    def _api_key_fits_a_header(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if any(not "!" <= ch <= "~" for ch in value):
            # The value itself is never repeated: it is a secret, and the bad character may not even print.
            raise ValueError(
                "the key contains a character an HTTP header cannot carry (a space, a line break, or a "
                "non-ASCII character such as a curly quote); copy the key again"
            )
        return value

    @field_validator("openai_base_url")
    @classmethod
    def _http_url_with_host(cls, value: str | None) -> str | None:
        return None if value is None else check_endpoint_url(value)

    @field_validator("redact_names")
    @classmethod
    def _names_list(cls, value: str | None) -> str | None:
        return None if value is None else ", ".join(parse_names(value)) or None

    @field_validator("host")
    @classmethod
    def _host_shape(cls, value: str) -> str:
        value = value.strip()
        if "://" in value or "/" in value:
            raise ValueError("give a host name or address (127.0.0.1, 0.0.0.0, ::1), not a URL")
        if not _HOST.fullmatch(value):
            raise ValueError("give a host name or address such as 127.0.0.1, 0.0.0.0 or ::1")
        return value

    @field_validator("auth")
    @classmethod
    def _auth_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        user, colon, password = value.strip().partition(":")
        if not (colon and user and password) or any(not ch.isprintable() for ch in value.strip()):
            raise ValueError("use user:password, both non-empty, e.g. COACH_AUTH=alice:a-long-passphrase")
        return value.strip()

    @classmethod
    def load(cls, **overrides: object) -> Settings:
        """Settings from the environment; a malformed value is a ConfigError naming the variable, not a traceback.

        The message shows the rejected value (URLs with credentials masked, secrets not at all).
        """
        try:
            return cls(**overrides)  # type: ignore[arg-type]
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = str(first["loc"][0]) if first["loc"] else "?"
            by_alias = {f.alias: name for name, f in cls.model_fields.items() if f.alias}
            field = by_alias.get(field, field)
            name = cls.model_fields[field].alias if field in cls.model_fields else field
            message = first["msg"].removeprefix("Value error, ")
            raise ConfigError(f"Bad setting {name or field}: {message}{_shown(field, first.get('input'))}.") from None

    def resolved_engine(self) -> Literal["offline", "llm"]:
        """The engine `auto` stands for with these settings."""
        if self.engine == "auto":
            return "llm" if (self.openai_api_key or self.openai_base_url) else "offline"
        return self.engine

    def team_glossary(self) -> Path:
        """The team glossary file: COACH_GLOSSARY, else glossary.yaml in the data directory (used once it exists;
        the web UI's Glossary tab writes it)."""
        return self.glossary_path or Path(user_data_dir("coach", appauthor=False)) / "glossary.yaml"

    def redaction_names(self) -> tuple[str, ...]:
        """COACH_REDACT_NAMES as a list of names (empty when unset)."""
        return parse_names(self.redact_names) if self.redact_names else ()

    def auth_pair(self) -> tuple[str, str] | None:
        """COACH_AUTH as (user, password) for the web UI's login, or None when unset."""
        if self.auth is None:
            return None
        user, _, password = self.auth.partition(":")
        return user, password


def check_endpoint_url(value: str) -> str:
    """`value` stripped, if it is an http(s) URL with a host (and a valid port, if any); else ValueError whose
    message says what to write instead (and never repeats the value: it may hold credentials)."""
    url = value.strip()
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ValueError("the URL contains a space, a line break or a control character")
    example = "e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1"
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket
        raise ValueError(f"the host of the URL cannot be read, {example}") from None
    try:
        port = parts.port
    except ValueError:  # not a number, or over 65535
        raise ValueError("the port in the URL must be a number from 1 to 65535") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if "://" not in url:
            raise ValueError(f"the URL must start with http:// or https://, {example}")
        raise ValueError(f"only http:// and https:// endpoints are supported, not {scheme}://; {example}")
    if not parts.hostname:
        raise ValueError(f"the URL has no host, {example}")
    if port == 0:
        raise ValueError("the port in the URL must be a number from 1 to 65535")
    return url


def parse_names(value: str) -> tuple[str, ...]:
    """COACH_REDACT_NAMES as names: split on commas, semicolons or line breaks, blanks dropped, each once.

    ValueError (with the fix) for a name with no letter or with a control character, or too many names.
    """
    names = list(dict.fromkeys(n for n in (" ".join(p.split()) for p in re.split(r"[,;\n]", value)) if n))
    for name in names:
        if not any(ch.isalpha() for ch in name) or any(not ch.isprintable() for ch in name):
            raise ValueError(f"{name[:40]!r} is not a name; separate names with commas, e.g. 'Alice Smith, Bob'")
    if len(names) > MAX_REDACT_NAMES:
        raise ValueError(f"{len(names):,} names; the limit is {MAX_REDACT_NAMES:,}")
    return tuple(names)


def _shown(field: str, value: object) -> str:
    """' (got …)' for a rejected value, as much of it as is safe to print."""
    if field in _SECRET_FIELDS or value is None:
        return ""
    # A URL anywhere in the value (a list, a dict from an override) is masked as well.
    shown = mask_secrets(repr(mask_url(value) if field in _URL_FIELDS and isinstance(value, str) else value))
    return f" (got {shown if len(shown) <= _SHOWN_CHARS else shown[: _SHOWN_CHARS - 1] + '…'})"
