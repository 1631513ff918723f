"""The one error hierarchy. Every message says what happened and what to do about it.

| class         | raised when                                              | CLI exit |
|---------------|----------------------------------------------------------|----------|
| InputError    | the user's text or file is empty, too long, unreadable    | 2        |
| ConfigError   | settings are missing or contradictory (no endpoint, ...)  | 2        |
| DataError     | a data file (glossary, audiences, prompts, cases) is bad  | 2        |
| ModelError    | the model endpoint failed after every retry              | 3        |
| StoreError    | the history / outcome-log database cannot be used         | 3        |
"""

from __future__ import annotations

from typing import Literal

ModelErrorKind = Literal[
    "auth", "not_found", "rate_limited", "timeout", "refused", "invalid_output", "unreachable", "failed"
]


class CoachError(Exception):
    """Base of every error coach raises on purpose; its message is fit to show a user."""

    exit_code: int = 3


class InputError(CoachError):
    """The input cannot be used as given (empty, too long, not text)."""

    exit_code = 2


class ConfigError(CoachError):
    """Settings are missing or inconsistent."""

    exit_code = 2


class DataError(CoachError):
    """A data file (glossary, audiences, prompt, persona, eval case) does not match its schema."""

    exit_code = 2


class ModelError(CoachError):
    """The model endpoint failed, or kept answering invalid output, after every retry.

    `kind` says what failed, for code that reacts to it (the UI, the eval runner, a user's script); `status` is
    the HTTP status of the last answer when there was one.

    | kind           | when                                                          |
    |----------------|---------------------------------------------------------------|
    | auth           | 401/403: the key is missing, wrong or lacks access            |
    | not_found      | 404: no such model or route                                   |
    | rate_limited   | 429 after the transport retries                               |
    | timeout        | each attempt timed out, or the request's deadline passed      |
    | refused        | the model refused, or a content filter withheld the answer    |
    | invalid_output | the answer did not match the schema, re-ask included          |
    | unreachable    | no connection could be made                                   |
    | failed         | anything else (5xx after retries, a 4xx the request caused)   |
    """

    exit_code = 3

    def __init__(self, message: str, *, kind: ModelErrorKind = "failed", status: int | None = None) -> None:
        super().__init__(message)
        self.kind: ModelErrorKind = kind
        self.status = status


class StoreError(CoachError):
    """The database behind history and the outcome log cannot be read or written."""

    exit_code = 3
