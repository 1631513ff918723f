"""A disk cache for model answers (engine and judge), so re-running a live eval costs no requests.

One JSON file per entry, named by the SHA-256 of its key; written atomically, so concurrent runs and an
interrupted run never leave a half-written entry. Delete the directory to start afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

JSON = dict[str, object]


def cache_key(**parts: object) -> str:
    """SHA-256 of the parts as canonical JSON (sorted keys), so equal inputs give equal keys."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class DiskCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> JSON | None:
        try:
            value = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or unreadable: a miss, never an error
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: JSON) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False)
        os.replace(tmp, path)
