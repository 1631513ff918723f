"""Caches for model answers: an identical live request is answered without a model call.

`AnswerCache` (used by the model seam for every feature): an in-process LRU in front of a `DiskCache`, keyed by
the model (class, name, endpoint, temperature), the output schema and the exact messages sent — so the prompt's
version and hash, the audience and the input are all in the key. Only validated answers are stored; errors never.
`DiskCache` (also the eval runner's): one JSON file per entry, named by the SHA-256 of its key, written
atomically, so concurrent runs and an interrupted run never leave a half-written entry. Delete the directory to
start afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
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


class AnswerCache:
    """An LRU of `size` answers in memory, backed by `disk` (None: memory only)."""

    def __init__(self, disk: DiskCache | None, size: int = 256) -> None:
        self.disk = disk
        self.size = size
        self._memory: OrderedDict[str, JSON] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> JSON | None:
        with self._lock:
            hit = self._memory.get(key)
            if hit is not None:
                self._memory.move_to_end(key)
                return hit
        value = self.disk.get(key) if self.disk is not None else None
        if value is not None:
            self._remember(key, value)
        return value

    def put(self, key: str, value: JSON) -> None:
        self._remember(key, value)
        if self.disk is not None:
            # A read-only or full disk costs a repeat call later, never this answer.
            with contextlib.suppress(OSError):
                self.disk.put(key, value)

    def _remember(self, key: str, value: JSON) -> None:
        with self._lock:
            self._memory[key] = value
            self._memory.move_to_end(key)
            while len(self._memory) > self.size:
                self._memory.popitem(last=False)


_caches: dict[Path | None, AnswerCache] = {}
_caches_lock = threading.Lock()


def answer_cache(directory: Path | None) -> AnswerCache:
    """The process's answer cache for `directory` (None: in memory only); one per directory."""
    with _caches_lock:
        cache = _caches.get(directory)
        if cache is None:
            cache = _caches[directory] = AnswerCache(DiskCache(directory) if directory is not None else None)
        return cache
