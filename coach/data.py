"""Loading the data files in prompts/: YAML validated by a pydantic schema, with messages anyone can act on.

prompts/ sits at the top of the repository and ships inside the wheel as the package `coach._prompts`
(setup.py), so the same importlib.resources lookup finds it in a wheel install and in an editable checkout.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from coach.errors import DataError

# libyaml's loader reads the 1,300-term glossary ~8x faster than the pure-Python one; fall back when absent.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)


@cache
def prompts_dir() -> Path:
    """The folder holding the shipped data files (a real directory: the package is never zipped)."""
    with as_file(files("coach._prompts")) as path:
        return Path(path)


def prompts_path(name: str) -> Path:
    """The path of one shipped data file, e.g. prompts_path("readers.yaml")."""
    return prompts_dir() / name


def load_yaml(text: str) -> object:
    """Parse YAML text with the fastest safe loader available."""
    return yaml.load(text, Loader=_LOADER)


def read_yaml(path: Path, schema: type[M]) -> M:
    """Parse `path` as YAML into `schema`; any problem becomes a DataError naming the file and the field."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except IsADirectoryError:
        raise DataError(f"{path} is a directory, not a YAML file.") from None
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not UTF-8 text: {exc.reason} at byte {exc.start}.") from exc
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


PROMPTS_DIR = prompts_dir()
"""The shipped data folder (prompts/ in a checkout, coach/_prompts in a wheel install)."""
