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
    """The model endpoint failed, or kept answering invalid output, after every retry."""

    exit_code = 3


class StoreError(CoachError):
    """The database behind history and the outcome log cannot be read or written."""

    exit_code = 3
