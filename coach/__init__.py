"""coach: say technical work so that executives, sales leaders and product managers understand and act."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.errors import CoachError, ConfigError, DataError, InputError, ModelError, StoreError

if TYPE_CHECKING:
    from coach.core import Coach
    from coach.settings import Settings

__all__ = [
    "Coach",
    "CoachError",
    "ConfigError",
    "DataError",
    "InputError",
    "ModelError",
    "Settings",
    "StoreError",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Imported on first use: `coach.analysis` and the CLI's light commands never pay for the whole library.
    if name == "Coach":
        from coach.core import Coach

        return Coach
    if name == "Settings":
        from coach.settings import Settings

        return Settings
    raise AttributeError(f"module 'coach' has no attribute {name!r}")
