"""coach: say technical work so that executives, sales leaders and product managers understand and act."""

from coach.core import Coach
from coach.errors import CoachError, ConfigError, DataError, InputError, ModelError, StoreError
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
