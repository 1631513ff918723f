"""Loading the data files in prompts/: YAML validated by a pydantic schema, with messages anyone can act on."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from coach.errors import DataError

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"

M = TypeVar("M", bound=BaseModel)


def read_yaml(path: Path, schema: type[M]) -> M:
    """Parse `path` as YAML into `schema`; any problem becomes a DataError naming the file and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{path} is not valid YAML: {exc}".replace("\n", " ")) from exc
    try:
        return schema.model_validate(raw)
    except ValidationError as exc:
        # A misspelt key shows up twice (unknown key, missing field); the unknown key is the one to name.
        first = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise DataError(f"{path}: field '{where}': {first['msg']}{more}.") from exc


def file_hash(path: Path) -> str:
    """A short, stable content hash: travels with results and eval reports so a prompt change is visible."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
