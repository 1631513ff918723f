"""The held-out corpus of real texts (evals/real/) is well formed: every file fits the schema, with a source."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.real_corpus import CORPUS_DIR, check_file, load_corpus  # noqa: E402


def test_every_corpus_file_fits_the_schema() -> None:
    offenders: list[str] = []
    for path in sorted(CORPUS_DIR.rglob("*.yaml")):
        if path.parent.parent != CORPUS_DIR:
            offenders.append(f"{path}: must sit at evals/real/<kind>/<id>.yaml")
            continue
        offenders += check_file(path)[1]
    assert offenders == []


def test_at_least_40_texts_each_with_a_source() -> None:
    texts = load_corpus()
    assert len(texts) >= 40
    assert [t.id for t in texts if not t.source.startswith(("http://", "https://"))] == []
    assert len({t.id for t in texts}) == len(texts)
